// Backlog / live merge of a WatchEvents stream, deduplicated by sequence
// number.
#include "fake_runtime/control/watch_queue.h"

#include <utility>

namespace fakecri::control {

bool WatchQueue::Wanted(const runtime::Event& e) const {
  return e.seq >= since_ && e.seq > backlog_max_ && HasKind(kinds_, e.kind);
}

WatchQueue::Push WatchQueue::PushLive(EventPtr e) {
  if (!started_) {
    early_.push_back(std::move(e));
    return Push::kQueued;
  }
  if (!Wanted(*e)) return Push::kSkipped;
  if (queue_.size() - backlog_left_ >= max_live_) return Push::kOverflow;
  queue_.push_back(std::move(e));
  return Push::kQueued;
}

void WatchQueue::SetBacklog(uint64_t since, std::vector<EventPtr> backlog) {
  since_ = since;
  backlog_max_ = backlog.empty() ? 0 : backlog.back()->seq;
  for (EventPtr& e : backlog) {
    if (HasKind(kinds_, e->kind)) queue_.push_back(std::move(e));
  }
  backlog_left_ = queue_.size();
  started_ = true;
  // Appended between subscribing and reading the backlog: some are in both.
  for (EventPtr& e : early_) {
    if (Wanted(*e)) queue_.push_back(std::move(e));
  }
  early_.clear();
}

WatchQueue::EventPtr WatchQueue::Pop() {
  EventPtr e = std::move(queue_.front());
  queue_.pop_front();
  if (backlog_left_ > 0) --backlog_left_;
  return e;
}

}  // namespace fakecri::control
