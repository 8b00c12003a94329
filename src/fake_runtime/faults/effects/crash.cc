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

EffectSpec Crash(std::string_view name, EffectKind kind, std::string_view flag,
                 std::string_view help) {
  return {
      .name = name,
      .kind = kind,
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
  };
}

}  // namespace

void SummarizeExit(const FaultHit& h, std::string& out) {
  StrAppend(&out, " exit_code=", h.exit_code, " reason=", h.reason, " after ",
            FormatDuration(h.delay));
}

EffectSpec CrashEffect() {
  return Crash("crash", EffectKind::kCrash, "--crash",
               "the container's process exits");
}

EffectSpec CrashLoopEffect() {
  return Crash("crash_loop", EffectKind::kCrashLoop, "--crash-loop",
               "the process exits after every start");
}

}  // namespace fakecri::faults::effects
