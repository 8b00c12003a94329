#include "fake_runtime/clock/virtual_clock.h"

#include <algorithm>
#include <limits>

namespace fakecri::runtime {

VirtualClock::VirtualClock(TimeNs start) : now_(start) {}

TimeNs VirtualClock::Now() { return now_.load(std::memory_order_acquire); }

Clock::TimerId VirtualClock::ScheduleAt(TimeNs when, std::function<void()> fn) {
  fakecri::MutexLock l(&mu_);
  TimerId id = next_id_++;
  timers_.push_back(Timer{std::max(when, now_.load(std::memory_order_relaxed)),
                          id, std::move(fn)});
  std::push_heap(timers_.begin(), timers_.end(), Later());
  ++live_;
  return id;
}

bool VirtualClock::Cancel(TimerId id) {
  fakecri::MutexLock l(&mu_);
  for (Timer& t : timers_) {
    if (t.id == id && t.fn) {
      t.fn = nullptr;
      --live_;
      return true;
    }
  }
  return false;
}

bool VirtualClock::PopDue(TimeNs limit, std::function<void()>* out) {
  while (!timers_.empty() && timers_.front().when <= limit) {
    std::pop_heap(timers_.begin(), timers_.end(), Later());
    Timer t = std::move(timers_.back());
    timers_.pop_back();
    if (!t.fn) continue;  // cancelled
    --live_;
    if (t.when > now_.load(std::memory_order_relaxed)) {
      now_.store(t.when, std::memory_order_release);
    }
    *out = std::move(t.fn);
    return true;
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
      if (!PopDue(t, &fn)) {
        if (t > now_.load(std::memory_order_relaxed)) {
          now_.store(t, std::memory_order_release);
        }
        return;
      }
    }
    fn();
  }
}

bool VirtualClock::RunNext() {
  return FireNext(std::numeric_limits<TimeNs>::max());
}

bool VirtualClock::FireNext(TimeNs limit) {
  fakecri::MutexLock fire(&fire_mu_);
  std::function<void()> fn;
  {
    fakecri::MutexLock l(&mu_);
    if (!PopDue(limit, &fn)) return false;
  }
  fn();
  return true;
}

std::optional<TimeNs> VirtualClock::NextTimerDue() {
  fakecri::MutexLock l(&mu_);
  // Cancelled timers stay in the heap without a function: drop them here.
  while (!timers_.empty() && !timers_.front().fn) {
    std::pop_heap(timers_.begin(), timers_.end(), Later());
    timers_.pop_back();
  }
  if (timers_.empty()) return std::nullopt;
  return timers_.front().when;
}

absl::Status VirtualClock::Resume() {
  return absl::FailedPreconditionError(
      "the virtual clock does not run by itself; move it with advance");
}

absl::Status VirtualClock::Advance(DurationNs d) {
  if (d < 0) {
    return absl::InvalidArgumentError("cannot advance the clock backwards");
  }
  AdvanceBy(d);
  return absl::OkStatus();
}

absl::Status VirtualClock::SetScale(double) {
  return absl::FailedPreconditionError(
      "the virtual clock has no speed: it moves only with advance");
}

size_t VirtualClock::PendingTimers() {
  fakecri::MutexLock l(&mu_);
  return live_;
}

}  // namespace fakecri::runtime
