// File: pace_gate.h
// Holds an embedded virtual-time run back to what the audience has seen.
// The run asks Wait(t) before its clock moves to t; the GUI opens the gate
// up to the playback's time each frame (Allow) or, in step mode, for one
// timer at a time (Grant) until the next call appears. Without the gate a
// scenario's minutes of virtual time would be over in a fraction of a
// second, before anyone could watch them.
#ifndef FAKECRI_GUI_SOURCES_PACE_GATE_H_
#define FAKECRI_GUI_SOURCES_PACE_GATE_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "fakecri/clock.h"

namespace fakecri::gui {

// Thread-safe.
class PaceGate {
 public:
  // Run side: blocks until `t` is allowed, a granted timer is left, or the
  // gate closes (then false: stop the run).
  bool Wait(TimeNs t);

  // GUI side.
  void Allow(TimeNs until);  // times <= until may pass (never lowered)
  // At least this many more timers may pass (grants do not pile up: a
  // GUI granting every frame never lets the run race ahead).
  void Grant(int timers);
  void Close();  // every Wait returns false from now on
  // The run waits at the gate with nothing granted: everything it did so
  // far is in the event log.
  bool Idle() const;
  // The time the run waits to reach, when it is waiting.
  std::optional<TimeNs> waiting_for() const;
  TimeNs allowed() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  TimeNs allowed_ = 0;
  bool has_allowed_ = false;
  int grants_ = 0;
  bool closed_ = false;
  std::optional<TimeNs> waiting_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_PACE_GATE_H_
