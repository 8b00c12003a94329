#include "fake_runtime/clock/virtual_clock.h"

namespace fakecri::runtime {

VirtualClock::VirtualClock(TimeNs start) : now_(start) {}

TimeNs VirtualClock::Now() {
  fakecri::MutexLock l(&mu_);
  return now_;
}

Clock::TimerId VirtualClock::ScheduleAt(TimeNs when, std::function<void()> fn) {
  fakecri::MutexLock l(&mu_);
  TimerId id = next_id_++;
  timers_.emplace(std::make_pair(std::max(when, now_), id), std::move(fn));
  return id;
}

bool VirtualClock::Cancel(TimerId id) {
  fakecri::MutexLock l(&mu_);
  for (auto it = timers_.begin(); it != timers_.end(); ++it) {
    if (it->first.second == id) {
      timers_.erase(it);
      return true;
    }
  }
  return false;
}

void VirtualClock::AdvanceBy(DurationNs d) { AdvanceTo(Now() + d); }

void VirtualClock::AdvanceTo(TimeNs t) {
  fakecri::MutexLock fire(&fire_mu_);
  while (true) {
    std::function<void()> fn;
    {
      fakecri::MutexLock l(&mu_);
      if (timers_.empty() || timers_.begin()->first.first > t) {
        if (t > now_) now_ = t;
        return;
      }
      auto node = timers_.extract(timers_.begin());
      now_ = std::max(now_, node.key().first);
      fn = std::move(node.mapped());
    }
    fn();
  }
}

bool VirtualClock::RunNext() {
  fakecri::MutexLock fire(&fire_mu_);
  std::function<void()> fn;
  {
    fakecri::MutexLock l(&mu_);
    if (timers_.empty()) return false;
    auto node = timers_.extract(timers_.begin());
    now_ = std::max(now_, node.key().first);
    fn = std::move(node.mapped());
  }
  fn();
  return true;
}

size_t VirtualClock::PendingTimers() {
  fakecri::MutexLock l(&mu_);
  return timers_.size();
}

}  // namespace fakecri::runtime
