// File: pleg.cc
// The pod lifecycle event generator. Generic: every relist_period a
// ListPodSandbox{} + ListContainers{}, compared with the previous relist;
// only pods whose sandboxes or containers changed get GetPodStatus
// (ListPodSandbox{uid}, PodSandboxStatus, ListContainers{uid},
// ContainerStatus) and a pod sync. Evented (evented_pleg.cc): the same
// cache fed from GetContainerEvents, the relist slowed down as a safety net.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "scenario/kubelet/kubelet_impl.h"
#include "scenario/kubelet/pod_config.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

namespace {

// Labels of the pod uid, or nullptr for an object the kubelet did not make.
template <typename Item>
const std::string* PodUidOf(const Item& item) {
  auto it = item.labels().find(kPodUidLabel);
  return it == item.labels().end() ? nullptr : &it->second;
}

v1::ContainerState SeenState(const v1::PodSandbox& s) {
  // A sandbox counts as a container of the pod (READY = running).
  return s.state() == v1::SANDBOX_READY ? v1::CONTAINER_RUNNING
                                        : v1::CONTAINER_EXITED;
}
v1::ContainerState SeenState(const v1::Container& c) { return c.state(); }

}  // namespace

// The common case, every second on a quiet node: the same objects in the
// same states as last time. Checked without building anything.
bool KubeletImpl::SameAsLastRelist(
    const v1::ListPodSandboxResponse& sandboxes,
    const v1::ListContainersResponse& containers) {
  const uint64_t mark = ++relist_mark_;
  size_t seen = 0;
  auto same = [&](const auto& items) {
    for (const auto& item : items) {
      const std::string* uid = PodUidOf(item);
      if (uid == nullptr) continue;
      auto old = last_relist_.find(item.id());
      // A repeated id (marked already) is left to the full diff.
      if (old == last_relist_.end() || old->second.state != SeenState(item) ||
          old->second.uid != *uid || old->second.mark == mark) {
        return false;
      }
      old->second.mark = mark;
      ++seen;
    }
    return true;
  };
  // Every object found once, as many as last time: nothing appeared or
  // went away.
  return same(sandboxes.items()) && same(containers.containers()) &&
         seen == last_relist_.size();
}

// The pods whose objects appeared, went away or changed state since the
// last relist; remembers this one.
std::set<std::string> KubeletImpl::DiffWithLastRelist(
    const v1::ListPodSandboxResponse& sandboxes,
    const v1::ListContainersResponse& containers) {
  std::map<std::string, Seen> current;
  for (const auto& s : sandboxes.items()) {
    if (const std::string* uid = PodUidOf(s)) {
      current[s.id()] = Seen{SeenState(s), *uid};
    }
  }
  for (const auto& c : containers.containers()) {
    if (const std::string* uid = PodUidOf(c)) {
      current[c.id()] = Seen{SeenState(c), *uid};
    }
  }
  std::set<std::string> changed;
  for (const auto& [id, seen] : current) {
    auto old = last_relist_.find(id);
    if (old == last_relist_.end() || old->second.state != seen.state) {
      changed.insert(seen.uid);
    }
  }
  for (const auto& [id, seen] : last_relist_) {
    if (current.count(id) == 0) changed.insert(seen.uid);
  }
  last_relist_ = std::move(current);
  return changed;
}

void KubeletImpl::ScheduleRelist(DurationNs after) {
  // One relist chain: a forced relist or a period change replaces the
  // queued one.
  if (relist_token_ != 0) client_.CancelTimer(relist_token_);
  relist_token_ = client_.After(after, [this] {
    relist_token_ = 0;
    Relist();
  });
}

Detached KubeletImpl::Relist() {
  if (relisting_) co_return;
  relisting_ = true;
  relist_started_ = clock_.Now();
  const uint64_t start_seq = ++seq_;
  auto sandboxes =
      co_await KCALL(rt, ListPodSandbox, v1::ListPodSandboxRequest());
  if (client_.stopped()) co_return;
  auto containers =
      co_await KCALL(rt, ListContainers, v1::ListContainersRequest());
  if (client_.stopped()) co_return;
  if (!sandboxes.ok() || !containers.ok()) {
    const grpc::Status& bad =
        sandboxes.ok() ? containers.status : sandboxes.status;
    Record("pleg", "",
           absl::StrCat("GenericPLEG: Unable to retrieve pods: ",
                        bad.error_message()));
    relisting_ = false;
    ScheduleRelist(relist_period_);
    co_return;
  }
  std::set<std::string> changed;
  if (!SameAsLastRelist(sandboxes.resp, containers.resp)) {
    changed = DiffWithLastRelist(sandboxes.resp, containers.resp);
  }
  changed.insert(reinspect_.begin(), reinspect_.end());
  reinspect_.clear();
  std::vector<PodPtr> to_sync;
  for (const std::string& uid : changed) {
    auto it = pods_.find(uid);
    if (it == pods_.end()) continue;
    PodPtr pod = it->second;
    const bool ok = co_await UpdatePodStatus(pod);
    if (client_.stopped()) co_return;
    // A failed inspection is retried at the next relist.
    if (!ok) reinspect_.insert(uid);
    to_sync.push_back(pod);
  }
  last_relist_ok_ = relist_started_;
  cache_seq_ = start_seq;
  relisting_ = false;
  for (const PodPtr& pod : to_sync) RequestSync(pod);
  DispatchWaitingSyncs();
  ScheduleRelist(relist_period_);
}

Task<bool> KubeletImpl::UpdatePodStatus(PodPtr pod) {
  const uint64_t seq = ++seq_;
  v1::ListPodSandboxRequest lreq;
  (*lreq.mutable_filter()->mutable_label_selector())[kPodUidLabel] = pod->uid;
  auto list = co_await KCALL(rt, ListPodSandbox, lreq);
  if (client_.stopped() || !list.ok()) co_return false;
  std::vector<v1::PodSandbox> items(list.resp.items().begin(),
                                    list.resp.items().end());
  std::stable_sort(items.begin(), items.end(),
                   [](const v1::PodSandbox& a, const v1::PodSandbox& b) {
                     return a.created_at() > b.created_at();
                   });
  RuntimePodStatus st;
  for (const auto& s : items) {
    v1::PodSandboxStatusRequest sreq;
    sreq.set_pod_sandbox_id(s.id());
    auto ps = co_await KCALL(rt, PodSandboxStatus, sreq);
    if (client_.stopped()) co_return false;
    if (ps.status.error_code() == grpc::StatusCode::NOT_FOUND) continue;
    if (!ps.ok()) co_return false;
    SandboxStatus sb;
    sb.id = s.id();
    sb.ready = ps.resp.status().state() == v1::SANDBOX_READY;
    sb.attempt = ps.resp.status().metadata().attempt();
    sb.created_at = ps.resp.status().created_at();
    sb.ip = ps.resp.status().network().ip();
    st.sandboxes.push_back(std::move(sb));
  }
  v1::ListContainersRequest creq;
  (*creq.mutable_filter()->mutable_label_selector())[kPodUidLabel] = pod->uid;
  auto clist = co_await KCALL(rt, ListContainers, creq);
  if (client_.stopped() || !clist.ok()) co_return false;
  for (const auto& c : clist.resp.containers()) {
    v1::ContainerStatusRequest csreq;
    csreq.set_container_id(c.id());
    auto cs = co_await KCALL(rt, ContainerStatus, csreq);
    if (client_.stopped()) co_return false;
    if (cs.status.error_code() == grpc::StatusCode::NOT_FOUND) continue;
    if (!cs.ok()) co_return false;
    const auto& s = cs.resp.status();
    ContainerStatus out;
    out.id = c.id();
    out.name = s.metadata().name();
    out.sandbox_id = c.pod_sandbox_id();
    out.image_ref = s.image_ref();
    out.state = s.state();
    out.restart_count = s.metadata().attempt();
    auto rc = s.annotations().find(kRestartCountAnnotation);
    if (rc != s.annotations().end()) {
      out.restart_count = static_cast<uint32_t>(std::atoi(rc->second.c_str()));
    }
    out.created_at = s.created_at();
    out.started_at = s.started_at();
    out.finished_at = s.finished_at();
    out.exit_code = s.exit_code();
    out.reason = s.reason();
    out.message = s.message();
    st.containers.push_back(std::move(out));
  }
  std::stable_sort(st.containers.begin(), st.containers.end(),
                   [](const ContainerStatus& a, const ContainerStatus& b) {
                     return a.created_at > b.created_at;
                   });
  pod->status = std::move(st);
  pod->status_seq = seq;
  co_return true;
}

void KubeletImpl::DispatchWaitingSyncs() {
  std::vector<PodPtr> waiting;
  for (auto& [uid, pod] : pods_) {
    if (pod->wants_sync) waiting.push_back(pod);
  }
  for (const PodPtr& pod : waiting) RequestSync(pod);
}

}  // namespace fakecri::scenario::kubelet
