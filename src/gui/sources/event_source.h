// File: event_source.h
// Where the GUI's events come from. A source runs on its own thread and
// pushes fakecri::Event records, in sequence order, into an EventQueue;
// the GUI folds what it drains into its view model. The GUI never reaches
// into a runtime: it sees only these records, and sends fault commands
// back through faults().
#ifndef FAKECRI_GUI_SOURCES_EVENT_SOURCE_H_
#define FAKECRI_GUI_SOURCES_EVENT_SOURCE_H_

#include <memory>
#include <string>

#include "gui/sources/event_queue.h"
#include "gui/sources/fault_backend.h"
#include "gui/sources/pace_gate.h"

namespace fakecri::gui {

enum class SourceState { kStarting, kRunning, kFinished, kFailed };

struct SourceStatus {
  SourceState state = SourceState::kStarting;
  std::string message;  // one line for the status bar
};

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Starts the source's thread; `queue` must outlive Stop().
  virtual void Start(EventQueue& queue) = 0;
  // Ends the thread (idempotent; the destructor calls it too).
  virtual void Stop() = 0;
  // "scenario classroom-demo (embedded, virtual time)", "unix:///...".
  virtual std::string Describe() const = 0;
  virtual SourceStatus Status() const = 0;
  // Where fault commands go; nullptr when the source cannot take them
  // (a replay).
  virtual FaultBackend* faults() = 0;
  // Everything the source has to give right now is in the queue: a paced
  // run waits at its gate (or ended), a watch stream delivered the
  // backlog it started with, a replay pushed its file. A screenshot waits
  // for this so it shows the same picture however loaded the machine is.
  virtual bool Settled() const = 0;
  // The gate holding the run to the playback; nullptr when the source
  // runs at its own pace (a live runtime, a replay).
  virtual PaceGate* gate() = 0;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_EVENT_SOURCE_H_
