// Flag -> FaultRule. The checks here exist only to blame the right flag;
// the rule itself is validated by FindRuleError, whose field is then
// mapped back to the flag that set it.
#include "cli/ctl_fault_flags.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::cli {
namespace {

using faults::DurationNs;
using faults::EffectKind;
using faults::Hop;

absl::Status FlagError(std::string_view flag, std::string_view message) {
  return absl::InvalidArgumentError(StrCat(flag, ": ", message));
}

// An effect flag and where its effect happens when no --hop is given.
struct EffectFlag {
  std::string_view flag;
  bool given;
  EffectKind kind;
  Hop hop;
  std::string_view op;  // default operation
  bool needs_where;     // error / latency / hang: no sensible default hop
};

std::vector<EffectFlag> EffectFlags(const FaultFlags& f) {
  return {
      {"--latency", f.latency.has_value(), EffectKind::kLatency, Hop::kCri, "",
       true},
      {"--hang", f.hang, EffectKind::kHang, Hop::kCri, "", true},
      {"--oci-failure", f.oci_failure, EffectKind::kOciFailure, Hop::kOci,
       "start", false},
      {"--crash", f.crash, EffectKind::kCrash, Hop::kProcess, "start", false},
      {"--crash-loop", f.crash_loop, EffectKind::kCrashLoop, Hop::kProcess,
       "start", false},
      {"--oom-kill", f.oom_kill, EffectKind::kOomKill, Hop::kProcess, "start",
       false},
      {"--condition", f.condition.has_value(), EffectKind::kNotReady,
       Hop::kRuntime, "status", false},
      {"--drop-event", f.drop_event, EffectKind::kDropEvent, Hop::kEvents,
       "send", false},
      {"--duplicate-event", f.duplicate_event, EffectKind::kDuplicateEvent,
       Hop::kEvents, "send", false},
      {"--reorder-event", f.reorder_event, EffectKind::kReorderEvent,
       Hop::kEvents, "send", false},
      {"--delay-event", f.delay_event.has_value(), EffectKind::kDelayEvent,
       Hop::kEvents, "send", false},
      {"--end-stream", f.end_stream, EffectKind::kEndStream, Hop::kEvents,
       "send", false},
      {"--restart", f.restart, EffectKind::kRestart, Hop::kRuntime, "tick",
       false},
  };
}

absl::StatusOr<EffectFlag> ChooseEffect(const FaultFlags& f) {
  std::vector<EffectFlag> given;
  for (const EffectFlag& e : EffectFlags(f)) {
    if (e.given) given.push_back(e);
  }
  if (given.size() > 1) {
    return FlagError(given[1].flag, StrCat("choose one effect per rule; ",
                                           given[0].flag, " is given too"));
  }
  if (given.size() == 1) return given[0];
  if (f.code) {
    return EffectFlag{"--code", true, EffectKind::kError, Hop::kCri, "", true};
  }
  return absl::InvalidArgumentError(
      "fault add needs an effect: --code, --latency, --hang, --oci-failure, "
      "--crash, --crash-loop, --oom-kill, --condition, --drop-event, "
      "--duplicate-event, --reorder-event, --delay-event, --end-stream or "
      "--restart (or --file)");
}

absl::Status SetWhere(const FaultFlags& f, const EffectFlag& e,
                      faults::FaultRule* r) {
  if (!f.rpc.empty()) {
    if (!f.hop.empty() && f.hop != "cri") {
      return FlagError("--rpc",
                       StrCat("names a CRI RPC (hop cri); --hop is ", f.hop));
    }
    if (!f.op.empty()) {
      return FlagError("--op", "--rpc already names the operation");
    }
    if (!e.needs_where && e.hop != Hop::kCri) {
      return FlagError(
          "--rpc",
          StrCat("names a CRI RPC, but ", e.flag, " happens at hop ",
                 faults::HopName(e.hop), " (use --op to pick its operation)"));
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
  r->hop = e.hop;
  r->operation = std::string(e.op);
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

absl::StatusOr<faults::LatencyDistribution> Distribution(
    std::string_view flag, const std::string& text) {
  auto d = faults::LatencyDistribution::Parse(text);
  if (!d.ok()) return FlagError(flag, std::string(d.status().message()));
  return *d;
}

absl::StatusOr<DurationNs> Duration(std::string_view flag,
                                    const std::string& text) {
  auto d = faults::ParseDuration(text);
  if (!d.ok()) return FlagError(flag, std::string(d.status().message()));
  if (*d < 0) return FlagError(flag, "must not be negative");
  return *d;
}

// A flag that only some effects take.
absl::Status OnlyFor(std::string_view flag, bool given, const EffectFlag& e,
                     std::initializer_list<EffectKind> kinds,
                     std::string_view which) {
  if (!given) return absl::OkStatus();
  for (EffectKind k : kinds) {
    if (k == e.kind) return absl::OkStatus();
  }
  return FlagError(flag, StrCat("applies to ", which, ", not ", e.flag));
}

absl::Status SetEffect(const FaultFlags& f, const EffectFlag& e,
                       faults::Effect* out) {
  using K = EffectKind;
  out->kind = e.kind;
  if (absl::Status s =
          OnlyFor("--code", f.code.has_value(), e, {K::kError, K::kEndStream},
                  "errors (alone) and --end-stream");
      !s.ok()) {
    return s;
  }
  if (f.code) {
    out->code = faults::ParseStatusCode(*f.code);
    if (!out->code) {
      return FlagError("--code", StrCat("unknown gRPC status code '", *f.code,
                                        "'; expected a name such as "
                                        "UNAVAILABLE or DEADLINE_EXCEEDED"));
    }
  }
  if (absl::Status s =
          OnlyFor("--message", f.message.has_value(), e,
                  {K::kError, K::kOciFailure, K::kNotReady, K::kEndStream},
                  "--code, --oci-failure, --condition and --end-stream");
      !s.ok()) {
    return s;
  }
  out->message = f.message.value_or("");
  if (f.exit_code && e.kind == K::kOomKill) {
    return FlagError("--exit-code", "--oom-kill always exits with 137");
  }
  if (absl::Status s = OnlyFor("--exit-code", f.exit_code.has_value(), e,
                               {K::kCrash, K::kCrashLoop, K::kOciFailure},
                               "--crash, --crash-loop and --oci-failure");
      !s.ok()) {
    return s;
  }
  out->exit_code = f.exit_code;
  if (f.after && !(e.kind == K::kCrash || e.kind == K::kCrashLoop ||
                   e.kind == K::kOomKill)) {
    return FlagError("--after",
                     StrCat("applies to --crash, --crash-loop and --oom-kill, "
                            "not ",
                            e.flag,
                            " (for a rule that starts later use "
                            "--start-after)"));
  }
  if (f.after) {
    auto d = Distribution("--after", *f.after);
    if (!d.ok()) return d.status();
    out->delay = *d;
  }
  if (f.latency) {
    auto d = Distribution("--latency", *f.latency);
    if (!d.ok()) return d.status();
    out->delay = *d;
  }
  if (f.delay_event) {
    auto d = Distribution("--delay-event", *f.delay_event);
    if (!d.ok()) return d.status();
    out->delay = *d;
  }
  if (f.condition) {
    // "NetworkReady=false" (the condition goes false) or just the name.
    std::string name = *f.condition;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      if (name.substr(eq + 1) != "false") {
        return FlagError("--condition",
                         StrCat("a fault can only make a condition false, "
                                "got '",
                                name, "'"));
      }
      name.resize(eq);
    }
    const auto c = faults::ParseCondition(name);
    if (!c) {
      return FlagError("--condition", StrCat("expected NetworkReady=false or "
                                             "RuntimeReady=false, got '",
                                             *f.condition, "'"));
    }
    out->condition = *c;
  }
  if (absl::Status s = OnlyFor("--reason", f.reason.has_value(), e,
                               {K::kNotReady}, "--condition");
      !s.ok()) {
    return s;
  }
  out->reason = f.reason.value_or("");
  if (absl::Status s = OnlyFor("--outage", f.outage.has_value(), e,
                               {K::kRestart}, "--restart");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = OnlyFor("--containers-unknown", f.containers_unknown, e,
                               {K::kRestart}, "--restart");
      !s.ok()) {
    return s;
  }
  if (f.outage) {
    auto d = Duration("--outage", *f.outage);
    if (!d.ok()) return d.status();
    out->outage = *d;
  }
  out->containers_unknown = f.containers_unknown;
  return absl::OkStatus();
}

absl::Status SetWhen(const FaultFlags& f, faults::When* w) {
  if (f.probability) {
    std::string text = *f.probability;
    double scale = 1;
    if (!text.empty() && text.back() == '%') {
      text.pop_back();
      scale = 100;
    }
    double p = 0;
    if (!absl::SimpleAtod(text, &p)) {
      return FlagError("--probability",
                       StrCat("expected a number between 0 and 1 or a "
                              "percentage (0.25, 25%), got '",
                              *f.probability, "'"));
    }
    w->probability = p / scale;
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
                    const EffectFlag& e) {
  if (field == "id") return "--id";
  if (field == "hop") return "--hop";
  if (field == "operation") return f.rpc.empty() ? "--op" : "--rpc";
  if (StartsWith(field, "match.labels")) return "--label";
  if (StartsWith(field, "match")) {
    return "--pod/--namespace/--uid/--label/--container/--image/--handler";
  }
  if (field == "effect") return f.hop.empty() ? std::string(e.flag) : "--hop";
  if (EndsWith(field, ".code")) return "--code";
  if (EndsWith(field, ".exit_code")) return "--exit-code";
  if (EndsWith(field, ".delay")) return "--after";
  if (EndsWith(field, ".outage")) return "--outage";
  if (field == "when.probability") return "--probability";
  if (field == "when.first") return "--first";
  if (field == "when.every") return "--every";
  if (field == "when.times") return "--times";
  if (field == "when.after") return "--start-after";
  if (field == "when.until") return "--for";
  return std::string(e.flag);  // effect.latency, effect.delay_event, ...
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
  auto* what = "Effect (exactly one)";
  cmd->add_option_function<std::string>(
         "--code", [f](const std::string& v) { f->code = v; },
         "return this gRPC error (or --end-stream's status)")
      ->group(what);
  cmd->add_option_function<std::string>(
         "--latency", [f](const std::string& v) { f->latency = v; },
         "add latency: 300ms, 'uniform(1s,2s)', 'normal(2s,500ms)', "
         "'2s + 8ms/MiB'")
      ->group(what);
  cmd->add_flag("--hang", f->hang, "never answer (until the deadline)")
      ->group(what);
  cmd->add_flag("--oci-failure", f->oci_failure,
                "the OCI start (or --op create) fails")
      ->group(what);
  cmd->add_flag("--crash", f->crash, "the container's process exits")
      ->group(what);
  cmd->add_flag("--crash-loop", f->crash_loop,
                "the process exits after every start")
      ->group(what);
  cmd->add_flag("--oom-kill", f->oom_kill, "the process is OOM-killed")
      ->group(what);
  cmd->add_option_function<std::string>(
         "--condition", [f](const std::string& v) { f->condition = v; },
         "NetworkReady=false or RuntimeReady=false")
      ->group(what);
  cmd->add_flag("--drop-event", f->drop_event, "a CRI event is not sent")
      ->group(what);
  cmd->add_flag("--duplicate-event", f->duplicate_event,
                "a CRI event is sent twice")
      ->group(what);
  cmd->add_flag("--reorder-event", f->reorder_event,
                "a CRI event is sent after the next one")
      ->group(what);
  cmd->add_option_function<std::string>(
         "--delay-event", [f](const std::string& v) { f->delay_event = v; },
         "a CRI event is sent late")
      ->group(what);
  cmd->add_flag("--end-stream", f->end_stream,
                "GetContainerEvents ends (status: --code, default OK)")
      ->group(what);
  cmd->add_flag("--restart", f->restart, "the runtime restarts")->group(what);
  auto* params = "Effect parameters";
  cmd->add_option_function<std::string>(
         "--message", [f](const std::string& v) { f->message = v; },
         "error / condition message")
      ->group(params);
  cmd->add_option_function<int>(
         "--exit-code", [f](int v) { f->exit_code = v; }, "exit code (0-255)")
      ->group(params);
  cmd->add_option_function<std::string>(
         "--after", [f](const std::string& v) { f->after = v; },
         "crash / OOM this long after the process starts")
      ->group(params);
  cmd->add_option_function<std::string>(
         "--reason", [f](const std::string& v) { f->reason = v; },
         "condition reason")
      ->group(params);
  cmd->add_option_function<std::string>(
         "--outage", [f](const std::string& v) { f->outage = v; },
         "how long a restart takes")
      ->group(params);
  cmd->add_flag("--containers-unknown", f->containers_unknown,
                "containers come back in state UNKNOWN after a restart")
      ->group(params);
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
  auto effect = ChooseEffect(f);
  if (!effect.ok()) return effect.status();
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
