// PodSandboxStatus and ListPodSandbox.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/cri_enums.h"
#include "fake_runtime/manager/filters.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::PodSandboxStatus(
    Ctx, const v1::PodSandboxStatusRequest& req,
    v1::PodSandboxStatusResponse* resp) {
  ManagerLock l(this);
  auto sb = FindSandbox(req.pod_sandbox_id());
  if (!sb.ok()) return sb.status();
  FillSandboxStatus(**sb, resp->mutable_status());
  // Evented PLEG reads the containers from here (CRI-O fills them too).
  for (const auto& cid : (*sb)->container_ids) {
    auto ctr = containers_.ResolveOrNull(cid);
    if (ctr != nullptr)
      FillContainerStatus(*ctr, resp->add_containers_statuses());
  }
  resp->set_timestamp(clock_.Now());
  if (req.verbose()) (*resp->mutable_info())["info"] = SandboxInfoJson(**sb);
  return absl::OkStatus();
}

absl::Status ContainerManager::ListPodSandbox(
    Ctx, const v1::ListPodSandboxRequest& req,
    v1::ListPodSandboxResponse* resp) {
  ManagerLock l(this);
  const v1::PodSandboxFilter& f = req.filter();
  auto add = [&](const SandboxRecord& sb) {
    if (f.has_state() && f.state().state() != ToCri(sb.state)) {
      return;
    }
    if (!MatchesLabels(sb.config.labels(), f.label_selector())) return;
    auto* item = resp->add_items();
    item->set_id(sb.id);
    *item->mutable_metadata() = sb.config.metadata();
    item->set_state(ToCri(sb.state));
    item->set_created_at(sb.created_at);
    *item->mutable_labels() = sb.config.labels();
    *item->mutable_annotations() = sb.config.annotations();
    item->set_runtime_handler(sb.runtime_handler);
  };
  if (!f.id().empty()) {
    // A unique prefix selects one sandbox; anything else matches nothing.
    if (auto sb = sandboxes_.ResolveOrNull(f.id())) add(*sb);
    return absl::OkStatus();
  }
  for (const auto& [id, sb] : sandboxes_.items()) add(*sb);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
