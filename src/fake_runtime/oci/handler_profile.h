// File: handler_profile.h
// The low-level (OCI) runtimes a pod can select through RuntimeClass ->
// runtime_handler, as data: names, the shim they would use, features and
// their typical operation latencies.
#ifndef FAKECRI_OCI_HANDLER_PROFILE_H_
#define FAKECRI_OCI_HANDLER_PROFILE_H_

#include <string>
#include <vector>

#include "fake_runtime/clock/clock.h"

namespace fakecri::runtime {

struct HandlerProfile {
  std::string name;          // runtime_handler value: "runc", "runsc", "kata"
  std::string runtime_type;  // containerd shim: "io.containerd.runc.v2"
  std::string binary;        // what would be exec'd: "runc", "runsc", ...
  std::string description;   // one line for Status(verbose) and viewers
  // Typical time each OCI operation takes with this runtime. Reported only:
  // nothing waits for them yet. A latency fault on hop oci with a handler
  // selector makes a runtime slow (docs/faults.md).
  DurationNs create_latency = 0;
  DurationNs start_latency = 0;
  DurationNs kill_latency = 0;
  DurationNs delete_latency = 0;
  uint64_t memory_overhead_bytes = 0;  // per sandbox (a VM costs more)
  bool recursive_read_only_mounts = false;
  bool user_namespaces = false;
};

// runc (the default, also selected by ""), runsc (gVisor) and kata.
std::vector<HandlerProfile> BuiltInHandlerProfiles();

}  // namespace fakecri::runtime

#endif  // FAKECRI_OCI_HANDLER_PROFILE_H_
