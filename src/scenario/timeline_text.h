// File: timeline_text.h
// The readable timeline of a run, one line per thing worth seeing:
//   +12.000s kubelet → StartContainer default/web/app ← OK 3.1 ms
//   +12.004s kubelet   back-off 10s restarting failed container app
//   +17.004s FAULT     f1 process default/web/app: crash_loop
//   +17.004s runtime   container default/web/app CONTAINER_RUNNING -> ...
// The kubelet's polling (relists, Status, status calls) is left out unless
// it failed or `all_calls` is set, so an hour of node life stays readable.
#ifndef FAKECRI_SCENARIO_TIMELINE_TEXT_H_
#define FAKECRI_SCENARIO_TIMELINE_TEXT_H_

#include <optional>
#include <string>

#include "fakecri/event_log.h"
#include "scenario/run_record.h"

namespace fakecri::scenario {

struct TimelineOptions {
  bool all_calls = false;  // polling calls too
  bool oci_calls = false;  // container manager -> OCI runtime hops
};

// The line for one event, or nullopt when it is not shown. `record` names
// ids; `start` is the run's time zero.
std::optional<std::string> TimelineLine(const Event& e, const RunRecord& record,
                                        const TimelineOptions& opts);

// True for the RPCs a kubelet makes on a timer rather than for a decision.
bool IsPollingRpc(const std::string& rpc);

// "3.1 ms", "250 us", "2.000 s".
std::string FormatLatency(DurationNs d);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_TIMELINE_TEXT_H_
