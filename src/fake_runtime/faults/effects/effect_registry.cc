// File: effect_registry.cc
// The registry: the built-ins (a fixed list, so their order — and so every
// message that lists effects — is deterministic, and no linker drops a
// self-registering file), then whatever RegisterEffect adds.
#include "fake_runtime/faults/effects/effect_registry.h"

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
    auto* v = new std::vector<EffectSpec>{
        effects::ErrorEffect(),          effects::LatencyEffect(),
        effects::HangEffect(),           effects::OciFailureEffect(),
        effects::CrashEffect(),          effects::CrashLoopEffect(),
        effects::OomKillEffect(),        effects::NotReadyEffect(),
        effects::DropEventEffect(),      effects::DelayEventEffect(),
        effects::DuplicateEventEffect(), effects::ReorderEventEffect(),
        effects::EndStreamEffect(),      effects::RestartEffect(),
    };
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
  return ExpandMessage(
      e.message.empty()
          ? DefaultMessageTemplate(e.kind, point.hop, point.operation)
          : std::string_view(e.message),
      point, rule.id);
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

const EffectSpec* FindEffect(EffectKind kind) {
  const size_t i = static_cast<size_t>(kind);
  const std::vector<EffectSpec>& builtins = Builtins();
  if (i < builtins.size()) return &builtins[i];
  Extras& x = GetExtras();
  ReaderMutexLock lock(&x.mu);
  const size_t j = i - builtins.size();
  return j < x.specs.size() ? &x.specs[j] : nullptr;
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

absl::StatusOr<EffectKind> RegisterEffect(EffectSpec spec) {
  if (spec.name.empty() || spec.resolve == nullptr) {
    return absl::InvalidArgumentError(
        "an effect needs a name and a resolve function");
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
  Extras& x = GetExtras();
  MutexLock lock(&x.mu);
  const size_t index = Builtins().size() + x.specs.size();
  if (index > 255) return absl::ResourceExhaustedError("too many effects");
  spec.kind = static_cast<EffectKind>(index);
  x.specs.push_back(std::move(spec));
  return x.specs.back().kind;
}

}  // namespace fakecri::faults
