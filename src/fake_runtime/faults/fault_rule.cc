// File: fault_rule.cc
// Validation (one precise message per mistake, naming the YAML field) and
// the one-line description of a rule. What is particular to an effect —
// its hops, parameters and own checks — comes from its EffectSpec.
#include "fake_runtime/faults/fault_rule.h"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/glob.h"

namespace fakecri::faults {
namespace {

std::optional<RuleError> Err(std::string field, std::string message) {
  return RuleError{std::move(field), std::move(message)};
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return false;
    }
  }
  return true;
}

std::string Join(std::span<const std::string_view> names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ", ", names[i]);
  }
  return out;
}

std::optional<RuleError> CheckOperation(const FaultRule& r) {
  const std::span<const std::string_view> known = KnownOperations(r.hop);
  if (known.empty()) return std::nullopt;  // manager steps are free-form
  const Glob op(r.operation);
  bool any = false;
  for (std::string_view name : known) any = any || op.Matches(name);
  if (!any) {
    if (r.hop == Hop::kCri) {
      return Err("operation",
                 StrCat("operation '", r.operation,
                        "' matches no CRI RPC; expected an RPC name such as "
                        "PullImage or CreateContainer, or a glob like "
                        "'Pull*'"));
    }
    return Err(
        "operation",
        StrCat("operation '", r.operation, "' matches no ", HopName(r.hop),
               " operation; expected one of ", Join(known)));
  }
  return std::nullopt;
}

std::optional<RuleError> CheckSelectors(const FaultRule& r) {
  if (r.hop == Hop::kRuntime && !r.match.Empty()) {
    return Err("match",
               "hop 'runtime' has no pods, containers or images to select; "
               "remove 'match'");
  }
  for (const auto& [key, value] : r.match.labels) {
    if (key.empty()) {
      return Err("match.labels", "match.labels: label keys must not be empty");
    }
  }
  return std::nullopt;
}

// Which hops the effect applies to.
std::optional<RuleError> CheckEffectHop(const FaultRule& r,
                                        const EffectSpec& spec) {
  for (Hop h : spec.hops) {
    if (h == r.hop) return std::nullopt;
  }
  return Err("effect", StrCat("effect '", spec.name, "' applies to hop ",
                              spec.hops_text, ", not ", HopName(r.hop)));
}

// Fields of Effect that the effect does not take must be unset.
std::optional<RuleError> CheckUnusedFields(const EffectSpec& spec,
                                           const Effect& e) {
  const std::string path = StrCat("effect.", spec.name);
  for (size_t i = 0; i < kParamCount; ++i) {
    const Param p = static_cast<Param>(i);
    if (!ParamIsSet(p, e) || spec.Takes(p)) continue;
    const ParamInfo& info = GetParamInfo(p);
    if (spec.fixed_param == p) {
      return Err(StrCat(path, ".", info.key),
                 StrCat("effect '", spec.name, "' ", spec.fixed_text,
                        "; remove ", info.key));
    }
    return Err(path, StrCat("effect '", spec.name, "' takes no ", info.stray));
  }
  return std::nullopt;
}

std::optional<RuleError> CheckEffectValues(const FaultRule& r,
                                           const EffectSpec& spec) {
  const Effect& e = r.effect;
  const std::string path = StrCat("effect.", spec.name);
  if (spec.check_values != nullptr) {
    if (auto err = spec.check_values(r, path)) return err;
  }
  for (const EffectParam& ep : spec.params) {
    const ParamInfo& info = GetParamInfo(ep.param);
    const std::string where = spec.ParamPath(ep.param);
    switch (info.type) {
      case ParamType::kLatency:
        if (absl::Status s = e.delay.Validate(); !s.ok()) {
          return Err(where, StrCat(where, ": ", s.message()));
        }
        if (e.delay.per_mib() != 0 &&
            !(spec.per_mib && r.hop == Hop::kImagePull)) {
          return Err(where, StrCat(where,
                                   ": a per-MiB latency applies to hop "
                                   "image_pull only (the size of a pull)"));
        }
        break;
      case ParamType::kExitCode:
        if (e.exit_code && (*e.exit_code < 0 || *e.exit_code > 255)) {
          return Err(where, StrCat(where, " must be between 0 and 255, got ",
                                   *e.exit_code));
        }
        break;
      case ParamType::kDuration:
        if (const DurationNs d = *ParamInt(ep.param, e); d < 0) {
          return Err(where, StrCat(where, " must not be negative, got ",
                                   FormatDuration(d)));
        }
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

std::optional<RuleError> CheckWhen(const When& w) {
  if (!(w.probability >= 0 && w.probability <= 1)) {
    return Err("when.probability",
               StrCat("when.probability must be between 0 and 1, got ",
                      w.probability));
  }
  const std::pair<const char*, int64_t> counts[] = {
      {"first", w.first}, {"every", w.every}, {"times", w.times}};
  for (const auto& [name, value] : counts) {
    if (value < 0) {
      return Err(StrCat("when.", name),
                 StrCat("when.", name, " must not be negative, got ", value));
    }
  }
  if (w.after < 0) {
    return Err("when.after", StrCat("when.after must not be negative, got ",
                                    FormatDuration(w.after)));
  }
  if (w.until && *w.until <= w.after) {
    return Err("when.until", StrCat("when.until (", FormatDuration(*w.until),
                                    ") must be later than when.after (",
                                    FormatDuration(w.after), ")"));
  }
  return std::nullopt;
}

void AppendSelector(std::string* out, std::string_view name,
                    const std::string& glob) {
  if (!glob.empty()) StrAppend(out, " ", name, "=", glob);
}

}  // namespace

bool Selector::Empty() const {
  return pod_name.empty() && pod_namespace.empty() && pod_uid.empty() &&
         container_name.empty() && image.empty() && handler.empty() &&
         labels.empty();
}

bool When::Always() const {
  return probability == 1.0 && first == 0 && every == 0 && times == 0 &&
         after == 0 && !until;
}

std::optional<RuleError> FindRuleError(const FaultRule& r) {
  if (!r.id.empty() && !ValidId(r.id)) {
    return Err("id", StrCat("id '", r.id,
                            "' is invalid: expected 1 to 63 letters, digits, "
                            "'.', '_' or '-', starting with a letter or "
                            "digit"));
  }
  if (static_cast<size_t>(r.hop) >= kHopCount) {
    return Err("hop", StrCat("hop must be one of ", HopNameList()));
  }
  const EffectSpec* spec = r.effect.kind;
  if (spec == nullptr || FindEffect(spec->name) != spec) {
    return Err("effect", StrCat("effect must be one of ", EffectNameList()));
  }
  if (auto e = CheckEffectHop(r, *spec)) return e;
  if (auto e = CheckOperation(r)) return e;
  if (spec->check_where != nullptr) {
    if (auto e = spec->check_where(r)) return e;
  }
  if (auto e = CheckSelectors(r)) return e;
  if (auto e = CheckUnusedFields(*spec, r.effect)) return e;
  if (auto e = CheckEffectValues(r, *spec)) return e;
  if (auto e = CheckWhen(r.when)) return e;
  return std::nullopt;
}

absl::Status Validate(const FaultRule& rule) {
  std::optional<RuleError> e = FindRuleError(rule);
  if (!e) return absl::OkStatus();
  if (rule.id.empty() || e->field == "id") {
    return absl::InvalidArgumentError(e->message);
  }
  return absl::InvalidArgumentError(
      StrCat("fault '", rule.id, "': ", e->message));
}

std::string DescribeEffect(const Effect& e) {
  std::string out(EffectName(e.kind));
  if (e.kind != nullptr && e.kind->describe != nullptr) {
    e.kind->describe(e, out);
  }
  if (!e.message.empty()) StrAppend(&out, " \"", e.message, "\"");
  return out;
}

std::string Describe(const FaultRule& r) {
  std::string out;
  if (!r.id.empty()) StrAppend(&out, r.id, ": ");
  StrAppend(&out, HopName(r.hop), " ",
            r.operation.empty() ? std::string("*") : r.operation);
  AppendSelector(&out, "pod", r.match.pod_name);
  AppendSelector(&out, "namespace", r.match.pod_namespace);
  AppendSelector(&out, "uid", r.match.pod_uid);
  for (const auto& [key, value] : r.match.labels) {
    StrAppend(&out, " label:", key, "=", value);
  }
  AppendSelector(&out, "container", r.match.container_name);
  AppendSelector(&out, "image", r.match.image);
  AppendSelector(&out, "handler", r.match.handler);
  StrAppend(&out, " -> ", DescribeEffect(r.effect));
  const When& w = r.when;
  if (!w.Always()) {
    out += " when";
    if (w.probability != 1.0) StrAppend(&out, " probability=", w.probability);
    if (w.first > 0) StrAppend(&out, " first=", w.first);
    if (w.every > 0) StrAppend(&out, " every=", w.every);
    if (w.times > 0) StrAppend(&out, " times=", w.times);
    if (w.after > 0) StrAppend(&out, " after=", FormatDuration(w.after));
    if (w.until) StrAppend(&out, " until=", FormatDuration(*w.until));
  }
  if (!r.description.empty()) StrAppend(&out, " (", r.description, ")");
  return out;
}

}  // namespace fakecri::faults
