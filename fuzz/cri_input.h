// File: cri_input.h
// The byte format cri_manager_fuzzer reads, shared with the seed generator
// (corpus_gen.cc) so seeds and harness agree on it.
//
// An input is a sequence of calls, each a 5-byte header then the request:
//   [rpc] [target] [advance] [len lo] [len hi] [len bytes: the request]
// rpc     selects the RPC (modulo kCount), so any byte means something;
// target  bit 7 set: ids in the request are used as the fuzzer wrote them;
//         clear: the harness replaces every container / sandbox id field
//         with an object it created (bits 0-2 pick which, bits 3-4 whether
//         the whole id or a prefix), so lifecycles get past "not found";
// advance the virtual clock moves advance * 10 ms before the call.
// A length past the end takes what is left; at most kMaxCalls calls.
#ifndef FAKECRI_FUZZ_CRI_INPUT_H_
#define FAKECRI_FUZZ_CRI_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fakecri::fuzz {

// Append only: seeds in fuzz/corpus/ name RPCs by these numbers.
enum class CriRpc : uint8_t {
  kVersion,
  kRunPodSandbox,
  kStopPodSandbox,
  kRemovePodSandbox,
  kPodSandboxStatus,
  kListPodSandbox,
  kCreateContainer,
  kStartContainer,
  kStopContainer,
  kRemoveContainer,
  kListContainers,
  kContainerStatus,
  kUpdateContainerResources,
  kReopenContainerLog,
  kExecSync,
  kExec,
  kAttach,
  kPortForward,
  kContainerStats,
  kListContainerStats,
  kPodSandboxStats,
  kListPodSandboxStats,
  kUpdateRuntimeConfig,
  kStatus,
  kCheckpointContainer,
  kListMetricDescriptors,
  kListPodSandboxMetrics,
  kRuntimeConfig,
  kUpdatePodSandboxResources,
  kListImages,
  kImageStatus,
  kPullImage,
  kRemoveImage,
  kImageFsInfo,
  // Not a CRI call: a fakecri.v1.FaultRule added to the fault engine (as
  // the control API's AddFault does), so later calls meet injected faults.
  kAddFaultRule,
  kCount,
};

inline constexpr size_t kMaxCalls = 32;
inline constexpr uint8_t kRawIds = 0x80;

struct CriCall {
  CriRpc rpc = CriRpc::kVersion;
  uint8_t target = 0;
  uint8_t advance = 0;
  std::string_view request;  // serialized request message
};

std::vector<CriCall> DecodeCalls(const uint8_t* data, size_t size);

// Appends one call in the format above (request at most 65535 bytes).
void EncodeCall(CriRpc rpc, uint8_t target, uint8_t advance,
                std::string_view request, std::string* out);

}  // namespace fakecri::fuzz

#endif  // FAKECRI_FUZZ_CRI_INPUT_H_
