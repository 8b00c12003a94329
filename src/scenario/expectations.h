// File: expectations.h
// Checks a scenario's expectations against what a run observed: the pods
// and node as the kubelet reports them, and the event log (CRI calls,
// back-offs, latencies, fault hits). Pure: no runtime, no kubelet.
#ifndef FAKECRI_SCENARIO_EXPECTATIONS_H_
#define FAKECRI_SCENARIO_EXPECTATIONS_H_

#include <string>
#include <vector>

#include "scenario/kubelet/kubelet.h"
#include "scenario/run_record.h"
#include "scenario/scenario.h"

namespace fakecri::scenario {

struct Observed {
  std::vector<PodView> pods;
  NodeView node;
  const RunRecord* record = nullptr;
};

struct ExpectationResult {
  SourcePos pos;
  TimeNs at = 0;     // offset when checked
  std::string what;  // one line: "pod default/web phase Running"
  bool passed = false;
  std::string message;  // on failure: what was seen
};

// One line saying what the expectation asks, for reports.
std::string DescribeExpectation(const Expectation& e);

ExpectationResult CheckExpectation(const Expectation& e, const Observed& o,
                                   TimeNs at_offset);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_EXPECTATIONS_H_
