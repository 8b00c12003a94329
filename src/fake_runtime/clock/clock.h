// File: clock.h
// The one clock of the runtime. Every timestamp, delay and timeout goes
// through a Clock so that the same code runs in real, scaled or virtual time.
// Nothing else in src/ reads the system time.
#ifndef FAKECRI_CLOCK_CLOCK_H_
#define FAKECRI_CLOCK_CLOCK_H_

#include <cstdint>
#include <functional>
#include <memory>

namespace fakecri::runtime {

// Nanoseconds since the Unix epoch (CRI timestamps use this unit).
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

  // "real", "scaled" or "virtual": shown by Status(verbose) and the GUI.
  virtual const char* Kind() const = 0;
};

// Real wall-clock time, optionally sped up by `scale` (> 0): time then
// advances `scale` times faster than the host clock, starting from the
// host time at construction.
std::unique_ptr<Clock> NewRealClock(double scale = 1.0);

}  // namespace fakecri::runtime

#endif  // FAKECRI_CLOCK_CLOCK_H_
