// File: outputs.h
// The files a run writes: the Chrome trace-event JSON (Perfetto,
// chrome://tracing), the event log as JSON lines (for a viewer to replay)
// and the verdict as a JSON or JUnit report. All are functions of the run's
// record and results only, so the same file and seed give the same bytes.
#ifndef FAKECRI_SCENARIO_OUTPUTS_H_
#define FAKECRI_SCENARIO_OUTPUTS_H_

#include <ostream>
#include <string>
#include <vector>

#include "scenario/expectations.h"
#include "scenario/run_record.h"
#include "scenario/scenario.h"

namespace fakecri::scenario {

// One process ("node"), one track per actor: kubelet, CRI, container
// manager, faults, the OCI runtime of each handler, and one per container
// instance (its process, from start to exit). CRI calls are complete
// ("X") spans; OCI hops are spans inside their call; state transitions,
// kubelet decisions and faults are instant events (faults global). Every
// event's ts is microseconds from the start of the run; events are sorted
// by ts; a nested event names its parent call in args.parent_span.
void WriteChromeTrace(const RunRecord& record, std::ostream& out);

// One JSON object per line, oldest first: seq, time_ns, offset_ns, kind,
// span_id, parent_span_id, subject, object_id, owner ("ns/pod/container"),
// detail, status_code, latency_ns, for CRI events cri_event (the
// ContainerEventResponse in the proto3 JSON mapping) and, when the run
// recorded payloads, payload (the request or response in protobuf text
// format). src/gui/model/replay_reader.h reads it back.
void WriteEventsJsonl(const RunRecord& record, std::ostream& out);

struct RunReport {
  std::string scenario, file, clock;
  uint64_t seed = 0;
  DurationNs duration = 0;  // virtual (or clock) time the run covered
  std::vector<ExpectationResult> results;
  std::string error;  // the run itself failed (not an expectation)
  bool Passed() const;
};

void WriteJsonReport(const std::vector<RunReport>& runs, std::ostream& out);
// One <testsuite> per scenario, one <testcase> per expectation.
void WriteJunitReport(const std::vector<RunReport>& runs, std::ostream& out);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_OUTPUTS_H_
