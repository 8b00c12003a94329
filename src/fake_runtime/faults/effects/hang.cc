// File: hang.cc
// hang: the call is not answered until the client's deadline.
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect&, const ResolveContext&, FaultHit&) {}

void Describe(const Effect&, std::string& out) {
  out += " until the client's deadline";
}

void Summarize(const FaultHit&, std::string& out) {
  out += " until the client's deadline";
}

void Apply(const FaultHit&, FaultOutcome& out) { out.hang = true; }

}  // namespace

std::vector<EffectSpec> EffectsIn_hang() {
  return {{
      .name = "hang",
      .list_order = 30,
      .help = "never answer (until the deadline)",
      .shape = YamlShape::kFlag,
      .hops = CallHops(),
      .hops_text = kCallHopsText,
      .flag = "--hang",
      .needs_where = true,
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
