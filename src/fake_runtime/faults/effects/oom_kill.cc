// File: oom_kill.cc
// oom_kill: the container's process is OOM-killed `delay` after it starts
// (exit code 137, reason OOMKilled, as the kernel and kubelet report it).
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.delay = e.delay.Sample(ctx.sample);
  h.exit_code = 137;
  h.reason = "OOMKilled";
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " delay=", e.delay.ToString());
}

void Apply(const FaultHit& h, FaultOutcome& out) {
  out.exits.push_back(
      {.rule_id = h.rule_id, .after = h.delay, .oom_kill = true});
}

}  // namespace

std::vector<EffectSpec> EffectsIn_oom_kill() {
  return {{
      .name = "oom_kill",
      .list_order = 70,
      .help = "the process is OOM-killed",
      .params = {{Param::kDelay}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kProcess},
      .hops_text = "process",
      .flag = "--oom-kill",
      .default_hop = Hop::kProcess,
      .default_operation = "start",
      .fixed_param = Param::kExitCode,
      .fixed_text = "always exits with 137",
      .resolve = Resolve,
      .describe = Describe,
      .summarize = SummarizeExit,
      .apply = Apply,
      .reaches_running = true,
  }};
}

}  // namespace fakecri::faults::effects
