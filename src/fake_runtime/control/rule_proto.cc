// File: rule_proto.cc
// Field-by-field conversion of fault rules. The effect's parameters are
// converted generically from the parameter table (effect_params.h) through
// protobuf reflection, and their text is parsed by the same parser the
// YAML loader and the ctl flags use, so all sources accept exactly the
// same spellings.
#include "fake_runtime/control/rule_proto.h"

#include <string>
#include <string_view>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_enums.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace fakecri::control {
namespace {

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

// The Effect fields are read by name through protobuf reflection, from the
// parameter table (effect_params.h): a new parameter needs no code here.
const google::protobuf::FieldDescriptor* ProtoField(faults::Param p) {
  return pb::Effect::descriptor()->FindFieldByName(
      std::string(faults::GetParamInfo(p).proto_field));
}

absl::Status EffectFromProto(const pb::Effect& in, faults::Effect* out) {
  const faults::EffectSpec* spec = faults::FindEffect(in.kind());
  if (spec == nullptr) {
    return FieldError("effect.kind",
                      StrCat("unknown effect '", in.kind(),
                             "'; expected one of ", faults::EffectNameList()));
  }
  out->kind = spec;
  const google::protobuf::Reflection* refl = in.GetReflection();
  for (size_t i = 0; i < faults::kParamCount; ++i) {
    const auto p = static_cast<faults::Param>(i);
    const google::protobuf::FieldDescriptor* f = ProtoField(p);
    if (f == nullptr) continue;
    if (f->has_presence() && !refl->HasField(in, f)) continue;
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING: {
        const std::string text = refl->GetString(in, f);
        if (text.empty()) continue;
        if (absl::Status s = faults::ParseParam(p, text, *out); !s.ok()) {
          return FieldError(spec->ParamPath(p), std::string(s.message()));
        }
        break;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        faults::SetParamInt(p, refl->GetInt32(in, f), *out);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
        faults::SetParamInt(p, refl->GetInt64(in, f), *out);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
        faults::SetParamBool(p, refl->GetBool(in, f), *out);
        break;
      default:
        break;
    }
  }
  return absl::OkStatus();
}

void EffectToProto(const faults::Effect& e, pb::Effect* out) {
  const faults::EffectSpec* spec = e.kind;
  out->set_kind(std::string(faults::EffectName(e.kind)));
  const google::protobuf::Reflection* refl = out->GetReflection();
  for (size_t i = 0; i < faults::kParamCount; ++i) {
    const auto p = static_cast<faults::Param>(i);
    const google::protobuf::FieldDescriptor* f = ProtoField(p);
    if (f == nullptr) continue;
    switch (f->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_STRING: {
        // A default value is only worth spelling out where the effect
        // takes it (not_ready's RuntimeReady); elsewhere "" reads back as
        // the same default.
        const bool defaulted = !faults::ParamIsSet(p, e);
        if (defaulted && p == faults::Param::kCondition &&
            (spec == nullptr || !spec->Takes(p))) {
          continue;
        }
        if (std::optional<std::string> text = faults::ParamText(p, e)) {
          refl->SetString(out, f, std::move(*text));
        }
        break;
      }
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        if (auto v = faults::ParamInt(p, e)) {
          refl->SetInt32(out, f, static_cast<int32_t>(*v));
        }
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
        if (auto v = faults::ParamInt(p, e)) refl->SetInt64(out, f, *v);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
        refl->SetBool(out, f, faults::ParamBool(p, e));
        break;
      default:
        break;
    }
  }
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

  EffectToProto(r.effect, out.mutable_effect());

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
