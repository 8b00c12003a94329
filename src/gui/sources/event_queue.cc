// File: event_queue.cc
#include "gui/sources/event_queue.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace fakecri::gui {

void EventQueue::Push(Event e) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.push_back(std::move(e));
  ++pushed_;
}

void EventQueue::PushAll(std::vector<Event> events) {
  std::lock_guard<std::mutex> lock(mu_);
  pushed_ += events.size();
  items_.insert(items_.end(), std::make_move_iterator(events.begin()),
                std::make_move_iterator(events.end()));
}

std::vector<Event> EventQueue::Drain(size_t max) {
  std::lock_guard<std::mutex> lock(mu_);
  const size_t n = std::min(max, items_.size());
  std::vector<Event> out(std::make_move_iterator(items_.begin()),
                         std::make_move_iterator(items_.begin() + n));
  items_.erase(items_.begin(), items_.begin() + n);
  return out;
}

size_t EventQueue::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return items_.size();
}

size_t EventQueue::pushed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pushed_;
}

}  // namespace fakecri::gui
