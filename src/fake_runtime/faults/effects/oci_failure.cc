// File: oci_failure.cc
// oci_failure: the OCI runtime's create or start fails (UNKNOWN, as
// containerd surfaces runc failures); a failed start leaves the container
// exited with exit_code (default 128) and reason StartError.
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"
#include "fake_runtime/faults/glob.h"

namespace fakecri::faults::effects {
namespace {

std::optional<RuleError> CheckOperation(const FaultRule& r) {
  const Glob op(r.operation);
  for (std::string_view name : KnownOperations(r.hop)) {
    if (op.Matches(name) && name != "create" && name != "start") {
      return RuleError{
          "operation",
          StrCat("effect 'oci_failure' needs operation create or start, got '",
                 r.operation.empty() ? "*" : r.operation, "' (which matches ",
                 name, ")")};
    }
  }
  return std::nullopt;
}

void Resolve(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.code = absl::StatusCode::kUnknown;
  h.message = ctx.Message();
  if (ctx.point.operation == "start") {
    h.exit_code = e.exit_code.value_or(128);
    h.reason = "StartError";
  }
}

void Describe(const Effect& e, std::string& out) {
  if (e.exit_code) StrAppend(&out, " exit_code=", *e.exit_code);
}

void Summarize(const FaultHit& h, std::string& out) {
  if (!h.reason.empty()) {
    StrAppend(&out, " exit_code=", h.exit_code, " reason=", h.reason);
  }
}

// The OCI call fails UNKNOWN; an earlier failing hit wins.
void Apply(const FaultHit& h, FaultOutcome& out) {
  if (out.error.ok()) out.error = absl::UnknownError(h.message);
}

}  // namespace

std::vector<EffectSpec> EffectsIn_oci_failure() {
  return {{
      .name = "oci_failure",
      .list_order = 40,
      .help = "the OCI start (or --op create) fails",
      .params = {{Param::kMessage}, {Param::kExitCode}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kOci},
      .hops_text = "oci",
      .flag = "--oci-failure",
      .default_hop = Hop::kOci,
      .default_operation = "start",
      .check_where = CheckOperation,
      .resolve = Resolve,
      .describe = Describe,
      .summarize = Summarize,
      .apply = Apply,
  }};
}

}  // namespace fakecri::faults::effects
