// File: cri_enums.h
// Internal state enums -> the CRI's enum values, in one place.
#ifndef FAKECRI_MANAGER_CRI_ENUMS_H_
#define FAKECRI_MANAGER_CRI_ENUMS_H_

#include "fake_runtime/cri/api.h"
#include "fake_runtime/store/container_state.h"
#include "fake_runtime/store/sandbox_state.h"

namespace fakecri::runtime {

inline ::runtime::v1::ContainerState ToCri(ContainerState s) {
  switch (s) {
    case ContainerState::kCreated:
      return ::runtime::v1::CONTAINER_CREATED;
    case ContainerState::kRunning:
      return ::runtime::v1::CONTAINER_RUNNING;
    case ContainerState::kExited:
      return ::runtime::v1::CONTAINER_EXITED;
    case ContainerState::kUnknown:
      return ::runtime::v1::CONTAINER_UNKNOWN;
  }
  return ::runtime::v1::CONTAINER_UNKNOWN;
}

inline ::runtime::v1::PodSandboxState ToCri(SandboxState s) {
  return s == SandboxState::kReady ? ::runtime::v1::SANDBOX_READY
                                   : ::runtime::v1::SANDBOX_NOTREADY;
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_CRI_ENUMS_H_
