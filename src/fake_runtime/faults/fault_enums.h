// File: fault_enums.h
// The closed vocabularies of fault rules — hops, readiness conditions, gRPC
// status codes — with the names used in YAML, the control API and
// `fakecri ctl fault list`, and the operations each hop knows. Effects are
// not a closed set: each registers itself (effects/effect_registry.h).
#ifndef FAKECRI_FAULTS_FAULT_ENUMS_H_
#define FAKECRI_FAULTS_FAULT_ENUMS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fakecri::faults {

// Where in the runtime a rule applies. Operations per hop:
//   cri         a CRI RPC as the CRI server receives it: "PullImage",
//               "CreateContainer", ... (RuntimeService and ImageService)
//   manager     a container-manager step; free-form names chosen by the
//               manager ("setup_network", "mount_rootfs", ...)
//   oci         an OCI runtime operation: create, start, kill, delete
//               (select the runtime with the handler selector)
//   image_pull  the registry fetch of a pull: pull (per-MiB latency)
//   process     a container's process: start (every start, restarts too)
//   events      the CRI event stream: send (every event sent)
//   runtime     the runtime itself: status (each time its status is
//               computed), tick (a timer the integrator fires when a rule's
//               time window opens)
enum class Hop : uint8_t {
  kCri,
  kManager,
  kOci,
  kImagePull,
  kProcess,
  kEvents,
  kRuntime,
};
inline constexpr size_t kHopCount = 7;

std::string_view HopName(Hop hop);
std::optional<Hop> ParseHop(std::string_view name);
// "cri, manager, oci, image_pull, process, events, runtime" for messages.
std::string_view HopNameList();

// The operations `hop` knows; empty for kManager, whose steps are free-form.
// At most kMaxKnownOperations per hop, so a set of them fits a bit mask.
std::span<const std::string_view> KnownOperations(Hop hop);
inline constexpr size_t kMaxKnownOperations = 64;
// The index of `operation` in KnownOperations(hop), or -1.
int OperationIndex(Hop hop, std::string_view operation);

// The runtime conditions of the CRI Status RPC.
enum class Condition : uint8_t { kRuntimeReady, kNetworkReady };
std::string_view ConditionName(Condition c);  // "RuntimeReady", ...
std::optional<Condition> ParseCondition(std::string_view name);

// "UNAVAILABLE", "DEADLINE_EXCEEDED", ... (gRPC's canonical spelling).
std::string_view StatusCodeName(absl::StatusCode code);
// Accepts the canonical name in any case, with or without underscores
// ("UNAVAILABLE", "Unavailable", "DeadlineExceeded", "deadline_exceeded")
// and the number ("14").
std::optional<absl::StatusCode> ParseStatusCode(std::string_view text);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_ENUMS_H_
