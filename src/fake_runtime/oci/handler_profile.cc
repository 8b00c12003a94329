#include "fake_runtime/oci/handler_profile.h"

namespace fakecri::runtime {

std::vector<HandlerProfile> BuiltInHandlerProfiles() {
  // Latencies are the order of magnitude each runtime shows on a small node:
  // runc forks a process; runsc starts a user-space kernel (Sentry) first;
  // kata boots a lightweight VM per pod.
  return {
      {.name = "runc",
       .runtime_type = "io.containerd.runc.v2",
       .binary = "runc",
       .description = "runc: Linux namespaces and cgroups (the default)",
       .create_latency = 40 * kMillisecond,
       .start_latency = 20 * kMillisecond,
       .kill_latency = 5 * kMillisecond,
       .delete_latency = 10 * kMillisecond,
       .memory_overhead_bytes = 0,
       .recursive_read_only_mounts = true,
       .user_namespaces = true},
      {.name = "runsc",
       .runtime_type = "io.containerd.runsc.v1",
       .binary = "runsc",
       .description = "gVisor: a user-space kernel intercepts system calls",
       .create_latency = 150 * kMillisecond,
       .start_latency = 80 * kMillisecond,
       .kill_latency = 10 * kMillisecond,
       .delete_latency = 30 * kMillisecond,
       .memory_overhead_bytes = 30ull << 20,
       .recursive_read_only_mounts = false,
       .user_namespaces = false},
      {.name = "kata",
       .runtime_type = "io.containerd.kata.v2",
       .binary = "containerd-shim-kata-v2",
       .description = "Kata Containers: each pod in a lightweight VM",
       .create_latency = 600 * kMillisecond,
       .start_latency = 120 * kMillisecond,
       .kill_latency = 20 * kMillisecond,
       .delete_latency = 150 * kMillisecond,
       .memory_overhead_bytes = 160ull << 20,
       .recursive_read_only_mounts = false,
       .user_namespaces = false},
  };
}

}  // namespace fakecri::runtime
