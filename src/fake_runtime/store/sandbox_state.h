// File: sandbox_state.h
// The pod sandbox state machine, in one place. The manager changes a
// sandbox's state only through ContainerManager::TransitionSandbox, which
// asks this machine first.
//
// clang-format off
//
//          RunPodSandbox           StopPodSandbox
//  (none) ────kRun────▶ READY ──────kStop──────▶ NOTREADY ◀─┐ StopPodSandbox
//                         │                         │  └─────┘ kStop: no-op
//                         │ RemovePodSandbox        │ RemovePodSandbox
//                         │ kRemove (stops first)   │ kRemove
//                         └──────────▶ (gone) ◀─────┘
//
// clang-format on
//
//  kStatus, kCreateContainer, kStartContainer and kPortForward never change
//  the state; the last three need a READY sandbox.
//
// Every (state, operation) pair has a defined result, "(none)" (the sandbox
// does not exist yet) included; see SandboxTransition.
#ifndef FAKECRI_STORE_SANDBOX_STATE_H_
#define FAKECRI_STORE_SANDBOX_STATE_H_

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

enum class SandboxState { kReady, kNotReady };
// "SANDBOX_READY" / "SANDBOX_NOTREADY", as the CRI enum names them.
absl::string_view SandboxStateName(SandboxState s);

enum class SandboxOp {
  kRun,              // RunPodSandbox: (none) -> READY
  kStop,             // StopPodSandbox
  kRemove,           // RemovePodSandbox
  kStatus,           // PodSandboxStatus
  kCreateContainer,  // CreateContainer in this sandbox
  kStartContainer,   // StartContainer of a container in this sandbox
  kPortForward,      // PortForward
};
absl::string_view SandboxOpName(SandboxOp op);

// The state after `op`, or the error the RPC returns (state unchanged).
// `s` is nullopt for a sandbox that does not exist yet: only kRun applies to
// it, and kRun applies to nothing else. kRemove yields the state the sandbox
// passes through before it is deleted (always NOTREADY).
absl::StatusOr<SandboxState> SandboxTransition(std::optional<SandboxState> s,
                                               SandboxOp op);

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_SANDBOX_STATE_H_
