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
  auto exit_status = oci->Kill(c.span, ctr.id, signal);
  // A task the OCI runtime lost still ends: report it as killed.
  int code = exit_status.ok() ? *exit_status : 128 + signal;
  const ContainerState from = ctr.state;
  ctr.state = *next;
  ctr.finished_at = clock_.Now();
  ctr.exit_code = code;
  ctr.reason = code == 0 ? "Completed" : "Error";
  RecordTransition(c, "container", ctr.id, ContainerStateName(from),
                   ContainerStateName(ctr.state),
                   absl::StrCat(SignalName(signal), ", exit code ", code));
  EmitCriEvent(ctr.id, sb, v1::CONTAINER_STOPPED_EVENT);
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
  sb.ip.clear();
  sb.state = SandboxState::kNotReady;
  sb.stopped_at = clock_.Now();
  RecordTransition(c, "sandbox", sb.id, SandboxStateName(SandboxState::kReady),
                   SandboxStateName(sb.state), "network torn down");
  EmitCriEvent(sb.id, &sb, v1::CONTAINER_STOPPED_EVENT);
}

absl::Status ContainerManager::StopPodSandbox(
    Ctx c, const v1::StopPodSandboxRequest& req, v1::StopPodSandboxResponse*) {
  fakecri::MutexLock l(&mu_);
  auto sb = FindSandbox(req.pod_sandbox_id());
  if (sb.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!sb.ok()) return sb.status();
  StopSandboxLocked(c, **sb);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
