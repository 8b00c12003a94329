// File: clock.h
// The one clock of the runtime. Every timestamp, delay and timeout goes
// through a Clock (include/fakecri/clock.h) so that the same code runs in
// real, scaled or virtual time. Nothing but real_clock.cc reads the
// system time.
#ifndef FAKECRI_CLOCK_CLOCK_H_
#define FAKECRI_CLOCK_CLOCK_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "fakecri/clock.h"

namespace fakecri::runtime {

// The clock interface and time units are public (include/fakecri/clock.h);
// the runtime's code names them through this namespace.
using ::fakecri::Clock;
using ::fakecri::DurationNs;
using ::fakecri::kMillisecond;
using ::fakecri::kSecond;
using ::fakecri::TimeNs;

// Real wall-clock time, optionally sped up by `scale` (> 0): time then
// advances `scale` times faster than the host clock, starting from the
// host time at construction.
std::unique_ptr<Clock> NewRealClock(double scale = 1.0);

}  // namespace fakecri::runtime

#endif  // FAKECRI_CLOCK_CLOCK_H_
