// StopContainer and RemoveContainer, both idempotent.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::StopContainer(
    Ctx c, const v1::StopContainerRequest& req, v1::StopContainerResponse*) {
  if (req.container_id().empty()) {
    return absl::InvalidArgumentError("container id must not be empty");
  }
  if (req.timeout() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("timeout must not be negative (got ", req.timeout(), ")"));
  }
  fakecri::MutexLock l(&mu_);
  auto found = FindContainer(req.container_id());
  if (found.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!found.ok()) return found.status();
  ContainerRecord& ctr = **found;
  if (ctr.state != ContainerState::kRunning &&
      ctr.state != ContainerState::kUnknown) {
    return absl::OkStatus();  // nothing to stop
  }
  // timeout 0 means kill at once. Otherwise the stop signal (config, then
  // image STOPSIGNAL, then SIGTERM) is delivered; until processes are
  // simulated, the task has no handler and dies from it.
  int signal = kSigKill;
  if (req.timeout() > 0) {
    signal = SignalNumber(ctr.config.stop_signal());
    if (signal == 0) signal = SignalNumber(ctr.image_stop_signal);
    if (signal == 0) signal = kSigTerm;
  }
  KillContainer(c, ctr, signal);
  return absl::OkStatus();
}

void ContainerManager::RemoveContainerLocked(Ctx c, ContainerRecord& ctr) {
  KillContainer(c, ctr, kSigKill);  // no-op unless RUNNING/UNKNOWN
  SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
  (void)HandlerFor(sb ? sb->runtime_handler : "")->Delete(c.span, ctr.id);
  const std::string id = ctr.id;
  const ContainerState last = ctr.state;
  container_names_.Release(ctr.name);
  if (sb != nullptr) std::erase(sb->container_ids, id);
  UnindexContainerLabels(&ctr);
  containers_.Erase(id);
  RecordTransition(c, "container", id, ContainerStateName(last), "removed");
  // containerd deletes the container before announcing it: the event's
  // container list no longer includes it.
  EmitCriEvent(id, sb, v1::CONTAINER_DELETED_EVENT);
}

absl::Status ContainerManager::RemoveContainer(
    Ctx c, const v1::RemoveContainerRequest& req,
    v1::RemoveContainerResponse*) {
  fakecri::MutexLock l(&mu_);
  auto found = FindContainer(req.container_id());
  if (found.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!found.ok()) return found.status();
  RemoveContainerLocked(c, **found);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
