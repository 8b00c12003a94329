// ContainerStatus and ListContainers.
#include <algorithm>
#include <memory>

#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/cri_enums.h"
#include "fake_runtime/manager/filters.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

// Index key for one label: NUL cannot occur in a key, so pairs never clash.
std::string LabelKey(absl::string_view key, absl::string_view value) {
  std::string out;
  out.reserve(key.size() + 1 + value.size());
  out.append(key.data(), key.size());
  out.push_back('\0');
  out.append(value.data(), value.size());
  return out;
}

}  // namespace

void ContainerManager::IndexContainerLabels(ContainerRecord* ctr,
                                            const StringMap& labels) {
  for (const auto& [k, v] : labels) {
    containers_by_label_[LabelKey(k, v)].insert(ctr);
  }
}

void ContainerManager::UnindexContainerLabels(ContainerRecord* ctr) {
  const v1::ContainerConfig cfg = ctr->config.Get();
  for (const auto& [k, v] : cfg.labels()) {
    auto it = containers_by_label_.find(LabelKey(k, v));
    if (it == containers_by_label_.end()) continue;
    it->second.erase(ctr);
    if (it->second.empty()) containers_by_label_.erase(it);
  }
}

absl::Status ContainerManager::ContainerStatus(
    Ctx, const v1::ContainerStatusRequest& req,
    v1::ContainerStatusResponse* resp) {
  ManagerLock l(this);
  auto ctr = FindContainer(req.container_id());
  if (!ctr.ok()) return ctr.status();
  FillContainerStatus(**ctr, resp->mutable_status());
  if (req.verbose()) (*resp->mutable_info())["info"] = ContainerInfoJson(**ctr);
  return absl::OkStatus();
}

absl::Status ContainerManager::ListContainers(
    Ctx, const v1::ListContainersRequest& req,
    v1::ListContainersResponse* resp) {
  ManagerLock l(this);
  const v1::ContainerFilter& f = req.filter();
  // Prefixes are resolved first; a prefix that names nothing (or several)
  // still filters, so the result is empty rather than an error.
  std::string sandbox_id = f.pod_sandbox_id();
  if (!sandbox_id.empty()) {
    if (auto sb = sandboxes_.ResolveOrNull(sandbox_id)) sandbox_id = sb->id;
  }
  // The config is parsed where the answer lives (gRPC puts the list
  // answers on an arena, arena_messages.h), so moving its parts into the
  // answer swaps pointers instead of copying.
  google::protobuf::Arena* arena = resp->GetArena();
  std::unique_ptr<v1::ContainerConfig> heap_cfg;
  v1::ContainerConfig* cfg_ptr =
      google::protobuf::Arena::CreateMessage<v1::ContainerConfig>(arena);
  if (arena == nullptr) heap_cfg.reset(cfg_ptr);
  auto add = [&](const ContainerRecord& ctr) {
    if (!sandbox_id.empty() && ctr.sandbox_id != sandbox_id) return;
    if (f.has_state() && f.state().state() != ToCri(ctr.state)) return;
    v1::ContainerConfig& cfg = *cfg_ptr;
    ctr.config.ParseInto(&cfg);
    if (!MatchesLabels(cfg.labels(), f.label_selector())) return;
    auto* item = resp->add_containers();
    item->set_id(ctr.id);
    item->set_pod_sandbox_id(ctr.sandbox_id);
    item->mutable_metadata()->Swap(cfg.mutable_metadata());
    item->mutable_image()->Swap(cfg.mutable_image());
    item->set_image_ref(ctr.image_id);
    item->set_image_id(ctr.image_id);
    item->set_state(ToCri(ctr.state));
    item->set_created_at(ctr.created_at);
    item->mutable_labels()->swap(*cfg.mutable_labels());
    item->mutable_annotations()->swap(*cfg.mutable_annotations());
  };
  if (!f.id().empty()) {
    if (auto ctr = containers_.ResolveOrNull(f.id())) add(*ctr);
    return absl::OkStatus();
  }
  // Narrow the candidates before filtering: a sandbox filter to that
  // sandbox's containers (a container's sandbox always exists, so an id
  // that resolves to none matches nothing), a label selector to its most
  // selective term. Only an unfiltered or state-only list scans everything.
  std::vector<const ContainerRecord*> candidates;
  if (!f.pod_sandbox_id().empty()) {
    const SandboxRecord* sb = sandboxes_.ResolveOrNull(sandbox_id);
    if (sb == nullptr) return absl::OkStatus();
    for (const auto& cid : sb->container_ids) {
      if (auto ctr = containers_.ResolveOrNull(cid)) candidates.push_back(ctr);
    }
  } else if (!f.label_selector().empty()) {
    const absl::flat_hash_set<ContainerRecord*>* best = nullptr;
    for (const auto& [k, v] : f.label_selector()) {
      auto it = containers_by_label_.find(LabelKey(k, v));
      if (it == containers_by_label_.end()) return absl::OkStatus();
      if (best == nullptr || it->second.size() < best->size()) {
        best = &it->second;
      }
    }
    candidates.assign(best->begin(), best->end());
  } else {
    for (const auto& [id, ctr] : containers_.items()) add(*ctr);
    return absl::OkStatus();
  }
  // The same order as the full scan: by id.
  std::sort(candidates.begin(), candidates.end(),
            [](const ContainerRecord* a, const ContainerRecord* b) {
              return a->id < b->id;
            });
  for (const ContainerRecord* ctr : candidates) add(*ctr);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
