// File: fault_rule.cc
// Validation (one precise message per mistake, naming the YAML field) and
// the one-line description of a rule.
#include "fake_runtime/faults/fault_rule.h"

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/glob.h"

namespace fakecri::faults {
namespace {

using K = EffectKind;

bool OneOf(K k, std::initializer_list<K> kinds) {
  for (K x : kinds) {
    if (x == k) return true;
  }
  return false;
}

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
  if (r.effect.kind == K::kOciFailure) {
    for (std::string_view name : known) {
      if (op.Matches(name) && name != "create" && name != "start") {
        return Err("operation",
                   StrCat("effect 'oci_failure' needs operation create or "
                          "start, got '",
                          r.operation.empty() ? "*" : r.operation,
                          "' (which matches ", name, ")"));
      }
    }
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

// Which hops an effect makes sense at.
std::optional<RuleError> CheckEffectHop(const FaultRule& r) {
  const K k = r.effect.kind;
  const Hop h = r.hop;
  std::string_view allowed;
  bool ok = true;
  if (OneOf(k, {K::kError, K::kLatency, K::kHang})) {
    ok = h == Hop::kCri || h == Hop::kManager || h == Hop::kOci ||
         h == Hop::kImagePull;
    allowed = "cri, manager, oci or image_pull";
  } else if (k == K::kOciFailure) {
    ok = h == Hop::kOci;
    allowed = "oci";
  } else if (OneOf(k, {K::kCrash, K::kCrashLoop, K::kOomKill})) {
    ok = h == Hop::kProcess;
    allowed = "process";
  } else if (k == K::kNotReady) {
    ok = h == Hop::kRuntime;
    allowed = "runtime";
  } else if (k == K::kRestart) {
    ok = h == Hop::kCri || h == Hop::kRuntime;
    allowed = "cri (when a call arrives) or runtime (at its tick)";
  } else if (OneOf(k, {K::kDropEvent, K::kDelayEvent, K::kDuplicateEvent,
                       K::kReorderEvent, K::kEndStream})) {
    ok = h == Hop::kEvents;
    allowed = "events";
  }
  if (!ok) {
    return Err("effect",
               StrCat("effect '", EffectKindName(k), "' applies to hop ",
                      allowed, ", not ", HopName(h)));
  }
  return std::nullopt;
}

// Fields of Effect that `kind` does not use must be unset.
std::optional<RuleError> CheckUnusedFields(const Effect& e) {
  const K k = e.kind;
  const std::string path = StrCat("effect.", EffectKindName(k));
  auto stray = [&](std::string_view field) {
    return Err(path,
               StrCat("effect '", EffectKindName(k), "' takes no ", field));
  };
  if (e.code && !OneOf(k, {K::kError, K::kEndStream})) return stray("code");
  if (!e.message.empty() &&
      !OneOf(k, {K::kError, K::kOciFailure, K::kNotReady, K::kEndStream})) {
    return stray("message");
  }
  if (!e.delay.IsZero() && !OneOf(k, {K::kLatency, K::kDelayEvent, K::kCrash,
                                      K::kCrashLoop, K::kOomKill})) {
    return stray("delay");
  }
  if (e.exit_code && !OneOf(k, {K::kCrash, K::kCrashLoop, K::kOciFailure})) {
    if (k == K::kOomKill) {
      return Err(path + ".exit_code",
                 "effect 'oom_kill' always exits with 137; remove exit_code");
    }
    return stray("exit_code");
  }
  if (k != K::kNotReady && (e.condition != Condition::kRuntimeReady ||
                            !e.reason.empty() || e.duration != 0)) {
    return stray("condition, reason or duration");
  }
  if (k != K::kRestart && (e.outage != 0 || e.containers_unknown)) {
    return stray("outage or containers_unknown");
  }
  return std::nullopt;
}

std::optional<RuleError> CheckEffectValues(const FaultRule& r) {
  const Effect& e = r.effect;
  const std::string path = StrCat("effect.", EffectKindName(e.kind));
  if (e.kind == K::kError && e.code == absl::StatusCode::kOk) {
    return Err(path + ".code",
               StrCat(path, ".code: an injected error needs a non-OK code"));
  }
  if (OneOf(e.kind, {K::kLatency, K::kDelayEvent, K::kCrash, K::kCrashLoop,
                     K::kOomKill})) {
    // The latency kinds are a distribution themselves; the crash kinds
    // nest theirs under "delay".
    const std::string where =
        OneOf(e.kind, {K::kLatency, K::kDelayEvent}) ? path : path + ".delay";
    if (absl::Status s = e.delay.Validate(); !s.ok()) {
      return Err(where, StrCat(where, ": ", s.message()));
    }
    if (e.delay.per_mib() != 0 &&
        !(e.kind == K::kLatency && r.hop == Hop::kImagePull)) {
      return Err(where, StrCat(where,
                               ": a per-MiB latency applies to hop "
                               "image_pull only (the size of a pull)"));
    }
  }
  if (e.exit_code && (*e.exit_code < 0 || *e.exit_code > 255)) {
    return Err(path + ".exit_code",
               StrCat(path, ".exit_code must be between 0 and 255, got ",
                      *e.exit_code));
  }
  if (e.duration < 0) {
    return Err(path + ".duration",
               StrCat(path, ".duration must not be negative, got ",
                      FormatDuration(e.duration)));
  }
  if (e.outage < 0) {
    return Err(path + ".outage",
               StrCat(path, ".outage must not be negative, got ",
                      FormatDuration(e.outage)));
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
  if (static_cast<size_t>(r.effect.kind) >= kEffectKindCount) {
    return Err("effect",
               StrCat("effect must be one of ", EffectKindNameList()));
  }
  if (auto e = CheckEffectHop(r)) return e;
  if (auto e = CheckOperation(r)) return e;
  if (auto e = CheckSelectors(r)) return e;
  if (auto e = CheckUnusedFields(r.effect)) return e;
  if (auto e = CheckEffectValues(r)) return e;
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
  std::string out(EffectKindName(e.kind));
  switch (e.kind) {
    case K::kError:
      StrAppend(&out, " ",
                StatusCodeName(e.code.value_or(absl::StatusCode::kUnknown)));
      break;
    case K::kLatency:
    case K::kDelayEvent:
      StrAppend(&out, " ", e.delay.ToString());
      break;
    case K::kHang:
      out += " until the client's deadline";
      break;
    case K::kOciFailure:
      if (e.exit_code) StrAppend(&out, " exit_code=", *e.exit_code);
      break;
    case K::kCrash:
    case K::kCrashLoop:
      StrAppend(&out, " exit_code=", e.exit_code.value_or(1));
      [[fallthrough]];
    case K::kOomKill:
      StrAppend(&out, " delay=", e.delay.ToString());
      break;
    case K::kNotReady:
      StrAppend(&out, " ", ConditionName(e.condition));
      if (!e.reason.empty()) StrAppend(&out, " reason=", e.reason);
      if (e.duration > 0) {
        StrAppend(&out, " duration=", FormatDuration(e.duration));
      }
      break;
    case K::kEndStream:
      if (e.code) StrAppend(&out, " ", StatusCodeName(*e.code));
      break;
    case K::kRestart:
      StrAppend(&out, " outage=", FormatDuration(e.outage));
      if (e.containers_unknown) out += " containers_unknown";
      break;
    case K::kDropEvent:
    case K::kDuplicateEvent:
    case K::kReorderEvent:
      break;
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
