// File: end_stream.cc
// end_stream: GetContainerEvents ends with a status (default OK) and
// message, as when containerd restarts under a kubelet.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.code = e.code.value_or(absl::StatusCode::kOk);
  h.message = ctx.Message();
}

void Describe(const Effect& e, std::string& out) {
  if (e.code) StrAppend(&out, " ", StatusCodeName(*e.code));
}

void Summarize(const FaultHit& h, std::string& out) {
  StrAppend(&out, " ", StatusCodeName(h.code));
}

// The stream ends with the hit's status; an earlier end wins.
void Apply(const FaultHit& h, FaultOutcome& out) {
  if (!out.end_stream) out.end_stream = absl::Status(h.code, h.message);
}

}  // namespace

std::vector<EffectSpec> EffectsIn_end_stream() {
  return {{
      .name = "end_stream",
      .list_order = 130,
      .help = "GetContainerEvents ends (status: --code, default OK)",
      .params = {{Param::kCode}, {Param::kMessage}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kEvents},
      .hops_text = "events",
      .flag = "--end-stream",
      .default_hop = Hop::kEvents,
      .default_operation = "send",
      .default_message = "event stream ended (injected fault)",
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
