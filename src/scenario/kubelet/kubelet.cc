// File: kubelet.cc
// The kubelet's frame: start-up calls, the API server's side (add, delete,
// views) and the runtime health loop (updateRuntimeUp every 5 s, node
// readiness from runtime conditions and PLEG health).
#include "scenario/kubelet/kubelet.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenario/kubelet/kubelet_impl.h"
#include "scenario/kubelet/pod_config.h"

namespace fakecri::scenario {

std::unique_ptr<Kubelet> Kubelet::Create(std::shared_ptr<grpc::Channel> channel,
                                         Clock& clock, EventLog* events,
                                         Options options) {
  return std::make_unique<kubelet::KubeletImpl>(std::move(channel), clock,
                                                events, std::move(options));
}

namespace kubelet {

namespace v1 = ::runtime::v1;

// The kubelet's baseRuntimeSyncThreshold (maxWaitForContainerRuntime).
constexpr DurationNs kRuntimeSyncThreshold = 30 * kSecond;

KubeletImpl::KubeletImpl(std::shared_ptr<grpc::Channel> channel, Clock& clock,
                         EventLog* events, Options options)
    : clock_(clock),
      events_(events),
      options_(std::move(options)),
      client_(std::move(channel), clock, options_.settle,
              options_.runtime_request_timeout),
      crash_backoff_(options_.crash_loop_backoff_initial,
                     options_.crash_loop_backoff_max, options_.backoff_reset),
      image_backoff_(options_.image_backoff_initial, options_.image_backoff_max,
                     options_.backoff_reset) {
  relist_period_ = options_.relist_period;
  relist_threshold_ = options_.relist_threshold;
}

KubeletImpl::~KubeletImpl() { Stop(); }

absl::Status KubeletImpl::Start() {
  std::lock_guard<std::mutex> l(client_.mu());
  if (started_) return absl::FailedPreconditionError("kubelet already started");
  if (client_.stopped()) {
    return absl::FailedPreconditionError("kubelet was stopped");
  }
  started_ = true;
  last_relist_ok_ = clock_.Now();
  client_.At(clock_.Now(), [this] { StartUp(); });
  return absl::OkStatus();
}

void KubeletImpl::Stop() { client_.Stop(); }

void KubeletImpl::Record(const std::string& subject,
                         const std::string& object_id,
                         const std::string& detail) {
  if (events_ == nullptr) return;
  Event e;
  e.kind = EventKind::kKubelet;
  e.subject = subject;
  e.object_id = object_id;
  e.detail = detail;
  events_->Append(std::move(e));
}

Detached KubeletImpl::StartUp() {
  v1::VersionRequest vreq;
  vreq.set_version("v1");
  auto ver = co_await KCALL(rt, Version, vreq);
  if (client_.stopped()) co_return;
  if (ver.ok()) {
    Record(
        "start", "",
        absl::StrCat("Container runtime initialized: ", ver.resp.runtime_name(),
                     " ", ver.resp.runtime_version(), " (CRI ",
                     ver.resp.runtime_api_version(), ")"));
  } else {
    Record("start", "",
           absl::StrCat("Version failed: ", ver.status.error_message()));
  }
  auto cfg = co_await KCALL(rt, RuntimeConfig, v1::RuntimeConfigRequest());
  if (client_.stopped()) co_return;
  if (cfg.ok()) {
    Record("start", "",
           absl::StrCat("cgroup driver from the runtime: ",
                        cfg.resp.linux().cgroup_driver() == v1::CGROUPFS
                            ? "cgroupfs"
                            : "systemd"));
  }
  ScheduleStatus(0);
  ScheduleRelist(0);
  client_.After(options_.container_gc_period, [this] { ContainerGc(); });
  if (options_.evented_pleg) {
    evented_active_ = true;
    relist_period_ = 300 * kSecond;
    relist_threshold_ = 600 * kSecond;
    client_.At(clock_.Now(), [this] { WatchEvents(); });
    // updateGlobalCache: pod workers waiting for a newer status go on
    // once a second even when no event concerned their pod.
    struct GlobalCache {
      static void Arm(KubeletImpl* k) {
        k->client_.After(kSecond, [k] {
          if (!k->evented_active_) return;
          k->cache_seq_ = ++k->seq_;
          k->DispatchWaitingSyncs();
          Arm(k);
        });
      }
    };
    GlobalCache::Arm(this);
  }
  // The pod workers' periodic resync (syncFrequency, 1 min).
  struct Resync {
    static void Arm(KubeletImpl* k) {
      k->client_.After(60 * kSecond, [k] {
        for (const PodPtr& pod : k->AllPods()) k->RequestSync(pod);
        Arm(k);
      });
    }
  };
  Resync::Arm(this);
}

void KubeletImpl::ScheduleStatus(DurationNs after) {
  client_.After(after, [this] { UpdateRuntimeUp(); });
}

Detached KubeletImpl::UpdateRuntimeUp() {
  v1::StatusRequest req;
  auto st = co_await KCALL(rt, Status, req);
  if (client_.stopped()) co_return;
  if (!st.ok()) {
    Record("health", "",
           absl::StrCat("Container runtime sanity check failed: ",
                        st.status.error_message()));
  } else {
    const v1::RuntimeCondition* runtime = nullptr;
    const v1::RuntimeCondition* network = nullptr;
    for (const auto& c : st.resp.status().conditions()) {
      if (c.type() == "RuntimeReady") runtime = &c;
      if (c.type() == "NetworkReady") network = &c;
    }
    auto describe = [](const char* type, const v1::RuntimeCondition* c) {
      if (c == nullptr) return absl::StrCat(type, " condition missing");
      return absl::StrCat(type, "=false reason:", c->reason(),
                          " message:", c->message());
    };
    network_error_ = network != nullptr && network->status()
                         ? ""
                         : absl::StrCat("container runtime network not ready: ",
                                        describe("NetworkReady", network));
    if (runtime == nullptr || !runtime->status()) {
      runtime_error_ = absl::StrCat("container runtime not ready: ",
                                    describe("RuntimeReady", runtime));
    } else {
      runtime_error_.clear();
      status_synced_ = true;
      last_runtime_sync_ = clock_.Now();
    }
  }
  CheckNode();
  ScheduleStatus(options_.status_period);
}

std::vector<std::string> KubeletImpl::RuntimeErrors() const {
  std::vector<std::string> errs;
  const TimeNs now = clock_.Now();
  if (!status_synced_) {
    errs.push_back("container runtime status check may not have completed yet");
  } else if (now - last_runtime_sync_ > kRuntimeSyncThreshold) {
    errs.push_back("container runtime is down");
  }
  if (!runtime_error_.empty()) errs.push_back(runtime_error_);
  const TimeNs last =
      relisting_ ? std::min(relist_started_, last_relist_ok_) : last_relist_ok_;
  if (started_ && now - last > relist_threshold_) {
    errs.push_back(
        absl::StrCat("PLEG is not healthy: pleg was last seen "
                     "active ",
                     (now - last) / kSecond, "s ago; threshold is ",
                     relist_threshold_ / kSecond, "s"));
  }
  return errs;
}

NodeView KubeletImpl::NodeLocked() const {
  std::vector<std::string> errs = RuntimeErrors();
  if (!network_error_.empty()) errs.push_back(network_error_);
  NodeView v;
  v.ready = errs.empty();
  v.message = absl::StrJoin(errs, "; ");
  return v;
}

void KubeletImpl::CheckNode() {
  const NodeView v = NodeLocked();
  if (v.ready != node_ready_ || v.message != node_message_) {
    Record("node", "",
           v.ready ? "Node is Ready"
                   : absl::StrCat("Node is NotReady: ", v.message));
    node_ready_ = v.ready;
    node_message_ = v.message;
  }
  // Pods whose syncs were skipped go on as soon as what held them clears:
  // any runtime error holds every pod, a network error the pods that do
  // not use the host's network.
  const bool runtime_ok = RuntimeErrors().empty();
  const bool network_ok = network_error_.empty();
  const bool unblocked = (runtime_ok && !runtime_ok_) ||
                         (runtime_ok && network_ok && !network_ok_);
  runtime_ok_ = runtime_ok;
  network_ok_ = network_ok;
  if (unblocked) {
    for (const PodPtr& pod : AllPods()) RequestSync(pod, /*need_fresh=*/false);
  }
}

std::vector<KubeletImpl::PodPtr> KubeletImpl::AllPods() const {
  std::vector<PodPtr> out;
  for (const auto& [uid, pod] : pods_) out.push_back(pod);
  return out;
}

KubeletImpl::PodPtr KubeletImpl::FindPod(const std::string& ns,
                                         const std::string& name) const {
  for (const auto& [uid, pod] : pods_) {
    if (pod->spec.pod_namespace == ns && pod->spec.name == name) return pod;
  }
  return nullptr;
}

absl::Status KubeletImpl::AddPod(const PodSpec& spec) {
  if (spec.name.empty()) return absl::InvalidArgumentError("pod has no name");
  if (spec.containers.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("pod ", spec.name, " has no containers"));
  }
  std::set<std::string> names;
  for (const auto* list : {&spec.init_containers, &spec.containers}) {
    for (const auto& c : *list) {
      if (c.name.empty() || c.image.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "pod ", spec.name, ": every container needs a name and an image"));
      }
      if (!names.insert(c.name).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "pod ", spec.name, ": duplicate container name ", c.name));
      }
    }
  }
  std::lock_guard<std::mutex> l(client_.mu());
  if (FindPod(spec.pod_namespace, spec.name) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat(
        "pod ", spec.pod_namespace, "/", spec.name, " already exists"));
  }
  auto pod = std::make_shared<PodState>();
  pod->spec = spec;
  pod->uid = PodUid(spec);
  if (pods_.count(pod->uid) != 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("a pod with uid ", pod->uid, " already exists"));
  }
  pod->desc = PodDesc(spec, pod->uid);
  pod->created_at = clock_.Now();
  pod->grace_seconds = spec.termination_grace_period_seconds;
  for (const auto& c : pod->spec.init_containers) {
    pod->info[c.name].spec = &c;
    pod->info[c.name].init = true;
  }
  for (const auto& c : pod->spec.containers) pod->info[c.name].spec = &c;
  pods_[pod->uid] = pod;
  deleted_uids_.erase(pod->uid);
  Record("pod", pod->spec.name,
         absl::StrCat("Pod ", pod->desc, " added to the node"));
  StartProbes(pod);
  client_.At(clock_.Now(), [this, pod] { RequestSync(pod); });
  return absl::OkStatus();
}

absl::Status KubeletImpl::DeletePod(const std::string& ns,
                                    const std::string& name,
                                    std::optional<int64_t> grace_seconds) {
  if (grace_seconds && *grace_seconds < 0) {
    return absl::InvalidArgumentError("grace period must be >= 0");
  }
  std::lock_guard<std::mutex> l(client_.mu());
  PodPtr pod = FindPod(ns, name);
  if (pod == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("pod ", ns, "/", name, " not found"));
  }
  if (!pod->deleting) {
    pod->deleting = true;
    if (grace_seconds) pod->grace_seconds = *grace_seconds;
    Record("pod", pod->spec.name,
           absl::StrCat("Killing pod ", pod->desc, " (deleted, grace period ",
                        pod->grace_seconds, "s)"));
  }
  client_.At(clock_.Now(), [this, pod] { RequestSync(pod); });
  return absl::OkStatus();
}

std::vector<PodView> KubeletImpl::Pods() {
  std::lock_guard<std::mutex> l(client_.mu());
  std::vector<PodView> out;
  for (const auto& [uid, pod] : pods_) out.push_back(ViewOf(*pod));
  std::sort(out.begin(), out.end(), [](const PodView& a, const PodView& b) {
    return std::tie(a.pod_namespace, a.name) <
           std::tie(b.pod_namespace, b.name);
  });
  return out;
}

std::optional<PodView> KubeletImpl::Pod(const std::string& ns,
                                        const std::string& name) {
  std::lock_guard<std::mutex> l(client_.mu());
  PodPtr pod = FindPod(ns, name);
  if (pod == nullptr) return std::nullopt;
  return ViewOf(*pod);
}

NodeView KubeletImpl::Node() {
  std::lock_guard<std::mutex> l(client_.mu());
  return NodeLocked();
}

bool KubeletImpl::Quiet() {
  if (client_.issued() != client_.completed()) return false;
  std::lock_guard<std::mutex> l(client_.mu());
  if (relisting_) return false;
  for (const auto& [uid, pod] : pods_) {
    if (pod->syncing) return false;
  }
  return true;
}

Kubelet::ClientActivity KubeletImpl::Activity() {
  ClientActivity a;
  // Completed before issued: a reader never sees more completed than
  // issued for the same instant.
  a.completed = client_.completed();
  a.issued = client_.issued();
  a.stream_messages_received = stream_received_.load();
  a.streams_closed = streams_closed_.load();
  return a;
}

}  // namespace kubelet
}  // namespace fakecri::scenario
