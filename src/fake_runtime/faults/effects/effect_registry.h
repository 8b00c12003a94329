// File: effect_registry.h
// Fault effects as plug-ins: each effect is one EffectSpec — its name, the
// parameters it takes (effect_params.h), the hops it applies to and its
// default hop and operation, its YAML shape and `ctl fault add` flag, its
// own checks, and how a hit of it is resolved and described — registered
// by name. The YAML loader, the control-proto conversion, the ctl flags and
// FindRuleError are all driven from these descriptions, so adding an
// effect is one file under effects/ (plus a line in effect_registry.cc's
// built-in list, or a RegisterEffect call) and its test; see
// docs/faults.md "Adding an effect".
#ifndef FAKECRI_FAULTS_EFFECTS_EFFECT_REGISTRY_H_
#define FAKECRI_FAULTS_EFFECTS_EFFECT_REGISTRY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fake_runtime/common/random.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/fault_enums.h"
#include "fake_runtime/faults/fault_hit.h"
#include "fake_runtime/faults/fault_point.h"
#include "fake_runtime/faults/fault_rule.h"

namespace fakecri::faults {

// How the effect is written under `effect:` in YAML.
enum class YamlShape : uint8_t {
  kFlag,         // `true` (or {}): no parameters (hang: true)
  kValue,        // the value is the shortcut parameter (latency: 300ms)
  kFlagOrMap,    // `true` or a mapping of the parameters (crash: true)
  kScalarOrMap,  // a scalar for the shortcut or a mapping (error: UNAVAILABLE)
};

struct EffectParam {
  Param param;
  // Overrides ParamForm(type) in YAML errors ("text" instead of "a message").
  std::string_view yaml_form = {};
  bool required = false;  // YAML: a mapping must give it
};

// What a resolver gets: the rule, the call and the rule's sample stream.
struct ResolveContext {
  const FaultRule& rule;
  const FaultPoint& point;
  runtime::RandomStream& sample;
  // The rule's message, or the default one for the call, placeholders
  // expanded.
  std::string Message() const;
};

struct EffectSpec {
  std::string_view name;  // YAML key under `effect:`, proto Effect.kind
  // Built-ins: their EffectKind; RegisterEffect assigns the others.
  EffectKind kind = EffectKind::kError;
  std::string_view help = {};  // the ctl flag's help

  // The parameters, in the order YAML messages list them.
  std::vector<EffectParam> params = {};
  YamlShape shape = YamlShape::kFlag;
  // kValue: the parameter the value is; kScalarOrMap: the one a scalar is.
  std::optional<Param> shortcut = std::nullopt;
  // kScalarOrMap: the scalar form in errors ("a status code like ...").
  std::string_view shortcut_form = {};

  // Where it applies: FindRuleError's "applies to hop <hops_text>".
  std::vector<Hop> hops = {};
  std::string_view hops_text = {};

  // `ctl fault add`: the flag, the hop and operation it implies (unless
  // needs_where: then --rpc or --hop is required), and the parameter the
  // flag's value sets (none: a boolean flag). An effect whose flag is a
  // parameter flag too (--code) is chosen only when no other is given.
  std::string_view flag = {};
  Hop default_hop = Hop::kCri;
  std::string_view default_operation = {};
  bool needs_where = false;
  std::optional<Param> flag_param = std::nullopt;
  // How "--x applies to ..." lists this effect; "" = its flag.
  std::string_view flag_label = {};

  // A parameter the effect fixes itself (oom_kill: exit_code), and the
  // words for it ("always exits with 137").
  std::optional<Param> fixed_param = std::nullopt;
  std::string_view fixed_text = {};
  // Whether its latency may be per MiB (at hop image_pull).
  bool per_mib = false;

  // Extra checks: after the operation check, and before the parameter
  // values are checked. `path` is "effect.<name>".
  std::optional<RuleError> (*check_where)(const FaultRule&) = nullptr;
  std::optional<RuleError> (*check_values)(const FaultRule&,
                                           const std::string& path) = nullptr;

  // The applier's input: the hit, fully resolved (kind, rule, call fields
  // are filled in before). Required.
  void (*resolve)(const Effect&, const ResolveContext&, FaultHit&) = nullptr;
  // The effect's part of Describe() after the name ("UNAVAILABLE"), and of
  // FaultHit::Summary(); the message is appended by the caller.
  void (*describe)(const Effect&, std::string&) = nullptr;
  void (*summarize)(const FaultHit&, std::string&) = nullptr;

  bool Takes(Param p) const;
  const EffectParam* FindParam(Param p) const;
  // The rule-error path of a parameter: "effect.latency" for a kValue
  // shortcut, else "effect.<name>.<key>".
  std::string ParamPath(Param p) const;
};

// nullptr when unknown.
const EffectSpec* FindEffect(EffectKind kind);
const EffectSpec* FindEffect(std::string_view name);
// Registration order (the built-ins first, in EffectKind order).
std::vector<const EffectSpec*> AllEffects();
// "error, latency, ..." for messages.
std::string EffectNameList();

// Adds an effect beyond the built-ins (tests, plug-ins) and returns the
// kind assigned to it. Register before rules that use it are parsed; the
// name must be new and resolve must be set.
absl::StatusOr<EffectKind> RegisterEffect(EffectSpec spec);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_EFFECTS_EFFECT_REGISTRY_H_
