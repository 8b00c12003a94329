// File: event_log.h
// The runtime's event log (the interface and the Event record are public:
// include/fakecri/event_log.h). BoundedEventLog is the one implementation:
// an append-only ring bounded by count and by bytes, with subscribers.
#ifndef FAKECRI_EVENTS_EVENT_LOG_H_
#define FAKECRI_EVENTS_EVENT_LOG_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fakecri/event_log.h"

namespace fakecri::runtime {

using ::fakecri::Event;
using ::fakecri::EventFootprint;
using ::fakecri::EventKind;
using ::fakecri::EventKindName;
using ::fakecri::EventLog;

// Thread-safe. Keeps the newest events: at most `capacity` of them and at
// most `max_bytes` of EventFootprint in all (the newest one always stays).
// The byte budget is what bounds memory: a CRI event carries the status of
// every container of its pod, so records range from ~200 bytes to tens of
// kilobytes.
class BoundedEventLog final : public EventLog {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{16} << 20;

  BoundedEventLog(Clock& clock, size_t capacity,
                  size_t max_bytes = kDefaultMaxBytes);
  BoundedEventLog(const BoundedEventLog&) = delete;
  BoundedEventLog& operator=(const BoundedEventLog&) = delete;

  uint64_t Append(Event e) override;
  uint64_t NewSpanId() override;
  SubscriptionId Subscribe(Subscriber fn) override;
  void Unsubscribe(SubscriptionId id) override;
  std::vector<std::shared_ptr<const Event>> Since(uint64_t from_seq) override;
  uint64_t LastSeq() override;
  size_t SubscriberCount() override;
  size_t capacity() const override { return capacity_; }
  size_t max_bytes() const override { return max_bytes_; }
  size_t HeldBytes() override;

 private:
  // Stamps and stores `rec`, moving the records it pushes out to `evicted`
  // (freed by the caller once the lock is released).
  uint64_t AppendLocked(std::shared_ptr<Event> rec,
                        std::vector<std::shared_ptr<const Event>>* evicted)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  const size_t capacity_;
  const size_t max_bytes_;
  fakecri::Mutex mu_;
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 1;
  std::atomic<uint64_t> next_span_{1};
  std::deque<std::shared_ptr<const Event>> ring_ ABSL_GUARDED_BY(mu_);
  size_t held_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  SubscriptionId next_sub_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<std::pair<SubscriptionId, Subscriber>> subs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_EVENTS_EVENT_LOG_H_
