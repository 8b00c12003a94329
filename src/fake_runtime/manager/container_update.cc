// UpdateContainerResources, UpdatePodSandboxResources and ReopenContainerLog.
#include "absl/strings/str_cat.h"
#include "fake_runtime/logs/host_file.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::UpdateContainerResources(
    Ctx c, const v1::UpdateContainerResourcesRequest& req,
    v1::UpdateContainerResourcesResponse*) {
  ManagerLock l(this);
  auto found =
      FindContainerFor(req.container_id(), ContainerOp::kUpdateResources);
  if (!found.ok()) return found.status();
  ContainerRecord& ctr = **found;
  if (req.has_linux()) {
    if (req.linux().memory_limit_in_bytes() < 0 ||
        req.linux().cpu_quota() < -1 || req.linux().cpu_shares() < 0 ||
        req.linux().cpu_period() < 0) {
      return absl::InvalidArgumentError("resource values must not be negative");
    }
    v1::ContainerConfig cfg = ctr.config.Get();
    *cfg.mutable_linux()->mutable_resources() = req.linux();
    ctr.config.Set(cfg);
    if (ctr.userland != nullptr) {
      const int64_t limit = req.linux().memory_limit_in_bytes();
      ctr.userland->SetMemoryLimit(limit > 0 ? static_cast<uint64_t>(limit)
                                             : 0);
    }
  }
  RecordTransition(c, "container", ctr.id, ContainerStateName(ctr.state),
                   ContainerStateName(ctr.state), "resources updated");
  return absl::OkStatus();
}

absl::Status ContainerManager::UpdatePodSandboxResources(
    Ctx c, const v1::UpdatePodSandboxResourcesRequest& req,
    v1::UpdatePodSandboxResourcesResponse*) {
  ManagerLock l(this);
  auto found = FindSandbox(req.pod_sandbox_id());
  if (!found.ok()) return found.status();
  SandboxRecord& sb = **found;
  if (req.has_overhead())
    *sb.config.mutable_linux()->mutable_overhead() = req.overhead();
  if (req.has_resources())
    *sb.config.mutable_linux()->mutable_resources() = req.resources();
  RecordTransition(c, "sandbox", sb.id, SandboxStateName(sb.state),
                   SandboxStateName(sb.state), "resources updated");
  return absl::OkStatus();
}

absl::Status ContainerManager::ReopenContainerLog(
    Ctx c, const v1::ReopenContainerLogRequest& req,
    v1::ReopenContainerLogResponse*) {
  ManagerLock l(this);
  // Not running -> error, and no file may be created (CRI contract).
  auto found = FindContainerFor(req.container_id(), ContainerOp::kReopenLog);
  if (!found.ok()) return found.status();
  ContainerRecord& ctr = **found;
  if (ctr.log_path.empty()) return absl::OkStatus();
  // The kubelet renamed the old file away: later lines go to a new file at
  // the same path, created now (critest checks it exists at once).
  if (ctr.log != nullptr) {
    ctr.log->Reopen();
    log_sink_.Sync();
  }
  if (absl::Status st = logs::CreateLogFile(options_.log_root, ctr.log_path);
      !st.ok()) {
    return st;
  }
  RecordTransition(c, "container", ctr.id, ContainerStateName(ctr.state),
                   ContainerStateName(ctr.state), "log reopened");
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
