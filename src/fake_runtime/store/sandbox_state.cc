#include "fake_runtime/store/sandbox_state.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

absl::string_view SandboxStateName(SandboxState s) {
  return s == SandboxState::kReady ? "SANDBOX_READY" : "SANDBOX_NOTREADY";
}

absl::string_view SandboxOpName(SandboxOp op) {
  switch (op) {
    case SandboxOp::kRun:
      return "RunPodSandbox";
    case SandboxOp::kStop:
      return "StopPodSandbox";
    case SandboxOp::kRemove:
      return "RemovePodSandbox";
    case SandboxOp::kStatus:
      return "PodSandboxStatus";
    case SandboxOp::kCreateContainer:
      return "CreateContainer";
    case SandboxOp::kStartContainer:
      return "StartContainer";
    case SandboxOp::kPortForward:
      return "PortForward";
  }
  return "?";
}

absl::StatusOr<SandboxState> SandboxTransition(
    std::optional<SandboxState> state, SandboxOp op) {
  // Running a sandbox is the one way in; everything else needs a sandbox.
  if (!state.has_value()) {
    if (op == SandboxOp::kRun) return SandboxState::kReady;
    return absl::NotFoundError("sandbox does not exist");
  }
  const SandboxState s = *state;
  switch (op) {
    case SandboxOp::kRun:
      return absl::AlreadyExistsError(
          absl::StrCat("sandbox already exists (", SandboxStateName(s), ")"));
    case SandboxOp::kStop:
    case SandboxOp::kRemove:
      return SandboxState::kNotReady;  // idempotent in both states
    case SandboxOp::kStatus:
      return s;
    case SandboxOp::kCreateContainer:
    case SandboxOp::kStartContainer:
    case SandboxOp::kPortForward:
      if (s != SandboxState::kReady) {
        // containerd: `sandbox container %q is not running` (Unknown).
        return absl::UnknownError("sandbox container is not running");
      }
      return s;
  }
  return absl::InternalError("unhandled sandbox operation");
}

}  // namespace fakecri::runtime
