// Field-by-field conversion of fault rules; the text fields (hop, effect
// kind, code, condition, delay) are parsed with the same functions the
// YAML loader uses, so both sources accept exactly the same spellings.
#include "fake_runtime/control/rule_proto.h"

#include <string>
#include <string_view>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::control {
namespace {

using faults::EffectKind;

absl::Status FieldError(std::string_view field, std::string_view message) {
  return absl::InvalidArgumentError(StrCat("rule.", field, ": ", message));
}

void SelectorFromProto(const pb::Selector& in, faults::Selector* out) {
  out->pod_name = in.pod();
  out->pod_namespace = in.namespace_();
  out->pod_uid = in.uid();
  out->container_name = in.container();
  out->image = in.image();
  out->handler = in.handler();
  for (const auto& [key, value] : in.labels()) out->labels[key] = value;
}

absl::Status EffectFromProto(const pb::Effect& in, faults::Effect* out) {
  const std::optional<EffectKind> kind = faults::ParseEffectKind(in.kind());
  if (!kind) {
    return FieldError("effect.kind", StrCat("unknown effect '", in.kind(),
                                            "'; expected one of ",
                                            faults::EffectKindNameList()));
  }
  out->kind = *kind;
  const std::string path = StrCat("effect.", faults::EffectKindName(*kind));
  if (!in.code().empty()) {
    out->code = faults::ParseStatusCode(in.code());
    if (!out->code) {
      return FieldError(path + ".code",
                        StrCat("unknown gRPC status code '", in.code(),
                               "'; expected a name such as UNAVAILABLE or "
                               "DEADLINE_EXCEEDED, or a number 0-16"));
    }
  }
  out->message = in.message();
  if (!in.delay().empty()) {
    auto d = faults::LatencyDistribution::Parse(in.delay());
    if (!d.ok()) {
      const bool own =
          *kind == EffectKind::kLatency || *kind == EffectKind::kDelayEvent;
      return FieldError(own ? path : path + ".delay",
                        std::string(d.status().message()));
    }
    out->delay = *d;
  }
  if (in.has_exit_code()) out->exit_code = in.exit_code();
  if (!in.condition().empty()) {
    const auto c = faults::ParseCondition(in.condition());
    if (!c) {
      return FieldError(path + ".condition",
                        StrCat("unknown condition '", in.condition(),
                               "'; expected RuntimeReady or NetworkReady"));
    }
    out->condition = *c;
  }
  out->reason = in.reason();
  out->duration = in.duration_ns();
  out->outage = in.outage_ns();
  out->containers_unknown = in.containers_unknown();
  return absl::OkStatus();
}

void WhenFromProto(const pb::When& in, faults::When* out) {
  if (in.has_probability()) out->probability = in.probability();
  out->first = in.first();
  out->every = in.every();
  out->times = in.times();
  out->after = in.after_ns();
  if (in.has_until_ns()) out->until = in.until_ns();
}

}  // namespace

absl::StatusOr<faults::FaultRule> RuleFromProto(const pb::FaultRule& in) {
  faults::FaultRule r;
  r.id = in.id();
  r.description = in.description();
  const auto hop = faults::ParseHop(in.hop());
  if (!hop) {
    return FieldError("hop",
                      StrCat("unknown hop '", in.hop(), "'; expected one of ",
                             faults::HopNameList()));
  }
  r.hop = *hop;
  r.operation = in.operation();
  SelectorFromProto(in.match(), &r.match);
  if (!in.has_effect()) {
    return FieldError("effect", "a rule needs an effect");
  }
  if (absl::Status s = EffectFromProto(in.effect(), &r.effect); !s.ok()) {
    return s;
  }
  WhenFromProto(in.when(), &r.when);
  if (auto e = faults::FindRuleError(r))
    return FieldError(e->field, e->message);
  return r;
}

pb::FaultRule RuleToProto(const faults::FaultRule& r) {
  pb::FaultRule out;
  out.set_id(r.id);
  out.set_description(r.description);
  out.set_hop(std::string(faults::HopName(r.hop)));
  out.set_operation(r.operation);

  pb::Selector* m = out.mutable_match();
  m->set_pod(r.match.pod_name);
  m->set_namespace_(r.match.pod_namespace);
  m->set_uid(r.match.pod_uid);
  m->set_container(r.match.container_name);
  m->set_image(r.match.image);
  m->set_handler(r.match.handler);
  for (const auto& [key, value] : r.match.labels) {
    (*m->mutable_labels())[key] = value;
  }

  const faults::Effect& e = r.effect;
  pb::Effect* pe = out.mutable_effect();
  pe->set_kind(std::string(faults::EffectKindName(e.kind)));
  if (e.code) pe->set_code(std::string(faults::StatusCodeName(*e.code)));
  pe->set_message(e.message);
  if (!e.delay.IsZero()) pe->set_delay(e.delay.ToString());
  if (e.exit_code) pe->set_exit_code(*e.exit_code);
  // The default condition is only worth spelling out where it means
  // something; elsewhere "" reads back as the same default.
  if (e.kind == EffectKind::kNotReady ||
      e.condition != faults::Condition::kRuntimeReady) {
    pe->set_condition(std::string(faults::ConditionName(e.condition)));
  }
  pe->set_reason(e.reason);
  pe->set_duration_ns(e.duration);
  pe->set_outage_ns(e.outage);
  pe->set_containers_unknown(e.containers_unknown);

  const faults::When& w = r.when;
  pb::When* pw = out.mutable_when();
  if (w.probability != 1.0) pw->set_probability(w.probability);
  pw->set_first(w.first);
  pw->set_every(w.every);
  pw->set_times(w.times);
  pw->set_after_ns(w.after);
  if (w.until) pw->set_until_ns(*w.until);
  return out;
}

pb::FaultStatus StatusToProto(const faults::RuleStatus& s) {
  pb::FaultStatus out;
  *out.mutable_rule() = RuleToProto(s.rule);
  out.set_description(faults::Describe(s.rule));
  out.set_matches(s.matches);
  out.set_hits(s.hits);
  out.set_added_at_ns(s.added_at);
  out.set_active_from_ns(s.active_from);
  if (s.active_until) out.set_active_until_ns(*s.active_until);
  return out;
}

}  // namespace fakecri::control
