// File: evented_pleg.cc
// Evented PLEG (pleg/evented.go): GetContainerEvents feeds the pod status
// cache; the generic relist keeps running every 300 s as a safety net.
// Each stream error forces a relist and reconnects; after 5 failures the
// kubelet falls back to generic relisting every relist_period.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "scenario/kubelet/kubelet_impl.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

namespace {

constexpr int kMaxStreamRetries = 5;  // eventedPlegMaxStreamRetries

// Reads one GetContainerEvents stream; each message and the end are
// handed to the kubelet as clock timers (through `post`), then counted, so
// a virtual-time driver sees them queued before it moves on.
class EventReader final
    : public grpc::ClientReadReactor<v1::ContainerEventResponse> {
 public:
  EventReader(CriClient& client,
              std::function<void(v1::ContainerEventResponse)> on_event,
              std::function<void(grpc::Status)> on_done,
              std::atomic<uint64_t>* received, std::atomic<uint64_t>* closed)
      : client_(client),
        on_event_(std::move(on_event)),
        on_done_(std::move(on_done)),
        received_(received),
        closed_(closed) {}

  void Start() {
    // A stream has no deadline: it lives as long as the kubelet.
    ctx_ = std::make_shared<grpc::ClientContext>();
    track_ = client_.Track(ctx_);
    client_.StreamOpened();
    // The runtime records the stream as one call, answered at once.
    client_.CountIssued();
    client_.CountCompleted();
    client_.rt().async()->GetContainerEvents(ctx_.get(), &req_, this);
    StartRead(&msg_);
    // Once the call starts, the stream may end and OnDone delete this
    // reader on a gRPC thread before StartCall returns: touch no member
    // after it.
    CriClient& client = client_;
    StartCall();
    client.Settle();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    v1::ContainerEventResponse ev = msg_;
    client_.At(client_.clock().Now(),
               [fn = on_event_, ev = std::move(ev)] { fn(ev); });
    received_->fetch_add(1);
    StartRead(&msg_);
  }

  void OnDone(const grpc::Status& s) override {
    client_.Untrack(track_);
    client_.At(client_.clock().Now(), [fn = on_done_, s] { fn(s); });
    closed_->fetch_add(1);
    CriClient& client = client_;
    delete this;
    client.StreamClosed();
  }

 private:
  CriClient& client_;
  std::function<void(v1::ContainerEventResponse)> on_event_;
  std::function<void(grpc::Status)> on_done_;
  std::atomic<uint64_t>* received_;
  std::atomic<uint64_t>* closed_;
  std::shared_ptr<grpc::ClientContext> ctx_;
  uint64_t track_ = 0;
  v1::GetEventsRequest req_;
  v1::ContainerEventResponse msg_;
};

}  // namespace

Detached KubeletImpl::WatchEvents() {
  if (!evented_active_ || client_.stopped()) co_return;
  auto* reader = new EventReader(
      client_, [this](v1::ContainerEventResponse ev) { HandleCriEvent(ev); },
      [this](grpc::Status s) {
        if (!evented_active_) return;
        ++stream_failures_;
        Record("pleg", "",
               absl::StrCat("Evented PLEG: event stream ended (",
                            s.error_message(), "), attempt ", stream_failures_,
                            " of ", kMaxStreamRetries));
        Relist();
        if (stream_failures_ >= kMaxStreamRetries) {
          FallBackToGenericPleg();
          return;
        }
        WatchEvents();
      },
      &stream_received_, &streams_closed_);
  reader->Start();
  co_return;
}

void KubeletImpl::FallBackToGenericPleg() {
  evented_active_ = false;
  relist_period_ = options_.relist_period;
  relist_threshold_ = options_.relist_threshold;
  Record("pleg", "",
         absl::StrCat("Evented PLEG: falling back to the generic PLEG after ",
                      kMaxStreamRetries, " stream failures"));
  ScheduleRelist(relist_period_);
}

void KubeletImpl::HandleCriEvent(const v1::ContainerEventResponse& ev) {
  if (!ev.has_pod_sandbox_status() || !ev.pod_sandbox_status().has_metadata()) {
    return;  // the kubelet ignores events without a pod
  }
  const auto& sbs = ev.pod_sandbox_status();
  auto it = pods_.find(sbs.metadata().uid());
  if (it == pods_.end()) return;
  PodPtr pod = it->second;
  if (ev.created_at() < pod->event_time) return;  // only newer wins
  pod->event_time = ev.created_at();
  RuntimePodStatus& st = pod->status;
  const std::string sandbox_id = sbs.id();
  const bool sandbox_deleted =
      ev.container_event_type() == v1::CONTAINER_DELETED_EVENT &&
      ev.container_id() == sandbox_id;
  std::erase_if(st.sandboxes,
                [&](const SandboxStatus& s) { return s.id == sandbox_id; });
  std::erase_if(st.containers, [&](const ContainerStatus& c) {
    return c.sandbox_id == sandbox_id;
  });
  if (!sandbox_deleted) {
    SandboxStatus sb;
    sb.id = sandbox_id;
    sb.ready = sbs.state() == v1::SANDBOX_READY;
    sb.attempt = sbs.metadata().attempt();
    sb.created_at = sbs.created_at();
    sb.ip = sbs.network().ip();
    st.sandboxes.push_back(std::move(sb));
    for (const auto& s : ev.containers_statuses()) {
      ContainerStatus c;
      c.id = s.id();
      c.name = s.metadata().name();
      c.sandbox_id = sandbox_id;
      c.image_ref = s.image_ref();
      c.state = s.state();
      c.restart_count = s.metadata().attempt();
      c.created_at = s.created_at();
      c.started_at = s.started_at();
      c.finished_at = s.finished_at();
      c.exit_code = s.exit_code();
      c.reason = s.reason();
      c.message = s.message();
      st.containers.push_back(std::move(c));
    }
  }
  std::stable_sort(st.sandboxes.begin(), st.sandboxes.end(),
                   [](const SandboxStatus& a, const SandboxStatus& b) {
                     return a.created_at > b.created_at;
                   });
  std::stable_sort(st.containers.begin(), st.containers.end(),
                   [](const ContainerStatus& a, const ContainerStatus& b) {
                     return a.created_at > b.created_at;
                   });
  pod->status_seq = ++seq_;
  if (ev.container_event_type() != v1::CONTAINER_CREATED_EVENT) {
    RequestSync(pod);
  }
}

}  // namespace fakecri::scenario::kubelet
