// The public factories of fakecri/standalone.h, over the runtime's own
// clock and event log.
#include "fakecri/standalone.h"

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/events/event_log.h"

namespace fakecri {

std::unique_ptr<Clock> NewRealClock(double scale) {
  return runtime::NewRealClock(scale);
}

std::unique_ptr<EventLog> NewEventLog(Clock& clock, size_t capacity,
                                      size_t max_bytes) {
  return std::make_unique<runtime::BoundedEventLog>(clock, capacity, max_bytes);
}

}  // namespace fakecri
