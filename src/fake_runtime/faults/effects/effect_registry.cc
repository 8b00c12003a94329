// File: effect_registry.cc
// The registry: the built-ins, collected from every effect file the build
// found (EffectFiles(), generated: no linker can drop a file, as it could
// a self-registering one) and sorted by list_order and name, so every
// message that lists effects is deterministic; then whatever
// RegisterEffect adds.
#include "fake_runtime/faults/effects/effect_registry.h"

#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/common/mutex.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/effects/builtin_effects.h"
#include "fake_runtime/faults/messages.h"

namespace fakecri::faults {
namespace {

const std::vector<EffectSpec>& Builtins() {
  static const std::vector<EffectSpec>* const builtins = [] {
    auto* v = new std::vector<EffectSpec>;
    for (const EffectFile& file : EffectFiles()) {
      for (EffectSpec& spec : file.effects()) {
        spec.file = file.stem;
        v->push_back(std::move(spec));
      }
    }
    std::sort(
        v->begin(), v->end(), [](const EffectSpec& a, const EffectSpec& b) {
          return a.list_order != b.list_order ? a.list_order < b.list_order
                                              : a.name < b.name;
        });
    return v;
  }();
  return *builtins;
}

struct Extras {
  Mutex mu;
  // A deque: specs handed out by pointer never move.
  std::deque<EffectSpec> specs ABSL_GUARDED_BY(mu);
};

Extras& GetExtras() {
  static Extras* const extras = new Extras;
  return *extras;
}

}  // namespace

namespace effects {
std::vector<Hop> CallHops() {
  return {Hop::kCri, Hop::kManager, Hop::kOci, Hop::kImagePull};
}
}  // namespace effects

std::string ResolveContext::Message() const {
  const Effect& e = rule.effect;
  std::string_view tmpl = e.message;
  if (tmpl.empty() && e.kind != nullptr) tmpl = e.kind->default_message;
  if (tmpl.empty()) tmpl = DefaultMessageTemplate(point.hop, point.operation);
  return ExpandMessage(tmpl, point, rule.id);
}

bool EffectSpec::Takes(Param p) const { return FindParam(p) != nullptr; }

const EffectParam* EffectSpec::FindParam(Param p) const {
  for (const EffectParam& ep : params) {
    if (ep.param == p) return &ep;
  }
  return nullptr;
}

std::string EffectSpec::ParamPath(Param p) const {
  if (shape == YamlShape::kValue && shortcut == p) {
    return StrCat("effect.", name);
  }
  return StrCat("effect.", name, ".", GetParamInfo(p).key);
}

const EffectSpec* FindEffect(std::string_view name) {
  for (const EffectSpec& s : Builtins()) {
    if (s.name == name) return &s;
  }
  Extras& x = GetExtras();
  ReaderMutexLock lock(&x.mu);
  for (const EffectSpec& s : x.specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string_view EffectName(const EffectSpec* spec) {
  return spec == nullptr ? "?" : spec->name;
}

std::vector<const EffectSpec*> AllEffects() {
  std::vector<const EffectSpec*> out;
  for (const EffectSpec& s : Builtins()) out.push_back(&s);
  Extras& x = GetExtras();
  ReaderMutexLock lock(&x.mu);
  for (const EffectSpec& s : x.specs) out.push_back(&s);
  return out;
}

std::string EffectNameList() {
  std::string out;
  for (const EffectSpec* s : AllEffects()) {
    StrAppend(&out, out.empty() ? "" : ", ", s->name);
  }
  return out;
}

absl::StatusOr<const EffectSpec*> RegisterEffect(EffectSpec spec) {
  if (spec.name.empty() || spec.resolve == nullptr ||
      spec.describe == nullptr || spec.summarize == nullptr ||
      spec.apply == nullptr) {
    return absl::InvalidArgumentError(
        "an effect needs a name and resolve, describe, summarize and apply "
        "functions");
  }
  if (FindEffect(spec.name) != nullptr) {
    return absl::AlreadyExistsError(
        StrCat("effect '", spec.name, "' is already registered"));
  }
  if (!spec.flag.empty()) {
    for (const EffectSpec* s : AllEffects()) {
      if (s->flag == spec.flag) {
        return absl::AlreadyExistsError(
            StrCat("flag ", spec.flag, " is already effect '", s->name, "'"));
      }
    }
  }
  spec.file = {};
  Extras& x = GetExtras();
  MutexLock lock(&x.mu);
  x.specs.push_back(std::move(spec));
  return &x.specs.back();
}

}  // namespace fakecri::faults
