// File: event_effects.cc
// The effects on one CRI event as GetContainerEvents sends it: dropped,
// sent late, sent twice, or sent after the next one.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Nothing(const Effect&, const ResolveContext&, FaultHit&) {}
void NoText(const Effect&, std::string&) {}
void NoSummary(const FaultHit&, std::string&) {}

void Drop(const FaultHit&, FaultOutcome& out) { out.drop_event = true; }
void Duplicate(const FaultHit&, FaultOutcome& out) {
  out.duplicate_event = true;
}
void Reorder(const FaultHit&, FaultOutcome& out) { out.reorder_event = true; }
void Delay(const FaultHit& h, FaultOutcome& out) { out.delay += h.delay; }

EffectSpec OnEvent(std::string_view name, int list_order, std::string_view flag,
                   std::string_view help,
                   void (*apply)(const FaultHit&, FaultOutcome&)) {
  return {
      .name = name,
      .list_order = list_order,
      .help = help,
      .shape = YamlShape::kFlag,
      .hops = {Hop::kEvents},
      .hops_text = "events",
      .flag = flag,
      .default_hop = Hop::kEvents,
      .default_operation = "send",
      .resolve = Nothing,
      .describe = NoText,
      .summarize = NoSummary,
      .apply = apply,
  };
}

void ResolveDelay(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.delay = e.delay.Sample(ctx.sample, ctx.point.bytes);
}

void DescribeDelay(const Effect& e, std::string& out) {
  StrAppend(&out, " ", e.delay.ToString());
}

void SummarizeDelay(const FaultHit& h, std::string& out) {
  StrAppend(&out, " +", FormatDuration(h.delay));
}

}  // namespace

std::vector<EffectSpec> EffectsIn_event_effects() {
  EffectSpec delay = OnEvent("delay_event", 100, "--delay-event",
                             "a CRI event is sent late", Delay);
  delay.params = {{Param::kDelay}};
  delay.shape = YamlShape::kValue;
  delay.shortcut = Param::kDelay;
  delay.flag_param = Param::kDelay;
  delay.resolve = ResolveDelay;
  delay.describe = DescribeDelay;
  delay.summarize = SummarizeDelay;
  return {
      OnEvent("drop_event", 90, "--drop-event", "a CRI event is not sent",
              Drop),
      delay,
      OnEvent("duplicate_event", 110, "--duplicate-event",
              "a CRI event is sent twice", Duplicate),
      OnEvent("reorder_event", 120, "--reorder-event",
              "a CRI event is sent after the next one", Reorder),
  };
}

}  // namespace fakecri::faults::effects
