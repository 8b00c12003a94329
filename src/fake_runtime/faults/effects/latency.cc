// File: latency.cc
// latency: the call is delayed by a draw from a distribution; at hop
// image_pull the distribution may add a per-MiB term for the image size.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.delay = e.delay.Sample(ctx.sample, ctx.point.bytes);
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " ", e.delay.ToString());
}

void Summarize(const FaultHit& h, std::string& out) {
  StrAppend(&out, " +", FormatDuration(h.delay));
}

// The reply waits longer; latencies of several hits add up.
void Apply(const FaultHit& h, FaultOutcome& out) { out.delay += h.delay; }

}  // namespace

std::vector<EffectSpec> EffectsIn_latency() {
  return {{
      .name = "latency",
      .list_order = 20,
      .help = "add latency: 300ms, 'uniform(1s,2s)', 'normal(2s,500ms)', "
              "'2s + 8ms/MiB'",
      .params = {{Param::kDelay}},
      .shape = YamlShape::kValue,
      .shortcut = Param::kDelay,
      .hops = CallHops(),
      .hops_text = kCallHopsText,
      .flag = "--latency",
      .needs_where = true,
      .flag_param = Param::kDelay,
      .per_mib = true,
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
