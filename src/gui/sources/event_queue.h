// File: event_queue.h
// Hands event records from a source's thread (the embedded runtime's
// event-log subscriber, a WatchEvents reader, a replay file) to the GUI
// thread, which drains it once per frame. Records keep the order they
// were pushed in, which every source makes the log's sequence order.
#ifndef FAKECRI_GUI_SOURCES_EVENT_QUEUE_H_
#define FAKECRI_GUI_SOURCES_EVENT_QUEUE_H_

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "fakecri/event_log.h"

namespace fakecri::gui {

// Thread-safe; any number of producers, one consumer.
class EventQueue {
 public:
  void Push(Event e);
  void PushAll(std::vector<Event> events);
  // Up to `max` of the oldest records, removed from the queue.
  std::vector<Event> Drain(size_t max);
  size_t size() const;
  // Records pushed since the queue was made (never decreases).
  size_t pushed() const;

 private:
  mutable std::mutex mu_;
  std::deque<Event> items_;
  size_t pushed_ = 0;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_EVENT_QUEUE_H_
