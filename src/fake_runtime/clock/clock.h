// File: clock.h
// The one clock of the runtime. Every timestamp, delay and timeout goes
// through a Clock (include/fakecri/clock.h) so that the same code runs in
// real, scaled or virtual time. Nothing but real_clock.cc reads the
// system time.
#ifndef FAKECRI_CLOCK_CLOCK_H_
#define FAKECRI_CLOCK_CLOCK_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>

#include "absl/status/status.h"
#include "fakecri/clock.h"

namespace fakecri::runtime {

// The clock interface and time units are public (include/fakecri/clock.h);
// the runtime's code names them through this namespace.
using ::fakecri::Clock;
using ::fakecri::DurationNs;
using ::fakecri::kMaxClockTime;
using ::fakecri::kMillisecond;
using ::fakecri::kSecond;
using ::fakecri::SaturatingAdd;
using ::fakecri::TimeNs;

// `seconds` (a client's timeout) in nanoseconds, saturating instead of
// wrapping.
inline DurationNs SecondsToNs(int64_t seconds) {
  DurationNs out;
  if (__builtin_mul_overflow(seconds, kSecond, &out)) {
    return seconds > 0 ? std::numeric_limits<DurationNs>::max()
                       : std::numeric_limits<DurationNs>::min();
  }
  return out;
}

// Bounds of a real clock's speed (`serve --time-scale`, SetClockScale):
// a million times faster covers a year in 30 host seconds; beyond that
// the clock would only race to kMaxClockTime. A millionth slower is
// practically paused.
inline constexpr double kMinClockScale = 1e-6;
inline constexpr double kMaxClockScale = 1e6;
// InvalidArgument naming the bounds unless kMinClockScale <= scale <=
// kMaxClockScale.
absl::Status ValidateClockScale(double scale);

// Real wall-clock time, optionally sped up by `scale` (within
// ValidateClockScale's bounds; the caller checks): time then advances
// `scale` times faster than the host clock, starting from the host time at
// construction. Now() never passes kMaxClockTime.
std::unique_ptr<Clock> NewRealClock(double scale = 1.0);

}  // namespace fakecri::runtime

#endif  // FAKECRI_CLOCK_CLOCK_H_
