// File: restart.cc
// restart: the runtime goes away for `outage` and comes back, its
// containers keeping their state or (containers_unknown) in state UNKNOWN
// as after a containerd crash.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext&, FaultHit& h) {
  h.outage = e.outage;
  h.containers_unknown = e.containers_unknown;
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " outage=", FormatDuration(e.outage));
  if (e.containers_unknown) out += " containers_unknown";
}

void Summarize(const FaultHit& h, std::string& out) {
  StrAppend(&out, " outage=", FormatDuration(h.outage));
  if (h.containers_unknown) out += " containers_unknown";
}

// The first restart hit restarts the runtime (the hop that owns the
// runtime's outage acts on it).
void Apply(const FaultHit& h, FaultOutcome& out) {
  if (!out.restart) out.restart = h;
}

}  // namespace

std::vector<EffectSpec> EffectsIn_restart() {
  return {{
      .name = "restart",
      .list_order = 140,
      .help = "the runtime restarts",
      .params = {{Param::kOutage}, {Param::kContainersUnknown}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kCri, Hop::kRuntime},
      .hops_text = "cri (when a call arrives) or runtime (at its tick)",
      .flag = "--restart",
      .default_hop = Hop::kRuntime,
      .default_operation = "tick",
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
