// File: virtual_clock.h
// Virtual time: the clock only moves when told to, firing due timers in
// order. Scenarios and tests use it to run hours of node life in
// milliseconds, deterministically.
#ifndef FAKECRI_CLOCK_VIRTUAL_CLOCK_H_
#define FAKECRI_CLOCK_VIRTUAL_CLOCK_H_

#include <atomic>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"

namespace fakecri::runtime {

// Thread-safe. Advance*/RunDue fire callbacks on the calling thread.
class VirtualClock final : public Clock {
 public:
  // Starts at `start` (default: 2026-01-01T00:00:00Z, so timestamps look real).
  explicit VirtualClock(TimeNs start = 1767225600LL * kSecond);

  TimeNs Now() override;
  TimerId ScheduleAt(TimeNs when, std::function<void()> fn) override;
  bool Cancel(TimerId id) override;
  const char* Kind() const override { return "virtual"; }

  // Control: a virtual clock never moves by itself, so it is always
  // "paused" (Pause is an accepted no-op); Resume and SetScale are
  // FailedPrecondition because there is no flow of time to resume or
  // speed up; Advance is AdvanceBy (timers fire on the caller's thread).
  absl::Status Pause() override { return absl::OkStatus(); }
  absl::Status Resume() override;
  absl::Status Advance(DurationNs d) override;
  absl::Status SetScale(double scale) override;
  std::optional<TimeNs> NextTimerDue() override;
  bool FireNext(TimeNs limit) override;
  bool Paused() override { return true; }
  double Scale() override { return 0; }

  // Moves time forward by `d`, firing every timer due on the way (timers
  // scheduled by callbacks included, when they fall inside the window).
  void AdvanceBy(DurationNs d);
  void AdvanceTo(TimeNs t);
  // Jumps to the next pending timer and fires it; false when none is left.
  bool RunNext();
  size_t PendingTimers();

 private:
  fakecri::Mutex mu_;
  // Written under mu_; read without it (Now() is the hottest call of a
  // simulation: every log line and every sleep asks for the time).
  std::atomic<TimeNs> now_;
  TimerId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  // A binary min-heap on (due time, id): same-time timers fire in
  // scheduling order. A cancelled timer stays in the heap with no function
  // (cancelling is rare; a heap keeps the common path cheap with 10,000s of
  // pending timers).
  struct Timer {
    TimeNs when;
    TimerId id;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const {
      return a.when != b.when ? a.when > b.when : a.id > b.id;
    }
  };
  // Takes the earliest timer due at or before `limit` into `out`.
  bool PopDue(TimeNs limit, std::function<void()>* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::vector<Timer> timers_ ABSL_GUARDED_BY(mu_);
  size_t live_ ABSL_GUARDED_BY(mu_) = 0;
  fakecri::Mutex fire_mu_;  // one advancing thread at a time
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_CLOCK_VIRTUAL_CLOCK_H_
