// ContainerStatus and ListContainers.
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/filters.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

v1::ContainerState ToCri(ContainerState s) {
  switch (s) {
    case ContainerState::kCreated:
      return v1::CONTAINER_CREATED;
    case ContainerState::kRunning:
      return v1::CONTAINER_RUNNING;
    case ContainerState::kExited:
      return v1::CONTAINER_EXITED;
    case ContainerState::kUnknown:
      return v1::CONTAINER_UNKNOWN;
  }
  return v1::CONTAINER_UNKNOWN;
}

}  // namespace

absl::Status ContainerManager::ContainerStatus(
    Ctx, const v1::ContainerStatusRequest& req,
    v1::ContainerStatusResponse* resp) {
  fakecri::MutexLock l(&mu_);
  auto ctr = FindContainer(req.container_id());
  if (!ctr.ok()) return ctr.status();
  FillContainerStatus(**ctr, resp->mutable_status());
  if (req.verbose()) (*resp->mutable_info())["info"] = ContainerInfoJson(**ctr);
  return absl::OkStatus();
}

absl::Status ContainerManager::ListContainers(
    Ctx, const v1::ListContainersRequest& req,
    v1::ListContainersResponse* resp) {
  fakecri::MutexLock l(&mu_);
  const v1::ContainerFilter& f = req.filter();
  // Prefixes are resolved first; a prefix that names nothing (or several)
  // still filters, so the result is empty rather than an error.
  std::string sandbox_id = f.pod_sandbox_id();
  if (!sandbox_id.empty()) {
    if (auto sb = sandboxes_.ResolveOrNull(sandbox_id)) sandbox_id = sb->id;
  }
  auto add = [&](const ContainerRecord& ctr) {
    if (!sandbox_id.empty() && ctr.sandbox_id != sandbox_id) return;
    if (f.has_state() && f.state().state() != ToCri(ctr.state)) return;
    if (!MatchesLabels(ctr.config.labels(), f.label_selector())) return;
    auto* item = resp->add_containers();
    item->set_id(ctr.id);
    item->set_pod_sandbox_id(ctr.sandbox_id);
    *item->mutable_metadata() = ctr.config.metadata();
    *item->mutable_image() = ctr.config.image();
    item->set_image_ref(ctr.image_id);
    item->set_image_id(ctr.image_id);
    item->set_state(ToCri(ctr.state));
    item->set_created_at(ctr.created_at);
    *item->mutable_labels() = ctr.config.labels();
    *item->mutable_annotations() = ctr.config.annotations();
  };
  if (!f.id().empty()) {
    if (auto ctr = containers_.ResolveOrNull(f.id())) add(*ctr);
    return absl::OkStatus();
  }
  for (const auto& [id, ctr] : containers_.items()) add(*ctr);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
