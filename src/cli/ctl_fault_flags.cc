// File: ctl_fault_flags.cc
// Flag -> FaultRule. The effect and parameter flags are generated from the
// effect registry and parsed by the shared parameter parser; the checks
// here exist only to blame the right flag;
// the rule itself is validated by FindRuleError, whose field is then
// mapped back to the flag that set it.
#include "cli/ctl_fault_flags.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::cli {
namespace {

using faults::DurationNs;
using faults::Hop;

absl::Status FlagError(std::string_view flag, std::string_view message) {
  return absl::InvalidArgumentError(StrCat(flag, ": ", message));
}

using faults::EffectSpec;
using faults::Param;

// The effect flag a spec is chosen by; the error effect's (--code) is also
// a parameter flag, so it counts only when no other effect flag is given.
bool IsParamFlag(const EffectSpec& e) {
  return faults::FindParamByFlag(e.flag).has_value();
}

bool Given(const FaultFlags& f, std::string_view flag) {
  return f.effect.contains(std::string(flag));
}

std::string JoinOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    StrAppend(&out,
              i == 0                  ? ""
              : i + 1 == items.size() ? " and "
                                      : ", ",
              items[i]);
  }
  return out;
}

absl::StatusOr<const EffectSpec*> ChooseEffect(const FaultFlags& f) {
  std::vector<const EffectSpec*> given;
  std::vector<const EffectSpec*> fallback;
  std::string all;
  const std::vector<const EffectSpec*> specs = faults::AllEffects();
  for (size_t i = 0; i < specs.size(); ++i) {
    const EffectSpec* e = specs[i];
    if (e->flag.empty()) continue;
    StrAppend(&all, all.empty() ? "" : ", ", e->flag);
    if (!Given(f, e->flag)) continue;
    (IsParamFlag(*e) ? fallback : given).push_back(e);
  }
  if (given.size() > 1) {
    return FlagError(given[1]->flag, StrCat("choose one effect per rule; ",
                                            given[0]->flag, " is given too"));
  }
  if (given.size() == 1) return given[0];
  if (!fallback.empty()) return fallback[0];
  if (const size_t comma = all.rfind(", "); comma != std::string::npos) {
    all.replace(comma, 2, " or ");
  }
  return absl::InvalidArgumentError(
      StrCat("fault add needs an effect: ", all, " (or --file)"));
}

absl::Status SetWhere(const FaultFlags& f, const EffectSpec& e,
                      faults::FaultRule* r) {
  if (!f.rpc.empty()) {
    if (!f.hop.empty() && f.hop != "cri") {
      return FlagError("--rpc",
                       StrCat("names a CRI RPC (hop cri); --hop is ", f.hop));
    }
    if (!f.op.empty()) {
      return FlagError("--op", "--rpc already names the operation");
    }
    if (!e.needs_where && e.default_hop != Hop::kCri) {
      return FlagError(
          "--rpc", StrCat("names a CRI RPC, but ", e.flag, " happens at hop ",
                          faults::HopName(e.default_hop),
                          " (use --op to pick its operation)"));
    }
    r->hop = Hop::kCri;
    r->operation = f.rpc;
    return absl::OkStatus();
  }
  if (f.hop.empty() && e.needs_where) {
    return FlagError(e.flag,
                     "say where: --rpc NAME (a CRI RPC or a glob like "
                     "'Pull*'), or --hop HOP [--op OP]");
  }
  r->hop = e.default_hop;
  r->operation = std::string(e.default_operation);
  if (!f.hop.empty()) {
    const auto hop = faults::ParseHop(f.hop);
    if (!hop) {
      return FlagError("--hop",
                       StrCat("unknown hop '", f.hop, "'; expected one of ",
                              faults::HopNameList()));
    }
    // Another hop: the default operation belongs to the default hop.
    if (*hop != r->hop) r->operation.clear();
    r->hop = *hop;
  }
  if (!f.op.empty()) r->operation = f.op;
  return absl::OkStatus();
}

absl::Status SetSelectors(const FaultFlags& f, faults::Selector* m) {
  m->pod_name = f.pod;
  m->pod_namespace = f.pod_namespace;
  m->pod_uid = f.uid;
  m->container_name = f.container;
  m->image = f.image;
  m->handler = f.handler;
  for (const std::string& kv : f.labels) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return FlagError(
          "--label",
          StrCat("expected KEY=VALUE (value may be a glob), got '", kv, "'"));
    }
    m->labels[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return absl::OkStatus();
}

absl::StatusOr<DurationNs> Duration(std::string_view flag,
                                    const std::string& text) {
  auto d = faults::ParseNonNegativeDuration(text);
  if (!d.ok()) return FlagError(flag, std::string(d.status().message()));
  return *d;
}

// Whether effect `e` takes parameter `p` through its own flag (--code) or
// a parameter flag (--exit-code), not through its effect flag's value.
bool TakesByFlag(const EffectSpec& e, Param p) {
  return e.Takes(p) && (e.flag_param != p || IsParamFlag(e));
}

// "--exit-code: applies to --oci-failure, --crash and --crash-loop, not
// --latency".
absl::Status NotFor(const faults::ParamInfo& info, const EffectSpec& e) {
  std::vector<std::string> takers;
  for (const EffectSpec* s : faults::AllEffects()) {
    if (!s->flag.empty() && TakesByFlag(*s, info.param)) {
      takers.emplace_back(s->flag_label.empty() ? s->flag : s->flag_label);
    }
  }
  return FlagError(info.flag, StrCat("applies to ", JoinOr(takers), ", not ",
                                     e.flag, info.flag_hint));
}

absl::Status SetEffect(const FaultFlags& f, const EffectSpec& e,
                       faults::Effect* out) {
  out->kind = &e;
  // The effect flag's own value (--latency 300ms, --condition X=false).
  if (e.flag_param && !IsParamFlag(e)) {
    if (absl::Status s = faults::ParseParamFlag(
            *e.flag_param, f.effect.at(std::string(e.flag)), *out);
        !s.ok()) {
      return FlagError(e.flag, std::string(s.message()));
    }
  }
  for (size_t i = 0; i < faults::kParamCount; ++i) {
    const faults::ParamInfo& info = faults::GetParamInfo(static_cast<Param>(i));
    if (info.flag.empty() || !Given(f, info.flag)) continue;
    if (e.fixed_param == info.param) {
      return FlagError(info.flag, StrCat(e.flag, " ", e.fixed_text));
    }
    if (!TakesByFlag(e, info.param)) return NotFor(info, e);
    const std::string& text = f.effect.at(std::string(info.flag));
    absl::Status s;
    switch (info.type) {
      case faults::ParamType::kExitCode: {
        // CLI11 has read it as an int already; the range is Validate's.
        int64_t v = 0;
        if (!absl::SimpleAtoi(text, &v)) {
          s = absl::InvalidArgumentError(
              StrCat("expected an integer, got '", text, "'"));
        }
        faults::SetParamInt(info.param, v, *out);
        break;
      }
      case faults::ParamType::kBool:
        faults::SetParamBool(info.param, text != "false", *out);
        break;
      default:
        s = faults::ParseParamFlag(info.param, text, *out);
        break;
    }
    if (!s.ok()) return FlagError(info.flag, std::string(s.message()));
  }
  return absl::OkStatus();
}

absl::Status SetWhen(const FaultFlags& f, faults::When* w) {
  if (f.probability) {
    const std::optional<double> p = faults::ParseProbability(*f.probability);
    if (!p) {
      return FlagError("--probability",
                       StrCat("expected a number between 0 and 1 or a "
                              "percentage (0.25, 25%), got '",
                              *f.probability, "'"));
    }
    w->probability = *p;
  }
  w->first = f.first;
  w->every = f.every;
  w->times = f.times;
  if (f.start_after) {
    auto d = Duration("--start-after", *f.start_after);
    if (!d.ok()) return d.status();
    w->after = *d;
  }
  if (f.for_duration) {
    auto d = Duration("--for", *f.for_duration);
    if (!d.ok()) return d.status();
    if (*d == 0) return FlagError("--for", "must be longer than 0s");
    w->until = w->after + *d;
  }
  return absl::OkStatus();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// The flag that set the rule field FindRuleError blames.
std::string FlagFor(std::string_view field, const FaultFlags& f,
                    const EffectSpec& e) {
  if (field == "id") return "--id";
  if (field == "hop") return "--hop";
  if (field == "operation") return f.rpc.empty() ? "--op" : "--rpc";
  if (StartsWith(field, "match.labels")) return "--label";
  if (StartsWith(field, "match")) {
    return "--pod/--namespace/--uid/--label/--container/--image/--handler";
  }
  if (field == "effect") return f.hop.empty() ? std::string(e.flag) : "--hop";
  // effect.<name>.<key>: the parameter's flag where it has one; else the
  // effect flag set it (effect.latency, effect.not_ready.condition).
  for (size_t i = 0; i < faults::kParamCount; ++i) {
    const faults::ParamInfo& info = faults::GetParamInfo(static_cast<Param>(i));
    if (!info.flag.empty() && EndsWith(field, StrCat(".", info.key))) {
      return std::string(info.flag);
    }
  }
  return std::string(e.flag);
}

}  // namespace

void AddFaultFlags(CLI::App* cmd, FaultFlags* f) {
  cmd->add_option("--file", f->file,
                  "add every rule of a fault file (YAML, docs/faults.md); "
                  "all or none")
      ->check(CLI::ExistingFile);
  auto* where = "Where";
  cmd->add_option("--rpc", f->rpc, "a CRI RPC name or glob (hop cri)")
      ->group(where);
  cmd->add_option("--hop", f->hop,
                  "cri|manager|oci|image_pull|process|events|runtime")
      ->group(where);
  cmd->add_option("--op", f->op, "operation (glob) at the hop")->group(where);
  auto* targets = "Targets (globs)";
  cmd->add_option("--pod", f->pod, "pod name")->group(targets);
  cmd->add_option("--namespace", f->pod_namespace, "pod namespace")
      ->group(targets);
  cmd->add_option("--uid", f->uid, "pod uid")->group(targets);
  cmd->add_option("--label", f->labels, "pod label KEY=VALUE (repeatable)")
      ->group(targets);
  cmd->add_option("--container", f->container, "container name")
      ->group(targets);
  cmd->add_option("--image", f->image, "image (full or familiar form)")
      ->group(targets);
  cmd->add_option("--handler", f->handler, "runtime handler (runc, runsc, ...)")
      ->group(targets);
  // The effects and their parameters, from the registry.
  auto* what = "Effect (exactly one)";
  auto* params = "Effect parameters";
  auto store = [f](std::string_view flag) {
    return [f, flag = std::string(flag)](const std::string& v) {
      f->effect[flag] = v;
    };
  };
  auto add_param = [&](const faults::ParamInfo& info, const char* group) {
    const std::string name(info.flag);
    const std::string help(info.help);
    switch (info.type) {
      case faults::ParamType::kBool:
        cmd->add_flag_callback(
               name, [f, name] { f->effect[name] = "true"; }, help)
            ->group(group);
        break;
      case faults::ParamType::kExitCode:
        cmd->add_option_function<int>(
               name, [f, name](int v) { f->effect[name] = std::to_string(v); },
               help)
            ->group(group);
        break;
      default:
        cmd->add_option_function<std::string>(name, store(name), help)
            ->group(group);
        break;
    }
  };
  std::vector<bool> param_added(faults::kParamCount, false);
  for (const faults::EffectSpec* e : faults::AllEffects()) {
    if (e->flag.empty()) continue;
    if (const auto p = faults::FindParamByFlag(e->flag)) {
      // --code: the error effect's flag is its parameter's flag.
      if (!param_added[static_cast<size_t>(*p)]) {
        add_param(faults::GetParamInfo(*p), what);
        param_added[static_cast<size_t>(*p)] = true;
      }
      continue;
    }
    const std::string name(e->flag);
    const std::string help(e->help);
    if (e->flag_param) {
      cmd->add_option_function<std::string>(name, store(name), help)
          ->group(what);
    } else {
      cmd->add_flag_callback(
             name, [f, name] { f->effect[name] = ""; }, help)
          ->group(what);
    }
  }
  for (size_t i = 0; i < faults::kParamCount; ++i) {
    const faults::ParamInfo& info = faults::GetParamInfo(static_cast<Param>(i));
    if (info.flag.empty() || param_added[i]) continue;
    add_param(info, params);
  }
  auto* when = "When";
  cmd->add_option_function<std::string>(
         "--probability", [f](const std::string& v) { f->probability = v; },
         "0..1 or a percentage")
      ->group(when);
  cmd->add_option("--first", f->first, "only the first N matching calls")
      ->group(when);
  cmd->add_option("--every", f->every, "only every Nth matching call")
      ->group(when);
  cmd->add_option("--times", f->times, "at most N hits")->group(when);
  cmd->add_option_function<std::string>(
         "--start-after", [f](const std::string& v) { f->start_after = v; },
         "active from this long after the rule is added")
      ->group(when);
  cmd->add_option_function<std::string>(
         "--for", [f](const std::string& v) { f->for_duration = v; },
         "active for this long (from --start-after)")
      ->group(when);
  cmd->add_option("--id", f->id, "rule id (default f1, f2, ...)");
  cmd->add_option("--description", f->description, "free text");
  // --file excludes the rest; count them once parsing is done.
  cmd->callback([cmd, f] {
    for (const CLI::Option* o : cmd->get_options()) {
      if (o->count() > 0 && !o->check_lname("file") &&
          !o->check_lname("help")) {
        ++f->rule_flags;
      }
    }
  });
}

absl::StatusOr<faults::FaultRule> BuildFaultRule(const FaultFlags& f) {
  absl::StatusOr<const EffectSpec*> chosen = ChooseEffect(f);
  if (!chosen.ok()) return chosen.status();
  const EffectSpec* effect = *chosen;
  faults::FaultRule r;
  r.id = f.id;
  r.description = f.description;
  if (absl::Status s = SetWhere(f, *effect, &r); !s.ok()) return s;
  if (absl::Status s = SetSelectors(f, &r.match); !s.ok()) return s;
  if (absl::Status s = SetEffect(f, *effect, &r.effect); !s.ok()) return s;
  if (absl::Status s = SetWhen(f, &r.when); !s.ok()) return s;
  if (auto e = faults::FindRuleError(r)) {
    return FlagError(FlagFor(e->field, f, *effect), e->message);
  }
  return r;
}

}  // namespace fakecri::cli
