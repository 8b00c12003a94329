// File: crash.cc
// crash and crash_loop: the container's process exits with exit_code
// (default 1, reason Error) `delay` after it starts — crash on the starts
// the rule's conditions pick, crash_loop on every start.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.delay = e.delay.Sample(ctx.sample);
  h.exit_code = e.exit_code.value_or(1);
  h.reason = "Error";
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " exit_code=", e.exit_code.value_or(1),
            " delay=", e.delay.ToString());
}

// PID 1 is killed `delay` after the start and the container exits with
// the hit's exit code.
void Apply(const FaultHit& h, FaultOutcome& out) {
  out.exits.push_back(
      {.rule_id = h.rule_id, .after = h.delay, .exit_code = h.exit_code});
}

EffectSpec Crash(std::string_view name, int list_order, std::string_view flag,
                 std::string_view help) {
  return {
      .name = name,
      .list_order = list_order,
      .help = help,
      .params = {{Param::kExitCode}, {Param::kDelay}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kProcess},
      .hops_text = "process",
      .flag = flag,
      .default_hop = Hop::kProcess,
      .default_operation = "start",
      .resolve = Resolve,
      .describe = Describe,
      .summarize = SummarizeExit,
      .apply = Apply,
  };
}

}  // namespace

void SummarizeExit(const FaultHit& h, std::string& out) {
  StrAppend(&out, " exit_code=", h.exit_code, " reason=", h.reason, " after ",
            FormatDuration(h.delay));
}

std::vector<EffectSpec> EffectsIn_crash() {
  EffectSpec crash =
      Crash("crash", 50, "--crash", "the container's process exits");
  crash.reaches_running = true;
  return {crash, Crash("crash_loop", 60, "--crash-loop",
                       "the process exits after every start")};
}

}  // namespace fakecri::faults::effects
