// The WatchEvents stream: merging the backlog with live events, the
// per-stream queue and the one-write-at-a-time loop.
#include "fake_runtime/control/watch_reactor.h"

#include "fake_runtime/control/control_service.h"

namespace fakecri::control {

WatchReactor::WatchReactor(ControlService* svc, runtime::EventLog& log,
                           KindMask kinds)
    : svc_(svc), log_(log), queue_(kinds, kMaxQueuedLiveEvents) {}

void WatchReactor::Start(uint64_t since) {
  sub_ = log_.Subscribe([this](const EventPtr& e) { Push(e); });
  subscribed_ = true;
  // Every event after `last` reaches Push; the backlog covers the rest.
  const uint64_t last = log_.LastSeq();
  if (since == 0) since = last + 1;
  std::vector<EventPtr> backlog = log_.Since(since);
  // The log drops its oldest events beyond its capacity: say so when the
  // client asked for some of those.
  uint64_t first = since;
  bool gap = false;
  if (!backlog.empty() && backlog.front()->seq > since) {
    gap = true;
    first = backlog.front()->seq;
  } else if (backlog.empty() && since <= last) {
    gap = true;
    first = last + 1;
  }

  EventPtr ev;
  bool write;
  {
    fakecri::MutexLock l(&mu_);
    if (finished_) return;  // ended meanwhile (shutdown)
    queue_.SetBacklog(since, std::move(backlog));
    start_.set_first_available_seq(first);
    start_.set_gap(gap);
    start_.set_last_seq(last);
    start_pending_ = true;
    write = TakeNext(&ev);
  }
  if (write) Send(ev);
}

void WatchReactor::Push(const EventPtr& e) {
  EventPtr ev;
  bool write = false;
  bool overflow = false;
  {
    fakecri::MutexLock l(&mu_);
    if (finished_) return;
    switch (queue_.PushLive(e)) {
      case WatchQueue::Push::kOverflow:
        overflow = true;
        break;
      case WatchQueue::Push::kQueued:
        write = TakeNext(&ev);
        break;
      case WatchQueue::Push::kSkipped:
        break;
    }
  }
  if (overflow) {
    End(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "event watcher is too slow: more than 100000 live "
                     "events queued"));
  } else if (write) {
    Send(ev);
  }
}

bool WatchReactor::TakeNext(EventPtr* ev) {
  if (writing_ || finished_) return false;
  if (start_pending_) {
    start_pending_ = false;
    msg_.Clear();
    *msg_.mutable_start() = start_;
    ev->reset();
    writing_ = true;
    return true;
  }
  if (queue_.empty()) return false;
  *ev = queue_.Pop();
  writing_ = true;
  return true;
}

void WatchReactor::Send(const EventPtr& ev) {
  if (ev != nullptr) {
    msg_.Clear();
    EventToProto(*ev, msg_.mutable_event());
  }
  StartWrite(&msg_);
}

void WatchReactor::OnWriteDone(bool ok) {
  EventPtr ev;
  bool write = false;
  {
    fakecri::MutexLock l(&mu_);
    writing_ = false;
    if (ok) write = TakeNext(&ev);
  }
  if (!ok) {
    End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                     "event stream write failed"));
  } else if (write) {
    Send(ev);
  }
}

void WatchReactor::End(const grpc::Status& status) {
  {
    fakecri::MutexLock l(&mu_);
    if (finished_) return;
    finished_ = true;
  }
  Finish(status);
}

void WatchReactor::OnDone() {
  if (subscribed_) log_.Unsubscribe(sub_);  // no callback can reach us now
  if (svc_ != nullptr) svc_->Forget(this);
  auto last = std::move(self_);  // may destroy *this on return
}

}  // namespace fakecri::control
