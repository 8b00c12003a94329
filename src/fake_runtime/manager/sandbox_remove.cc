// RemovePodSandbox: stop it, remove each container, delete the pause task,
// release the name. Idempotent: an unknown id succeeds.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::RemovePodSandbox(
    Ctx c, const v1::RemovePodSandboxRequest& req,
    v1::RemovePodSandboxResponse*) {
  ManagerLock l(this);
  auto found = FindSandbox(req.pod_sandbox_id());
  if (found.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!found.ok()) return found.status();
  SandboxRecord& sb = **found;
  StopSandboxLocked(c, sb);
  // Copy: RemoveContainerLocked edits sb.container_ids.
  const std::vector<std::string> ids = sb.container_ids;
  for (const auto& cid : ids) {
    auto ctr = containers_.ResolveOrNull(cid);
    if (ctr != nullptr) RemoveContainerLocked(c, *ctr);
  }
  (void)HandlerFor(sb.runtime_handler)->Delete(c.span, sb.id);
  // containerd sends DELETED while the sandbox is still in its store, so the
  // event carries its (NOTREADY) status; the kubelet drops the pod on it.
  EmitCriEvent(sb.id, &sb, v1::CONTAINER_DELETED_EVENT);
  RecordTransition(c, "sandbox", sb.id, SandboxStateName(sb.state), "removed");
  sandbox_names_.Release(sb.name);
  sandboxes_.Erase(sb.id);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
