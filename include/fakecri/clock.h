// File: clock.h
// The one clock of a fakecri runtime, as an embedder sees it. Every
// timestamp, delay, timeout and process lifetime inside the runtime goes
// through this interface, so the same code runs in real time, scaled real
// time or virtual time (which moves only when advanced). Server::clock()
// hands out the runtime's clock.
#ifndef FAKECRI_PUBLIC_CLOCK_H_
#define FAKECRI_PUBLIC_CLOCK_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/status.h"

namespace fakecri {

// Nanoseconds since the Unix epoch (the unit of CRI timestamps).
using TimeNs = int64_t;
using DurationNs = int64_t;

inline constexpr DurationNs kMillisecond = 1'000'000;
inline constexpr DurationNs kSecond = 1'000'000'000;

// Thread-safe. Timer callbacks run without any clock lock held, one at a
// time, in (due time, scheduling order) order.
class Clock {
 public:
  using TimerId = uint64_t;
  virtual ~Clock() = default;

  // Current time. Never decreases.
  virtual TimeNs Now() = 0;

  // Runs `fn` once the clock reaches `when` (at once if already past).
  virtual TimerId ScheduleAt(TimeNs when, std::function<void()> fn) = 0;
  TimerId ScheduleAfter(DurationNs delay, std::function<void()> fn) {
    return ScheduleAt(Now() + delay, std::move(fn));
  }

  // Returns true when the timer was still pending and will not run.
  virtual bool Cancel(TimerId id) = 0;

  // Stops the timer thread, if any; pending timers are dropped.
  virtual void Shutdown() {}

  // "real", "scaled" or "virtual".
  virtual const char* Kind() const = 0;

  // Run-time control (`fakecri ctl clock`, a viewer's pause/step/speed).
  // Clocks that cannot do something say so with FailedPrecondition. None
  // of these may be called while holding a lock that a timer callback
  // takes: Advance fires due timers (on the caller's thread for a virtual
  // clock; waiting for the timer thread for a real one).
  //
  // Freezes Now() and timers; idempotent.
  virtual absl::Status Pause() {
    return absl::FailedPreconditionError("this clock cannot be paused");
  }
  // Continues from the frozen time (no jump); idempotent.
  virtual absl::Status Resume() {
    return absl::FailedPreconditionError("this clock cannot be resumed");
  }
  // Jumps forward by `d` (>= 0), firing every timer due on the way, and
  // returns once they have run. A virtual clock steps through the timers'
  // due times; a real clock jumps at once, so its callbacks see the time
  // after the jump.
  virtual absl::Status Advance(DurationNs d) {
    (void)d;
    return absl::FailedPreconditionError("this clock cannot be advanced");
  }
  // From now on, clock time passes `scale` (> 0) times faster than host
  // time; Now() does not jump.
  virtual absl::Status SetScale(double scale) {
    (void)scale;
    return absl::FailedPreconditionError(
        "this clock's speed cannot be changed");
  }
  // Stepping, for a driver that must let other work settle between two
  // timers (the simulated kubelet's virtual-time driver). Clocks whose
  // time flows by itself return nullopt / false.
  //
  // The due time of the earliest pending timer.
  virtual std::optional<TimeNs> NextTimerDue() { return std::nullopt; }
  // Fires the single earliest pending timer when it is due at or before
  // `limit`, moving Now() to its due time first; false when there is none.
  virtual bool FireNext(TimeNs limit) {
    (void)limit;
    return false;
  }

  // True while time does not flow by itself.
  virtual bool Paused() { return false; }
  // Clock seconds per host second; 0 when time never flows by itself.
  virtual double Scale() { return 1.0; }
};

}  // namespace fakecri

#endif  // FAKECRI_PUBLIC_CLOCK_H_
