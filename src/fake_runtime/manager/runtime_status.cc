// Version, Status, RuntimeConfig and UpdateRuntimeConfig.
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fake_runtime/faults/fault_outcome.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::Version(Ctx, const v1::VersionRequest&,
                                       v1::VersionResponse* resp) {
  resp->set_version("0.1.0");  // the kubelet's API version of the CRI
  resp->set_runtime_name(options_.runtime_name);
  resp->set_runtime_version(options_.runtime_version);
  resp->set_runtime_api_version("v1");
  return absl::OkStatus();
}

absl::Status ContainerManager::Status(Ctx, const v1::StatusRequest& req,
                                      v1::StatusResponse* resp) {
  auto* st = resp->mutable_status();
  auto* rt = st->add_conditions();
  rt->set_type("RuntimeReady");
  rt->set_status(true);
  auto* net = st->add_conditions();
  net->set_type("NetworkReady");
  net->set_status(true);
  ApplyConditionFaults(rt, net);
  // "" names the default handler (runc); containerd lists it first.
  auto add_handler = [&](const std::string& name, const HandlerProfile& p) {
    auto* h = resp->add_runtime_handlers();
    h->set_name(name);
    h->mutable_features()->set_recursive_read_only_mounts(
        p.recursive_read_only_mounts);
    h->mutable_features()->set_user_namespaces(p.user_namespaces);
  };
  add_handler("", handlers_.at("runc").oci->profile());
  for (const auto& [name, h] : handlers_) add_handler(name, h.oci->profile());
  resp->mutable_features()->set_supplemental_groups_policy(true);
  resp->mutable_features()->set_user_namespaces_host_network(false);
  if (req.verbose()) {
    nlohmann::json cfg;
    {
      ManagerLock l(this);
      cfg["podCIDR"] = pod_cidr_;
    }
    cfg["sandboxImage"] = options_.sandbox_image;
    cfg["cgroupDriver"] = v1::CgroupDriver_Name(options_.cgroup_driver);
    cfg["clock"] = clock_.Kind();
    cfg["seed"] = options_.seed;
    nlohmann::json handlers = nlohmann::json::object();
    for (const auto& [name, h] : handlers_) {
      const auto& p = h.oci->profile();
      handlers[name] = {{"runtimeType", p.runtime_type},
                        {"binary", p.binary},
                        {"description", p.description}};
    }
    cfg["runtimes"] = handlers;
    (*resp->mutable_info())["config"] = cfg.dump();
    (*resp->mutable_info())["lastCNILoadStatus"] = "OK";
  }
  return absl::OkStatus();
}

// not_ready faults: a hit turns its condition false for this call, or for
// `duration` from now (remembered, so later Status calls see it too).
void ContainerManager::ApplyConditionFaults(v1::RuntimeCondition* runtime,
                                            v1::RuntimeCondition* network) {
  std::vector<faults::FaultHit> hits;
  if (FaultsOn(faults::Hop::kRuntime)) {
    hits = options_.faults->Match(
        FaultTarget{}.Point(faults::Hop::kRuntime, "status"));
  }
  auto set_false = [&](faults::Condition cond, const std::string& reason,
                       const std::string& message) {
    v1::RuntimeCondition* c =
        cond == faults::Condition::kRuntimeReady ? runtime : network;
    c->set_status(false);
    c->set_reason(reason);
    c->set_message(message);
  };
  const TimeNs now = clock_.Now();
  ManagerLock l(this);
  for (const faults::ConditionFault& f : faults::OutcomeOf(hits).conditions) {
    if (f.duration > 0) {
      forced_conditions_[f.condition] = {now + f.duration, f.reason, f.message};
    } else {
      set_false(f.condition, f.reason, f.message);
    }
  }
  for (auto it = forced_conditions_.begin(); it != forced_conditions_.end();) {
    if (it->second.until <= now) {
      it = forced_conditions_.erase(it);
      continue;
    }
    set_false(it->first, it->second.reason, it->second.message);
    ++it;
  }
}

absl::Status ContainerManager::RuntimeConfig(Ctx,
                                             const v1::RuntimeConfigRequest&,
                                             v1::RuntimeConfigResponse* resp) {
  resp->mutable_linux()->set_cgroup_driver(options_.cgroup_driver);
  return absl::OkStatus();
}

absl::Status ContainerManager::UpdateRuntimeConfig(
    Ctx c, const v1::UpdateRuntimeConfigRequest& req,
    v1::UpdateRuntimeConfigResponse*) {
  const std::string& cidrs = req.runtime_config().network_config().pod_cidr();
  if (cidrs.empty()) return absl::OkStatus();  // nothing to change
  // Dual-stack nodes send "v4cidr,v6cidr"; pods get addresses from the IPv4
  // range (the IPv6 one is accepted and remembered).
  std::string v4;
  for (absl::string_view part : absl::StrSplit(cidrs, ',')) {
    if (part.find(':') != absl::string_view::npos) continue;
    if (!v4.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pod CIDR \"", cidrs, "\" has more than one IPv4 range"));
    }
    v4 = std::string(part);
  }
  ManagerLock l(this);
  if (!v4.empty()) {
    if (absl::Status st = ips_.SetCidr(v4); !st.ok()) return st;
  }
  if (pod_cidr_ != cidrs) {
    RecordTransition(c, "runtime", "", absl::StrCat("podCIDR ", pod_cidr_),
                     absl::StrCat("podCIDR ", cidrs));
    pod_cidr_ = cidrs;
  }
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
