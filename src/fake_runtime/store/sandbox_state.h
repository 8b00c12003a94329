// File: sandbox_state.h
// The pod sandbox state machine, in one place.
//
//   RunPodSandbox          StopPodSandbox            RemovePodSandbox
//   ─────────────▶ READY ─────────────────▶ NOTREADY ─────────────────▶ (gone)
//                    │                        ▲  │ StopPodSandbox: no-op
//                    └──── RemovePodSandbox ──┼──┴──────────────────────▶
//                    (gone)
//                          (stops first)      │
//
// Every (state, operation) pair has a defined result; see SandboxTransition.
#ifndef FAKECRI_STORE_SANDBOX_STATE_H_
#define FAKECRI_STORE_SANDBOX_STATE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

enum class SandboxState { kReady, kNotReady };
// "SANDBOX_READY" / "SANDBOX_NOTREADY", as the CRI enum names them.
absl::string_view SandboxStateName(SandboxState s);

enum class SandboxOp {
  kStop,             // StopPodSandbox
  kRemove,           // RemovePodSandbox
  kStatus,           // PodSandboxStatus
  kCreateContainer,  // CreateContainer in this sandbox
  kStartContainer,   // StartContainer of a container in this sandbox
  kPortForward,      // PortForward
};
absl::string_view SandboxOpName(SandboxOp op);

// The state after `op`, or the error the RPC returns (state unchanged).
// kRemove yields the state the sandbox passes through before it is deleted
// (always NOTREADY).
absl::StatusOr<SandboxState> SandboxTransition(SandboxState s, SandboxOp op);

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_SANDBOX_STATE_H_
