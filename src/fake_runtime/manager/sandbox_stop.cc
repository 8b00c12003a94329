// StopPodSandbox: kill every live container (SIGKILL, exit 137), stop the
// pause task and release the pod's IP. Idempotent: stopping a stopped or
// unknown sandbox succeeds.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

void ContainerManager::KillContainer(Ctx c, ContainerRecord& ctr, int signal) {
  auto next = ContainerTransition(ctr.state, ContainerOp::kStop);
  if (!next.ok() || *next == ctr.state) return;
  auto sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
  OciRuntime* oci = HandlerFor(sb ? sb->runtime_handler : "");
  (void)oci->Signal(c.span, ctr.id, signal);
  if (ctr.userland != nullptr && ctr.userland->init_running()) {
    // PID 1 decides: it may handle the signal, ignore it (no handler in a
    // namespace's init), or die. Its exit lands in OnContainerExit.
    ctr.userland->Signal(1, signal);
    return;
  }
  if (signal != kSigKill && ctr.state == ContainerState::kRunning) return;
  // No process to ask (a task the runtime lost, a container in UNKNOWN
  // state): the kill ends it.
  OnContainerExit(ctr.id, 128 + signal);
}

void ContainerManager::StopSandboxLocked(Ctx c, SandboxRecord& sb) {
  for (const auto& cid : sb.container_ids) {
    auto ctr = containers_.ResolveOrNull(cid);
    if (ctr != nullptr) KillContainer(c, *ctr, kSigKill);
  }
  if (sb.state != SandboxState::kReady) return;
  OciRuntime* oci = HandlerFor(sb.runtime_handler);
  (void)oci->Kill(c.span, sb.id, kSigKill);
  if (!sb.ip.empty()) ips_.Release(sb.ip);
  (void)TransitionSandbox(c, sb, SandboxOp::kStop, "network torn down",
                          {v1::CONTAINER_STOPPED_EVENT}, [&] {
                            sb.ip.clear();
                            sb.stopped_at = clock_.Now();
                          });
}

absl::Status ContainerManager::StopPodSandbox(
    Ctx c, const v1::StopPodSandboxRequest& req, v1::StopPodSandboxResponse*) {
  ManagerLock l(this);
  auto sb = FindSandbox(req.pod_sandbox_id());
  if (sb.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!sb.ok()) return sb.status();
  StopSandboxLocked(c, **sb);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
