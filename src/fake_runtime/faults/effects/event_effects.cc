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

EffectSpec OnEvent(std::string_view name, EffectKind kind,
                   std::string_view flag, std::string_view help) {
  return {
      .name = name,
      .kind = kind,
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

EffectSpec DropEventEffect() {
  return OnEvent("drop_event", EffectKind::kDropEvent, "--drop-event",
                 "a CRI event is not sent");
}

EffectSpec DelayEventEffect() {
  EffectSpec s = OnEvent("delay_event", EffectKind::kDelayEvent,
                         "--delay-event", "a CRI event is sent late");
  s.params = {{Param::kDelay}};
  s.shape = YamlShape::kValue;
  s.shortcut = Param::kDelay;
  s.flag_param = Param::kDelay;
  s.resolve = ResolveDelay;
  s.describe = DescribeDelay;
  s.summarize = SummarizeDelay;
  return s;
}

EffectSpec DuplicateEventEffect() {
  return OnEvent("duplicate_event", EffectKind::kDuplicateEvent,
                 "--duplicate-event", "a CRI event is sent twice");
}

EffectSpec ReorderEventEffect() {
  return OnEvent("reorder_event", EffectKind::kReorderEvent, "--reorder-event",
                 "a CRI event is sent after the next one");
}

}  // namespace fakecri::faults::effects
