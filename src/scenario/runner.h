// File: runner.h
// Plays a scenario: an embedded fakecri (virtual clock by default, seeded
// from the file) with the simulated kubelet on its in-process channel, or
// the kubelet alone against another runtime's socket in real time. Applies
// the timeline, checks expectations at their times and at the end, and
// returns the verdict with the run's event log for the outputs.
#ifndef FAKECRI_SCENARIO_RUNNER_H_
#define FAKECRI_SCENARIO_RUNNER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fakecri/event_log.h"
#include "fakecri/server.h"
#include "scenario/outputs.h"
#include "scenario/run_record.h"
#include "scenario/scenario.h"

namespace fakecri::scenario {

struct RunOptions {
  // "" = embedded fakecri; "unix:///..." = drive that runtime with the
  // kubelet in real time (runtime settings, fault actions and the
  // event-log expectations are then unavailable: the run is refused).
  std::string endpoint;
  // Embedded runs: the runtime records request and response payloads
  // (ServerOptions::record_payloads), e.g. for an event log a viewer reads.
  bool record_payloads = false;

  // Called with each timeline line as the run goes (may be null).
  std::function<void(const std::string&)> on_line;
  // Called on the host's stderr progress line (real/scaled clocks only).
  std::function<void(DurationNs done, DurationNs total)> on_progress;
  bool all_calls = false;  // timeline: polling calls too
  // Embedded runs only: called with the runtime once it is up (its fault
  // rules loaded, before the kubelet starts) and with nullptr just before
  // it shuts down, so a viewer can follow its event log and change its
  // fault rules while the run lasts (may be null).
  std::function<void(Server*)> on_server;
  // Virtual clock only: called before the driver fires each timer, with
  // the timer's time. It may block (a viewer pacing the run for an
  // audience); false stops the run there (may be null).
  std::function<bool(TimeNs next)> pace;
};

struct RunResult {
  RunReport report;
  std::unique_ptr<RunRecord> record;  // the whole event log of the run
};

// Fails (InvalidArgument, starting nothing) when the scenario cannot run
// as asked; a run that started always returns a result, its error set
// when it could not finish.
absl::StatusOr<RunResult> RunScenario(const Scenario& s,
                                      const RunOptions& opts);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_RUNNER_H_
