// File: container_state.h
// The container state machine, in one place.
//
//  CreateContainer     StartContainer          exit / StopContainer
//  ──────────────▶ CREATED ─────────────▶ RUNNING ─────────────────────▶ EXITED
//                    │                      │  ▲                          │
//                    │                      │  └─(fault: runtime lost)─▶
//                    UNKNOWN │   start failure      │ │
//                    └──────────────────────┼──────────▶ EXITED (128,
//                    StartError)
//                                           │
//  RemoveContainer works in every state (RUNNING/UNKNOWN are killed first).
//  StopContainer on CREATED or EXITED is an idempotent no-op.
//
// Every (state, operation) pair has a defined result; see ContainerTransition.
#ifndef FAKECRI_STORE_CONTAINER_STATE_H_
#define FAKECRI_STORE_CONTAINER_STATE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

enum class ContainerState { kCreated, kRunning, kExited, kUnknown };
// "CONTAINER_CREATED", ..., as the CRI enum names them.
absl::string_view ContainerStateName(ContainerState s);

enum class ContainerOp {
  kStart,            // StartContainer
  kStartFailed,      // the OCI runtime failed to start the task
  kStop,             // StopContainer
  kExit,             // the main process ended
  kRemove,           // RemoveContainer
  kStatus,           // ContainerStatus / ListContainers / stats
  kUpdateResources,  // UpdateContainerResources
  kReopenLog,        // ReopenContainerLog
  kExecSync,         // ExecSync / Exec / Attach
};
absl::string_view ContainerOpName(ContainerOp op);

// The state after `op`, or the error the RPC returns (state unchanged).
// kRemove yields the state the container passes through before it is
// deleted (EXITED).
absl::StatusOr<ContainerState> ContainerTransition(ContainerState s,
                                                   ContainerOp op);

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_CONTAINER_STATE_H_
