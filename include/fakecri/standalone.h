// File: standalone.h
// Parts of the runtime that are useful without a Server: a real clock and
// an event log, for a CRI client that keeps its own time and records its
// own decisions while it talks to another runtime (the simulated kubelet
// against containerd, for instance).
#ifndef FAKECRI_PUBLIC_STANDALONE_H_
#define FAKECRI_PUBLIC_STANDALONE_H_

#include <cstddef>
#include <memory>

#include "fakecri/clock.h"
#include "fakecri/event_log.h"

namespace fakecri {

// Wall-clock time, `scale` (> 0) times faster than the host's, with one
// timer thread. Pause, Resume, Advance and SetScale work as on a server's
// real clock.
std::unique_ptr<Clock> NewRealClock(double scale = 1.0);

// An event log stamped by `clock` (which must outlive it), keeping the
// newest `capacity` events within `max_bytes`.
std::unique_ptr<EventLog> NewEventLog(Clock& clock, size_t capacity = 20'000,
                                      size_t max_bytes = size_t{16} << 20);

}  // namespace fakecri

#endif  // FAKECRI_PUBLIC_STANDALONE_H_
