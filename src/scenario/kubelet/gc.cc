// File: gc.cc
// Container garbage collection every container_gc_period
// (kuberuntime_gc.go): dead containers grouped by pod and name, newest
// first; pods the kubelet no longer runs lose all of them, the others keep
// the newest dead instance (so a restart count can be derived); then
// sandboxes that are not ready and hold no container are removed, except
// the newest one of a pod that still exists.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "scenario/kubelet/kubelet_impl.h"
#include "scenario/kubelet/pod_config.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

Detached KubeletImpl::ContainerGc() {
  auto list = co_await KCALL(rt, ListContainers, v1::ListContainersRequest());
  if (client_.stopped()) co_return;
  auto label = [](const auto& m, const char* key) {
    auto it = m.find(key);
    return it == m.end() ? std::string() : it->second;
  };
  auto live_pod = [this](const std::string& uid) {
    auto it = pods_.find(uid);
    return it != pods_.end() && !it->second->deleting;
  };
  if (list.ok()) {
    // (uid, name) -> dead containers, newest first.
    std::map<std::pair<std::string, std::string>,
             std::vector<std::pair<int64_t, std::string>>>
        dead;
    for (const auto& c : list.resp.containers()) {
      if (c.state() != v1::CONTAINER_EXITED) continue;
      const std::string uid = label(c.labels(), kPodUidLabel);
      if (uid.empty()) continue;  // not a kubelet container
      dead[{uid, label(c.labels(), kContainerNameLabel)}].push_back(
          {c.created_at(), c.id()});
    }
    for (auto& [key, instances] : dead) {
      std::sort(
          instances.begin(), instances.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first, a.second) > std::tie(b.first, b.second);
          });
      const size_t keep = live_pod(key.first) ? 1 : 0;
      for (size_t i = keep; i < instances.size(); ++i) {
        const std::string& id = instances[i].second;
        Record("gc", id,
               absl::StrCat("Removing dead container ", key.second,
                            " of pod uid ", key.first));
        v1::ContainerStatusRequest sreq;
        sreq.set_container_id(id);
        co_await KCALL(rt, ContainerStatus, sreq);
        if (client_.stopped()) co_return;
        v1::RemoveContainerRequest rm;
        rm.set_container_id(id);
        co_await KCALL(rt, RemoveContainer, rm);
        if (client_.stopped()) co_return;
      }
    }
  }
  // evictSandboxes: a fresh view of both lists.
  auto containers =
      co_await KCALL(rt, ListContainers, v1::ListContainersRequest());
  if (client_.stopped()) co_return;
  auto sandboxes =
      co_await KCALL(rt, ListPodSandbox, v1::ListPodSandboxRequest());
  if (client_.stopped()) co_return;
  if (containers.ok() && sandboxes.ok()) {
    std::set<std::string> referenced;
    for (const auto& c : containers.resp.containers()) {
      referenced.insert(c.pod_sandbox_id());
    }
    std::map<std::string, std::vector<std::pair<int64_t, std::string>>>
        by_pod;  // uid -> sandboxes, newest first
    std::set<std::string> active;
    for (const auto& s : sandboxes.resp.items()) {
      const std::string uid = label(s.labels(), kPodUidLabel);
      if (uid.empty()) continue;
      by_pod[uid].push_back({s.created_at(), s.id()});
      if (s.state() == v1::SANDBOX_READY || referenced.count(s.id()) != 0) {
        active.insert(s.id());
      }
    }
    for (auto& [uid, list] : by_pod) {
      std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first, a.second) > std::tie(b.first, b.second);
      });
      const bool live = live_pod(uid);
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string& id = list[i].second;
        if (active.count(id) != 0 || (live && i == 0)) continue;
        Record("gc", id,
               absl::StrCat("Removing inactive sandbox of pod uid ", uid));
        v1::StopPodSandboxRequest stop;
        stop.set_pod_sandbox_id(id);
        auto st = co_await KCALL(rt, StopPodSandbox, stop);
        if (client_.stopped()) co_return;
        if (!st.ok()) continue;
        v1::RemovePodSandboxRequest rm;
        rm.set_pod_sandbox_id(id);
        co_await KCALL(rt, RemovePodSandbox, rm);
        if (client_.stopped()) co_return;
      }
    }
  }
  client_.After(options_.container_gc_period, [this] { ContainerGc(); });
}

}  // namespace fakecri::scenario::kubelet
