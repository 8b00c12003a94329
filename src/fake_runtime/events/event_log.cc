#include "fake_runtime/events/event_log.h"

#include <algorithm>

namespace fakecri {

const char* EventKindName(EventKind k) {
  switch (k) {
    case EventKind::kRpcIn:
      return "rpc_in";
    case EventKind::kRpcOut:
      return "rpc_out";
    case EventKind::kOciCall:
      return "oci_call";
    case EventKind::kTransition:
      return "transition";
    case EventKind::kCriEvent:
      return "cri_event";
    case EventKind::kFault:
      return "fault";
    case EventKind::kInfo:
      return "info";
    case EventKind::kKubelet:
      return "kubelet";
  }
  return "?";
}

namespace {
size_t HeapBytes(const std::string& s) {
  // libstdc++ keeps up to 15 characters inside the string itself.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}
}  // namespace

size_t EventFootprint(const Event& e) {
  constexpr size_t kControlBlock = 16;  // make_shared's counts
  return sizeof(Event) + kControlBlock + HeapBytes(e.subject) +
         HeapBytes(e.object_id) + HeapBytes(e.detail) +
         HeapBytes(e.cri_event_bytes) + HeapBytes(e.payload);
}

}  // namespace fakecri

namespace fakecri::runtime {

BoundedEventLog::BoundedEventLog(Clock& clock, size_t capacity,
                                 size_t max_bytes)
    : clock_(clock),
      capacity_(std::max<size_t>(capacity, 16)),
      max_bytes_(std::max<size_t>(max_bytes, 64 << 10)) {}

namespace {
// The log whose subscribers this thread is notifying, and the records they
// appended meanwhile: a subscriber may append (a fault firing on an event
// stream records its hit) without re-taking the lock.
thread_local BoundedEventLog* t_notifying = nullptr;
thread_local std::vector<Event>* t_pending = nullptr;
}  // namespace

uint64_t BoundedEventLog::Append(Event e) {
  if (t_notifying == this) {
    t_pending->push_back(std::move(e));
    return 0;
  }
  // Every CRI call appends from a gRPC thread, so the lock is kept short:
  // records are allocated before it and evicted ones freed after it.
  e.cri_event_bytes.shrink_to_fit();
  auto rec = std::make_shared<Event>(std::move(e));
  std::vector<std::shared_ptr<const Event>> evicted;
  fakecri::MutexLock l(&mu_);
  std::vector<Event> pending;
  BoundedEventLog* const outer_log = t_notifying;
  std::vector<Event>* const outer_pending = t_pending;
  t_notifying = this;
  t_pending = &pending;
  const uint64_t seq = AppendLocked(std::move(rec), &evicted);
  // Records appended by subscribers follow, in the order they came.
  for (size_t i = 0; i < pending.size(); ++i) {
    AppendLocked(std::make_shared<Event>(std::move(pending[i])), &evicted);
  }
  t_notifying = outer_log;
  t_pending = outer_pending;
  return seq;
}

uint64_t BoundedEventLog::AppendLocked(
    std::shared_ptr<Event> rec,
    std::vector<std::shared_ptr<const Event>>* evicted) {
  rec->seq = next_seq_++;
  if (rec->time_ns == 0) rec->time_ns = clock_.Now();
  std::shared_ptr<const Event> stored = std::move(rec);
  held_bytes_ += EventFootprint(*stored);
  ring_.push_back(stored);
  while (ring_.size() > 1 &&
         (ring_.size() > capacity_ || held_bytes_ > max_bytes_)) {
    held_bytes_ -= EventFootprint(*ring_.front());
    evicted->push_back(std::move(ring_.front()));
    ring_.pop_front();
  }
  for (auto& [id, fn] : subs_) fn(stored);
  return stored->seq;
}

uint64_t BoundedEventLog::NewSpanId() {
  return next_span_.fetch_add(1, std::memory_order_relaxed);
}

BoundedEventLog::SubscriptionId BoundedEventLog::Subscribe(Subscriber fn) {
  fakecri::MutexLock l(&mu_);
  SubscriptionId id = next_sub_++;
  subs_.emplace_back(id, std::move(fn));
  return id;
}

void BoundedEventLog::Unsubscribe(SubscriptionId id) {
  fakecri::MutexLock l(&mu_);
  std::erase_if(subs_, [id](const auto& s) { return s.first == id; });
}

std::vector<std::shared_ptr<const Event>> BoundedEventLog::Since(
    uint64_t from_seq) {
  fakecri::MutexLock l(&mu_);
  std::vector<std::shared_ptr<const Event>> out;
  for (const auto& e : ring_) {
    if (e->seq >= from_seq) out.push_back(e);
  }
  return out;
}

size_t BoundedEventLog::HeldBytes() {
  fakecri::MutexLock l(&mu_);
  return held_bytes_;
}

size_t BoundedEventLog::SubscriberCount() {
  fakecri::MutexLock l(&mu_);
  return subs_.size();
}

uint64_t BoundedEventLog::LastSeq() {
  fakecri::MutexLock l(&mu_);
  return next_seq_ - 1;
}

}  // namespace fakecri::runtime
