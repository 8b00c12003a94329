// File: fault_outcome.cc
#include "fake_runtime/faults/fault_outcome.h"

#include "fake_runtime/faults/effects/effect_registry.h"

namespace fakecri::faults {

FaultOutcome OutcomeOf(const std::vector<FaultHit>& hits) {
  FaultOutcome out;
  for (const FaultHit& hit : hits) {
    if (hit.kind != nullptr) hit.kind->apply(hit, out);
  }
  return out;
}

}  // namespace fakecri::faults
