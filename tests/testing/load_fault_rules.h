// File: load_fault_rules.h
// The rule the fault-loading test and benchmark add by the thousand: a
// CRI or OCI error with a pod-name glob and a label, unique per `i`.
#ifndef FAKECRI_TESTS_TESTING_LOAD_FAULT_RULES_H_
#define FAKECRI_TESTS_TESTING_LOAD_FAULT_RULES_H_

#include <string>

#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_rule.h"

namespace fakecri::testing {

inline faults::FaultRule SelectorRule(int i) {
  faults::FaultRule r;
  r.hop = i % 3 == 0 ? faults::Hop::kCri : faults::Hop::kOci;
  r.operation =
      r.hop == faults::Hop::kCri && i % 2 == 0 ? "CreateContainer" : "*";
  r.match.pod_name = "pod-" + std::to_string(i) + "-*";
  r.match.labels = {{"app", "web"}};
  r.effect.kind = faults::FindEffect("error");
  return r;
}

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_TESTING_LOAD_FAULT_RULES_H_
