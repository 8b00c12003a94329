// RuntimeService streaming RPCs: the chunked Stream* lists and the
// never-ending GetContainerEvents stream.
#include <deque>

#include "absl/strings/string_view.h"
#include "fake_runtime/faults/fault_outcome.h"
#include "fake_runtime/grpc/chunked_writer.h"
#include "fake_runtime/grpc/cri_services.h"
#include "fake_runtime/grpc/stream_list.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

// Events a client has not read yet, per stream. A client this far behind is
// cut off rather than allowed to grow the server without bound.
inline constexpr size_t kMaxQueuedEvents = 100'000;

// One GetContainerEvents subscriber: forwards every CRI event of the event
// log, in order, one write at a time.
// It owns itself (self_) until gRPC is done with it; the service's shutdown
// path may hold another reference, so End() stays safe after OnDone.
class EventStreamReactor final
    : public grpc::ServerWriteReactor<v1::ContainerEventResponse>,
      public std::enable_shared_from_this<EventStreamReactor> {
 public:
  EventStreamReactor(CriRuntimeService& svc, EventLog& log, CriFaultGate& gate)
      : svc_(svc), log_(log), gate_(gate), rec_(svc.recorder_) {}

  // Separate from the constructor: the subscription may deliver (and
  // take shared_from_this) at once.
  void Subscribe() {
    sub_ = log_.Subscribe([this](const std::shared_ptr<const Event>& e) {
      if (e->kind != EventKind::kCriEvent) return;
      // Parsed once per stream: each stream owns what it queues.
      auto ev = std::make_shared<v1::ContainerEventResponse>();
      if (ev->ParseFromString(e->cri_event_bytes)) Deliver(std::move(ev));
    });
  }

  void End(const grpc::Status& status) {
    {
      fakecri::MutexLock l(&mu_);
      if (finished_) return;
      finished_ = true;
      rec_.StreamDiscarded(counted_);
      counted_ = 0;
    }
    rec_.StreamFinished();
    Finish(status);
  }

  void OnWriteDone(bool ok) override {
    const v1::ContainerEventResponse* next = nullptr;
    if (ok) rec_.StreamWritten();
    {
      fakecri::MutexLock l(&mu_);
      if (ok && !finished_) {
        --counted_;
        rec_.StreamWriteDone();
      }
      if (!ok || finished_) {
        writing_ = false;
      } else {
        queue_.pop_front();
        if (!queue_.empty()) {
          next = queue_.front().get();
        } else {
          writing_ = false;
        }
      }
    }
    if (!ok) {
      End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                       "event stream write failed"));
    } else if (next != nullptr) {
      StartWrite(next);
    }
  }

  void OnCancel() override { End(grpc::Status::CANCELLED); }

  void OnDone() override {
    log_.Unsubscribe(sub_);  // after this no callback can reach us
    svc_.Forget(this);
    auto last = std::move(self_);  // may destroy *this on return
  }

  std::shared_ptr<EventStreamReactor> self_;

 private:
  using EventPtr = std::shared_ptr<const v1::ContainerEventResponse>;

  // One event for this subscriber, through the event-stream faults (each
  // stream draws its own: one client may miss an event another sees).
  void Deliver(EventPtr ev) {
    faults::FaultEngine* engine = gate_.engine();
    if (engine == nullptr || !engine->HasRules(faults::Hop::kEvents)) {
      Push(std::move(ev));
      ReleaseHeld();
      return;
    }
    const FaultTarget target = TargetOfEvent(*ev);
    const faults::FaultOutcome out = faults::OutcomeOf(
        engine->Match(target.Point(faults::Hop::kEvents, "send")));
    const bool drop = out.drop_event, duplicate = out.duplicate_event,
               reorder = out.reorder_event;
    const DurationNs delay = out.delay;
    if (out.end_stream) {
      End(ToGrpcStatus(*out.end_stream));
      return;
    }
    if (drop) return;
    if (delay > 0) {
      gate_.clock().ScheduleAfter(
          delay, [self = shared_from_this(), ev] { self->Push(ev); });
      return;
    }
    if (reorder) {
      // Sent after the next event; a second reordered event lets the first
      // one go.
      EventPtr older;
      {
        fakecri::MutexLock l(&mu_);
        older = std::exchange(held_, std::move(ev));
      }
      if (older) Push(std::move(older));
      return;
    }
    Push(ev);
    if (duplicate) Push(ev);
    ReleaseHeld();
  }

  void ReleaseHeld() {
    EventPtr held;
    {
      fakecri::MutexLock l(&mu_);
      if (!held_) return;
      held = std::move(held_);
    }
    Push(std::move(held));
  }

  static FaultTarget TargetOfEvent(const v1::ContainerEventResponse& ev) {
    FaultTarget t;
    const auto& pod = ev.pod_sandbox_status();
    t.SetPod(pod.metadata(), pod.labels());
    t.handler = pod.runtime_handler();
    for (const auto& c : ev.containers_statuses()) {
      if (c.id() == ev.container_id()) {
        t.container_name = c.metadata().name();
        t.image = c.image().image();
      }
    }
    return t;
  }

  void Push(EventPtr ev) {
    const v1::ContainerEventResponse* first = nullptr;
    bool overflow = false;
    {
      fakecri::MutexLock l(&mu_);
      if (finished_) return;
      if (queue_.size() >= kMaxQueuedEvents) {
        overflow = true;
      } else {
        queue_.push_back(std::move(ev));
        ++counted_;
        rec_.StreamQueued();
        if (!writing_) {
          writing_ = true;
          first = queue_.front().get();
        }
      }
    }
    if (overflow) {
      End(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          "event stream client is too slow: more than 100000 events queued"));
    } else if (first != nullptr) {
      StartWrite(first);
    }
  }

  CriRuntimeService& svc_;
  EventLog& log_;
  CriFaultGate& gate_;
  CallRecorder& rec_;
  EventLog::SubscriptionId sub_ = 0;
  // Messages queued and not yet written, as counted in rec_'s pending.
  uint64_t counted_ ABSL_GUARDED_BY(mu_) = 0;
  EventPtr held_ ABSL_GUARDED_BY(mu_);  // a reordered event
  fakecri::Mutex mu_;
  std::deque<EventPtr> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

CriRuntimeService::CriRuntimeService(CriEnv env)
    : env_(env), mgr_(env.mgr), recorder_(env.rec) {
  constexpr std::string_view kService = "runtime.v1.RuntimeService";
  AnswerParseErrors(kService, "Version", &CriRuntimeService::Version);
  AnswerParseErrors(kService, "RunPodSandbox",
                    &CriRuntimeService::RunPodSandbox);
  AnswerParseErrors(kService, "StopPodSandbox",
                    &CriRuntimeService::StopPodSandbox);
  AnswerParseErrors(kService, "RemovePodSandbox",
                    &CriRuntimeService::RemovePodSandbox);
  AnswerParseErrors(kService, "PodSandboxStatus",
                    &CriRuntimeService::PodSandboxStatus);
  AnswerParseErrors(kService, "ListPodSandbox",
                    &CriRuntimeService::ListPodSandbox, &list_sandboxes_alloc_);
  AnswerParseErrors(kService, "StreamPodSandboxes",
                    &CriRuntimeService::StreamPodSandboxes);
  AnswerParseErrors(kService, "CreateContainer",
                    &CriRuntimeService::CreateContainer);
  AnswerParseErrors(kService, "StartContainer",
                    &CriRuntimeService::StartContainer);
  AnswerParseErrors(kService, "StopContainer",
                    &CriRuntimeService::StopContainer);
  AnswerParseErrors(kService, "RemoveContainer",
                    &CriRuntimeService::RemoveContainer);
  AnswerParseErrors(kService, "ListContainers",
                    &CriRuntimeService::ListContainers,
                    &list_containers_alloc_);
  AnswerParseErrors(kService, "StreamContainers",
                    &CriRuntimeService::StreamContainers);
  AnswerParseErrors(kService, "ContainerStatus",
                    &CriRuntimeService::ContainerStatus);
  AnswerParseErrors(kService, "UpdateContainerResources",
                    &CriRuntimeService::UpdateContainerResources);
  AnswerParseErrors(kService, "ReopenContainerLog",
                    &CriRuntimeService::ReopenContainerLog);
  AnswerParseErrors(kService, "ExecSync", &CriRuntimeService::ExecSync);
  AnswerParseErrors(kService, "Exec", &CriRuntimeService::Exec);
  AnswerParseErrors(kService, "Attach", &CriRuntimeService::Attach);
  AnswerParseErrors(kService, "PortForward", &CriRuntimeService::PortForward);
  AnswerParseErrors(kService, "ContainerStats",
                    &CriRuntimeService::ContainerStats);
  AnswerParseErrors(kService, "ListContainerStats",
                    &CriRuntimeService::ListContainerStats);
  AnswerParseErrors(kService, "StreamContainerStats",
                    &CriRuntimeService::StreamContainerStats);
  AnswerParseErrors(kService, "PodSandboxStats",
                    &CriRuntimeService::PodSandboxStats);
  AnswerParseErrors(kService, "ListPodSandboxStats",
                    &CriRuntimeService::ListPodSandboxStats);
  AnswerParseErrors(kService, "StreamPodSandboxStats",
                    &CriRuntimeService::StreamPodSandboxStats);
  AnswerParseErrors(kService, "UpdateRuntimeConfig",
                    &CriRuntimeService::UpdateRuntimeConfig);
  AnswerParseErrors(kService, "Status", &CriRuntimeService::Status);
  AnswerParseErrors(kService, "CheckpointContainer",
                    &CriRuntimeService::CheckpointContainer);
  AnswerParseErrors(kService, "ListMetricDescriptors",
                    &CriRuntimeService::ListMetricDescriptors);
  AnswerParseErrors(kService, "ListPodSandboxMetrics",
                    &CriRuntimeService::ListPodSandboxMetrics);
  AnswerParseErrors(kService, "StreamPodSandboxMetrics",
                    &CriRuntimeService::StreamPodSandboxMetrics);
  AnswerParseErrors(kService, "RuntimeConfig",
                    &CriRuntimeService::RuntimeConfig);
  AnswerParseErrors(kService, "UpdatePodSandboxResources",
                    &CriRuntimeService::UpdatePodSandboxResources);
  AnswerParseErrors(kService, "GetContainerEvents",
                    &CriRuntimeService::GetContainerEvents);
}

CriRuntimeService::~CriRuntimeService() = default;

grpc::ServerWriteReactor<v1::ContainerEventResponse>*
CriRuntimeService::GetContainerEvents(grpc::CallbackServerContext*,
                                      const v1::GetEventsRequest* req) {
  CallRecorder::RunningScope running(recorder_);
  auto call = recorder_.Begin("GetContainerEvents", *req);
  auto r =
      std::make_shared<EventStreamReactor>(*this, mgr_.event_log(), env_.gate);
  r->self_ = r;
  std::optional<absl::Status> refused = env_.gate.Outage();
  if (!refused && !env_.gate.Quiet()) {
    CriFaultGate::Decision d = env_.gate.Check("GetContainerEvents", *req);
    if (!d.error.ok()) refused = d.error;
  }
  {
    fakecri::MutexLock l(&streams_mu_);
    if (shutting_down_) {
      refused = absl::UnavailableError("runtime is shutting down");
    }
    if (!refused) streams_.emplace(r.get(), r);
  }
  if (!refused) r->Subscribe();
  recorder_.End(call, refused ? *refused : absl::OkStatus());
  if (refused) r->End(ToGrpcStatus(*refused));
  return r.get();
}

void CriRuntimeService::Forget(EventStreamReactor* r) {
  fakecri::MutexLock l(&streams_mu_);
  streams_.erase(r);
}

void CriRuntimeService::EndEventStreams(const grpc::Status& status,
                                        bool closing) {
  std::vector<std::shared_ptr<EventStreamReactor>> open;
  {
    fakecri::MutexLock l(&streams_mu_);
    if (closing) shutting_down_ = true;
    for (auto& [ptr, r] : streams_) open.push_back(r);
  }
  // The shared pointers keep each reactor alive even if it finishes now.
  for (auto& r : open) r->End(status);
}

grpc::ServerWriteReactor<v1::StreamPodSandboxesResponse>*
CriRuntimeService::StreamPodSandboxes(
    grpc::CallbackServerContext*, const v1::StreamPodSandboxesRequest* req) {
  v1::ListPodSandboxRequest lr;
  *lr.mutable_filter() = req->filter();
  return StreamList<v1::StreamPodSandboxesResponse, v1::PodSandbox>(
      env_, "StreamPodSandboxes", *req, &ContainerManager::ListPodSandbox,
      &v1::ListPodSandboxResponse::mutable_items,
      &v1::StreamPodSandboxesResponse::mutable_pod_sandboxes, lr);
}

grpc::ServerWriteReactor<v1::StreamContainersResponse>*
CriRuntimeService::StreamContainers(grpc::CallbackServerContext*,
                                    const v1::StreamContainersRequest* req) {
  v1::ListContainersRequest lr;
  *lr.mutable_filter() = req->filter();
  return StreamList<v1::StreamContainersResponse, v1::Container>(
      env_, "StreamContainers", *req, &ContainerManager::ListContainers,
      &v1::ListContainersResponse::mutable_containers,
      &v1::StreamContainersResponse::mutable_containers, lr);
}

grpc::ServerWriteReactor<v1::StreamContainerStatsResponse>*
CriRuntimeService::StreamContainerStats(
    grpc::CallbackServerContext*, const v1::StreamContainerStatsRequest* req) {
  v1::ListContainerStatsRequest lr;
  *lr.mutable_filter() = req->filter();
  return StreamList<v1::StreamContainerStatsResponse, v1::ContainerStats>(
      env_, "StreamContainerStats", *req, &ContainerManager::ListContainerStats,
      &v1::ListContainerStatsResponse::mutable_stats,
      &v1::StreamContainerStatsResponse::mutable_container_stats, lr);
}

grpc::ServerWriteReactor<v1::StreamPodSandboxStatsResponse>*
CriRuntimeService::StreamPodSandboxStats(
    grpc::CallbackServerContext*, const v1::StreamPodSandboxStatsRequest* req) {
  v1::ListPodSandboxStatsRequest lr;
  *lr.mutable_filter() = req->filter();
  return StreamList<v1::StreamPodSandboxStatsResponse, v1::PodSandboxStats>(
      env_, "StreamPodSandboxStats", *req,
      &ContainerManager::ListPodSandboxStats,
      &v1::ListPodSandboxStatsResponse::mutable_stats,
      &v1::StreamPodSandboxStatsResponse::mutable_pod_sandbox_stats, lr);
}

grpc::ServerWriteReactor<v1::StreamPodSandboxMetricsResponse>*
CriRuntimeService::StreamPodSandboxMetrics(
    grpc::CallbackServerContext*,
    const v1::StreamPodSandboxMetricsRequest* req) {
  v1::ListPodSandboxMetricsRequest lr;
  return StreamList<v1::StreamPodSandboxMetricsResponse, v1::PodSandboxMetrics>(
      env_, "StreamPodSandboxMetrics", *req,
      &ContainerManager::ListPodSandboxMetrics,
      &v1::ListPodSandboxMetricsResponse::mutable_pod_metrics,
      &v1::StreamPodSandboxMetricsResponse::mutable_pod_sandbox_metrics, lr);
}

}  // namespace fakecri::runtime
