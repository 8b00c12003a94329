// File: fault_hit.cc
// The log line of a hit: rule, call, target and the resolved effect.
#include "fake_runtime/faults/fault_hit.h"

#include <string>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/effect_registry.h"

namespace fakecri::faults {

std::string FaultHit::Summary() const {
  std::string out = StrCat("fault ", rule_id, " fired on ", HopName(hop), " ",
                           operation, " (", target, "): ", EffectName(kind));
  if (kind != nullptr && kind->summarize != nullptr) {
    kind->summarize(*this, out);
  }
  if (!message.empty()) StrAppend(&out, " \"", message, "\"");
  return out;
}

}  // namespace fakecri::faults
