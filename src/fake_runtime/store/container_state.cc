#include "fake_runtime/store/container_state.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {
namespace {

// containerd's wording for an operation refused in the wrong state.
absl::Status WrongState(ContainerState s) {
  return absl::UnknownError(
      absl::StrCat("container is in ", ContainerStateName(s), " state"));
}

}  // namespace

absl::string_view ContainerStateName(ContainerState s) {
  switch (s) {
    case ContainerState::kCreated:
      return "CONTAINER_CREATED";
    case ContainerState::kRunning:
      return "CONTAINER_RUNNING";
    case ContainerState::kExited:
      return "CONTAINER_EXITED";
    case ContainerState::kUnknown:
      return "CONTAINER_UNKNOWN";
  }
  return "?";
}

absl::string_view ContainerOpName(ContainerOp op) {
  switch (op) {
    case ContainerOp::kCreate:
      return "CreateContainer";
    case ContainerOp::kStart:
      return "StartContainer";
    case ContainerOp::kStartFailed:
      return "StartFailed";
    case ContainerOp::kStop:
      return "StopContainer";
    case ContainerOp::kExit:
      return "Exit";
    case ContainerOp::kRemove:
      return "RemoveContainer";
    case ContainerOp::kStatus:
      return "ContainerStatus";
    case ContainerOp::kUpdateResources:
      return "UpdateContainerResources";
    case ContainerOp::kReopenLog:
      return "ReopenContainerLog";
    case ContainerOp::kExecSync:
      return "ExecSync";
    case ContainerOp::kRuntimeLost:
      return "RuntimeLost";
  }
  return "?";
}

absl::StatusOr<ContainerState> ContainerTransition(
    std::optional<ContainerState> state, ContainerOp op) {
  using S = ContainerState;
  // Creation is the one way in; everything else needs a container.
  if (!state.has_value()) {
    if (op == ContainerOp::kCreate) return S::kCreated;
    return absl::NotFoundError("container does not exist");
  }
  const S s = *state;
  switch (op) {
    case ContainerOp::kCreate:
      return absl::AlreadyExistsError(absl::StrCat("container already exists (",
                                                   ContainerStateName(s), ")"));
    case ContainerOp::kStart:
      if (s != S::kCreated) return WrongState(s);
      return S::kRunning;
    case ContainerOp::kStartFailed:
      if (s != S::kCreated) return WrongState(s);
      return S::kExited;
    case ContainerOp::kStop:
      // Only a live (or lost) task has something to stop; otherwise no-op.
      return (s == S::kRunning || s == S::kUnknown) ? S::kExited : s;
    case ContainerOp::kExit:
      if (s != S::kRunning && s != S::kUnknown) return WrongState(s);
      return S::kExited;
    case ContainerOp::kRemove:
      return S::kExited;
    case ContainerOp::kStatus:
      return s;
    case ContainerOp::kUpdateResources:
      if (s != S::kCreated && s != S::kRunning) return WrongState(s);
      return s;
    case ContainerOp::kReopenLog:
      if (s != S::kRunning)
        return absl::UnknownError("container is not running");
      return s;
    case ContainerOp::kExecSync:
      if (s != S::kRunning) return WrongState(s);
      return s;
    case ContainerOp::kRuntimeLost:
      // Only a live task can be lost; a created or exited container has
      // none, and an UNKNOWN one was lost already.
      if (s != S::kRunning) return WrongState(s);
      return S::kUnknown;
  }
  return absl::InternalError("unhandled container operation");
}

}  // namespace fakecri::runtime
