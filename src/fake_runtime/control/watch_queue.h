// File: watch_queue.h
// The queue behind one WatchEvents stream: live events that arrive while
// the backlog is being read are held back, then merged after it so every
// sequence number comes out once and in order. Kept apart from the gRPC
// reactor so the merge can be tested on its own.
#ifndef FAKECRI_CONTROL_WATCH_QUEUE_H_
#define FAKECRI_CONTROL_WATCH_QUEUE_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "fake_runtime/control/event_proto.h"
#include "fake_runtime/events/event_log.h"

namespace fakecri::control {

// Not thread-safe: the reactor guards it.
class WatchQueue {
 public:
  using EventPtr = std::shared_ptr<const runtime::Event>;
  enum class Push { kQueued, kSkipped, kOverflow };

  // `max_live`: live events (not the backlog) the queue may hold.
  WatchQueue(KindMask kinds, size_t max_live)
      : kinds_(kinds), max_live_(max_live) {}

  // A live event, in sequence order (from the event-log subscriber, which
  // must be registered before the backlog is read). Before SetBacklog it is
  // held back; after, it is queued unless filtered out or already sent.
  Push PushLive(EventPtr e);

  // The held events with seq >= `since`, read after subscribing. Queues
  // them (kind-filtered), then the live events held back that the backlog
  // did not cover.
  void SetBacklog(uint64_t since, std::vector<EventPtr> backlog);

  bool empty() const { return queue_.empty(); }
  // The next event; the queue must not be empty.
  EventPtr Pop();

 private:
  bool Wanted(const runtime::Event& e) const;

  const KindMask kinds_;
  const size_t max_live_;
  bool started_ = false;
  std::vector<EventPtr> early_;  // live events before SetBacklog
  uint64_t since_ = 0;
  uint64_t backlog_max_ = 0;  // the highest seq the backlog covered
  std::deque<EventPtr> queue_;
  size_t backlog_left_ = 0;  // queue_'s backlog prefix
};

}  // namespace fakecri::control

#endif  // FAKECRI_CONTROL_WATCH_QUEUE_H_
