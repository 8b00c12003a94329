// File: not_ready.cc
// not_ready: a runtime condition (RuntimeReady or NetworkReady) reports
// false in the CRI Status, with a reason and message (containerd's own by
// default), for `duration` after the hit (0: for that status call only).
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"
#include "fake_runtime/faults/messages.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.condition = e.condition;
  h.reason = e.reason.empty() ? std::string(DefaultNotReadyReason(e.condition))
                              : e.reason;
  h.message = e.message.empty()
                  ? std::string(DefaultNotReadyMessage(e.condition))
                  : ctx.Message();
  h.duration = e.duration;
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " ", ConditionName(e.condition));
  if (!e.reason.empty()) StrAppend(&out, " reason=", e.reason);
  if (e.duration > 0) {
    StrAppend(&out, " duration=", FormatDuration(e.duration));
  }
}

void Summarize(const FaultHit& h, std::string& out) {
  StrAppend(&out, " ", ConditionName(h.condition), "=false reason=", h.reason);
  if (h.duration > 0) StrAppend(&out, " for ", FormatDuration(h.duration));
}

void Apply(const FaultHit& h, FaultOutcome& out) {
  out.conditions.push_back({.condition = h.condition,
                            .reason = h.reason,
                            .message = h.message,
                            .duration = h.duration});
}

}  // namespace

std::vector<EffectSpec> EffectsIn_not_ready() {
  return {{
      .name = "not_ready",
      .list_order = 80,
      .help = "NetworkReady=false or RuntimeReady=false",
      .params = {{Param::kCondition, {}, /*required=*/true},
                 {Param::kReason, "text"},
                 {Param::kMessage, "text"},
                 {Param::kDuration}},
      .shape = YamlShape::kScalarOrMap,
      .shortcut = Param::kCondition,
      .shortcut_form = "RuntimeReady, NetworkReady",
      .hops = {Hop::kRuntime},
      .hops_text = "runtime",
      .flag = "--condition",
      .default_hop = Hop::kRuntime,
      .default_operation = "status",
      .flag_param = Param::kCondition,
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
