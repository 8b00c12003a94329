// File: error.cc
// error: the call fails with a gRPC status (default UNKNOWN, as containerd
// reports most failures) and a message (default: containerd's words for
// the operation).
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"

namespace fakecri::faults::effects {
namespace {

std::optional<RuleError> CheckCode(const FaultRule& r,
                                   const std::string& path) {
  if (r.effect.code == absl::StatusCode::kOk) {
    return RuleError{path + ".code",
                     StrCat(path,
                            ".code: an injected error needs a non-OK "
                            "code")};
  }
  return std::nullopt;
}

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.code = e.code.value_or(absl::StatusCode::kUnknown);
  h.message = ctx.Message();
}

void Describe(const Effect& e, std::string& out) {
  StrAppend(&out, " ",
            StatusCodeName(e.code.value_or(absl::StatusCode::kUnknown)));
}

void Summarize(const FaultHit& h, std::string& out) {
  StrAppend(&out, " ", StatusCodeName(h.code));
}

// The call fails with the hit's status; an earlier failing hit wins.
void Apply(const FaultHit& h, FaultOutcome& out) {
  if (out.error.ok()) out.error = absl::Status(h.code, h.message);
}

}  // namespace

std::vector<EffectSpec> EffectsIn_error() {
  return {{
      .name = "error",
      .list_order = 10,
      .help = "return this gRPC error",
      .params = {{Param::kCode}, {Param::kMessage}},
      .shape = YamlShape::kScalarOrMap,
      .shortcut = Param::kCode,
      .shortcut_form = "a status code like UNAVAILABLE",
      .hops = CallHops(),
      .hops_text = kCallHopsText,
      .flag = "--code",
      .needs_where = true,
      .flag_param = Param::kCode,
      .flag_label = "errors (alone)",
      .check_values = CheckCode,
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
