// File: fault_outcome.h
// What the hits at one hop ask that hop to do. Each hit is added by its
// effect's own applier (EffectSpec::apply, effects/<effect>.cc); the hop
// then reads the fields it serves, so no hop switches over effects. The
// fields are the hops' vocabulary: a new effect that delays, fails or ends
// something reuses them; one that needs a new kind of action adds a field
// here and the hop's reading of it.
#ifndef FAKECRI_FAULTS_FAULT_OUTCOME_H_
#define FAKECRI_FAULTS_FAULT_OUTCOME_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"
#include "fake_runtime/faults/fault_hit.h"

namespace fakecri::faults {

// A container process made to exit (hop process), `after` its start.
struct ProcessExit {
  std::string rule_id;
  DurationNs after = 0;
  bool oom_kill = false;  // the kernel's OOM kill of PID 1, else a crash
  int exit_code = 0;      // a crash's exit code
};

// A runtime condition reported false (hop runtime, operation status), for
// `duration` from now (0: this status call only).
struct ConditionFault {
  Condition condition = Condition::kRuntimeReady;
  std::string reason;
  std::string message;
  DurationNs duration = 0;
};

struct FaultOutcome {
  // Hops that answer a call (cri, image_pull, manager, oci), and the
  // events hop (how late the event is sent): added latency, summed.
  DurationNs delay = 0;
  // The call is never answered (until the client's deadline).
  bool hang = false;
  // The status the call fails with; the first failing hit wins.
  absl::Status error = absl::OkStatus();
  // cri (as a call arrives) and runtime tick: the runtime restarts; the
  // first such hit wins.
  std::optional<FaultHit> restart = std::nullopt;
  // events: what happens to the event being sent.
  bool drop_event = false;
  bool duplicate_event = false;
  bool reorder_event = false;
  std::optional<absl::Status> end_stream = std::nullopt;  // the first wins
  // process: exits to schedule, in hit order.
  std::vector<ProcessExit> exits = {};
  // runtime status: conditions forced false, in hit order.
  std::vector<ConditionFault> conditions = {};
};

// Folds `hits` (in order) through their effects' appliers.
FaultOutcome OutcomeOf(const std::vector<FaultHit>& hits);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_OUTCOME_H_
