// File: container_state.h
// The container state machine, in one place. The manager changes a
// container's state only through ContainerManager::TransitionContainer, which
// asks this machine first.
//
// clang-format off
//
//           CreateContainer             StartContainer
//  (none) ─────kCreate─────▶ CREATED ─────kStart─────▶ RUNNING
//                              │                        │    │
//                start failure │            exit / Stop │    │ runtime lost
//                kStartFailed  │          kExit / kStop │    │ kRuntimeLost
//            (128, StartError) │                        │    ▼
//                              │                        │  UNKNOWN
//                              │                        │    │ exit / Stop
//                              ▼                        ▼    │ kExit / kStop
//                            EXITED ◀───────────────────┴────┘
//
// clang-format on
//
//  RemoveContainer (kRemove) works in every state: RUNNING and UNKNOWN are
//  killed first, so the container passes through EXITED before it is gone.
//  StopContainer on CREATED or EXITED is an idempotent no-op.
//  kStatus, kUpdateResources, kReopenLog and kExecSync never change the
//  state; the machine only says whether the call is allowed.
//
// Every (state, operation) pair has a defined result, "(none)" (the
// container does not exist yet) included; see ContainerTransition.
#ifndef FAKECRI_STORE_CONTAINER_STATE_H_
#define FAKECRI_STORE_CONTAINER_STATE_H_

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

enum class ContainerState { kCreated, kRunning, kExited, kUnknown };
// "CONTAINER_CREATED", ..., as the CRI enum names them.
absl::string_view ContainerStateName(ContainerState s);

enum class ContainerOp {
  kCreate,           // CreateContainer: (none) -> CREATED
  kStart,            // StartContainer
  kStartFailed,      // the OCI runtime failed to start the task
  kStop,             // StopContainer
  kExit,             // the main process ended
  kRemove,           // RemoveContainer
  kStatus,           // ContainerStatus / ListContainers / stats
  kUpdateResources,  // UpdateContainerResources
  kReopenLog,        // ReopenContainerLog
  kExecSync,         // ExecSync / Exec / Attach
  kRuntimeLost,      // the runtime restarted and lost the task (fault)
};
absl::string_view ContainerOpName(ContainerOp op);

// The state after `op`, or the error the RPC returns (state unchanged).
// `s` is nullopt for a container that does not exist yet: only kCreate
// applies to it, and kCreate applies to nothing else. kRemove yields the
// state the container passes through before it is deleted (EXITED).
absl::StatusOr<ContainerState> ContainerTransition(
    std::optional<ContainerState> s, ContainerOp op);

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_CONTAINER_STATE_H_
