// File: connect_source.cc
#include "gui/sources/connect_source.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "fakecri/control_api.h"

namespace fakecri::gui {
namespace {

namespace pb = ::fakecri::v1;

constexpr EventKind kKinds[] = {
    EventKind::kRpcIn,      EventKind::kRpcOut,   EventKind::kOciCall,
    EventKind::kTransition, EventKind::kCriEvent, EventKind::kFault,
    EventKind::kInfo,       EventKind::kKubelet,
};

}  // namespace

bool EventFromProto(const pb::Event& in, Event* out) {
  bool known = false;
  for (EventKind k : kKinds) {
    if (in.kind() == EventKindName(k)) {
      out->kind = k;
      known = true;
    }
  }
  if (!known) return false;
  out->seq = in.seq();
  out->time_ns = in.time_ns();
  out->span_id = in.span_id();
  out->parent_span_id = in.parent_span_id();
  out->subject = in.subject();
  out->object_id = in.object_id();
  out->detail = in.detail();
  out->status_code = in.status_code();
  out->latency_ns = in.latency_ns();
  out->payload = in.payload();
  out->cri_event_bytes.clear();
  if (in.has_cri_event()) {
    out->cri_event_bytes = in.cri_event().SerializeAsString();
  }
  return true;
}

ConnectSource::ConnectSource(std::string endpoint)
    : endpoint_(std::move(endpoint)),
      channel_(
          grpc::CreateChannel(endpoint_, grpc::InsecureChannelCredentials())),
      faults_(NewRemoteFaults(channel_)) {}

ConnectSource::~ConnectSource() { Stop(); }

void ConnectSource::Start(EventQueue& queue) {
  SetStatus(SourceState::kStarting, absl::StrCat("connecting to ", endpoint_));
  thread_ = std::thread([this, &queue] { Run(queue); });
}

void ConnectSource::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    if (active_ != nullptr) active_->TryCancel();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string ConnectSource::Describe() const {
  return absl::StrCat("live: ", endpoint_);
}

SourceStatus ConnectSource::Status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

bool ConnectSource::Settled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return started_ && pushed_seq_ >= backlog_end_;
}

void ConnectSource::SetStatus(SourceState state, std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  status_ = SourceStatus{state, std::move(message)};
}

void ConnectSource::Run(EventQueue& queue) {
  for (;;) {
    const std::string why = WatchOnce(queue);
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_) return;
    status_ = SourceStatus{SourceState::kFailed,
                           absl::StrCat(why, "; retrying every second")};
    cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_; });
    if (stop_) return;
  }
}

std::string ConnectSource::WatchOnce(EventQueue& queue) {
  auto stub = pb::Control::NewStub(channel_);
  // The snapshot says what the runtime is before the first event arrives.
  std::string about;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(3));
    pb::GetSnapshotResponse snap;
    const grpc::Status st = stub->GetSnapshot(&ctx, {}, &snap);
    if (!st.ok()) {
      return absl::StrCat("cannot reach ", endpoint_, ": ", st.error_message());
    }
    about = absl::StrCat(snap.sandboxes_size(), " sandboxes, ",
                         snap.containers_size(), " containers, ",
                         snap.images_size(), " images at connect; seed ",
                         snap.seed());
  }
  grpc::ClientContext ctx;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return "stopped";
    active_ = &ctx;
  }
  pb::WatchEventsRequest req;
  req.set_since_seq(next_seq_);
  auto reader = stub->WatchEvents(&ctx, req);
  pb::WatchEventsResponse msg;
  std::string gap;
  while (reader->Read(&msg)) {
    if (msg.has_start()) {
      if (msg.start().gap()) {
        gap =
            absl::StrCat("; events before #", msg.start().first_available_seq(),
                         " had left the runtime's event log");
      }
      SetStatus(SourceState::kRunning,
                absl::StrCat("watching ", endpoint_, " (", about, ")", gap));
      continue;
    }
    if (!msg.has_event()) continue;
    Event e;
    if (!EventFromProto(msg.event(), &e)) continue;
    next_seq_ = e.seq + 1;
    queue.Push(std::move(e));
    std::lock_guard<std::mutex> lock(mu_);
    pushed_seq_ = next_seq_ - 1;
  }
  const grpc::Status st = reader->Finish();
  {
    std::lock_guard<std::mutex> lock(mu_);
    active_ = nullptr;
  }
  return absl::StrCat(
      "event stream ended: ",
      st.ok() ? std::string("closed by the server") : st.error_message());
}

}  // namespace fakecri::gui
