// File: kubelet_floor.h
// The floor kubelet_bench is measured against: the same number of CRI
// calls, of the same sizes, through gRPC's in-process channel to a server
// that does no work at all (its answers are prebuilt; gRPC only serializes
// them), issued one at a time with the callback API and awaited, as the
// simulated kubelet issues them. What is left is gRPC's own cost: call
// set-up, the thread hand-offs of the callback API, serializing and
// parsing the messages, freeing them.
#ifndef FAKECRI_BENCH_KUBELET_FLOOR_H_
#define FAKECRI_BENCH_KUBELET_FLOOR_H_

#include <cstdint>

#include "fakecri/cri.h"

namespace fakecri::bench {

struct FloorCalls {
  // Answers captured from the real run (the unfiltered relist of a
  // steady node) and how many of each to make.
  ::runtime::v1::ListPodSandboxResponse sandboxes;
  ::runtime::v1::ListContainersResponse containers;
  uint64_t relists = 0;      // one ListPodSandbox + one ListContainers each
  uint64_t small_calls = 0;  // every other call, as an ExecSync
  ::runtime::v1::ExecSyncRequest exec_request;
  ::runtime::v1::ExecSyncResponse exec_response;
};

struct FloorResult {
  double wall_seconds = 0;
  double cpu_seconds = 0;
  uint64_t calls = 0;
  bool ok = false;
};

FloorResult RunFloor(const FloorCalls& calls);

}  // namespace fakecri::bench

#endif  // FAKECRI_BENCH_KUBELET_FLOOR_H_
