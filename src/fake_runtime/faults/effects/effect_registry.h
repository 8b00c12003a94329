// File: effect_registry.h
// Fault effects as plug-ins: each effect is one EffectSpec — its name, the
// parameters it takes (effect_params.h), the hops it applies to and its
// default hop and operation, its YAML shape and `ctl fault add` flag, its
// own checks, how a hit of it is resolved and described, and what it does
// at its hop (apply) — registered by name. The YAML loader, the
// control-proto conversion, the ctl flags, FindRuleError and the hops
// themselves are all driven from these descriptions, so adding an effect
// is one file under effects/ and its test: the build finds every
// effects/<stem>.cc (but effect_*.cc, the registry's own) and calls its
// EffectsIn_<stem>(); see docs/faults.md "Adding an effect".
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
#include "fake_runtime/faults/fault_outcome.h"
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
  // Where it comes in lists of effects (messages, `ctl fault add --help`);
  // ties go by name. The built-ins use 10, 20, ...; the default puts a new
  // effect after them.
  int list_order = 1000;
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

  // The message template when the rule gives none; "" = the words for the
  // hop and operation (messages.h).
  std::string_view default_message = {};
  // The applier's input: the hit, fully resolved (kind, rule, call fields
  // are filled in before). Required.
  void (*resolve)(const Effect&, const ResolveContext&, FaultHit&) = nullptr;
  // The effect's part of Describe() after the name ("UNAVAILABLE"), and of
  // FaultHit::Summary(); the message is appended by the caller.
  void (*describe)(const Effect&, std::string&) = nullptr;
  void (*summarize)(const FaultHit&, std::string&) = nullptr;
  // The applier: what a hit does at its hop, as a change to the hop's
  // FaultOutcome (fault_outcome.h). Required.
  void (*apply)(const FaultHit&, FaultOutcome&) = nullptr;
  // A process-hop rule added at run time also applies to the containers
  // already running (crash, oom_kill); otherwise it waits for the next
  // start (crash_loop).
  bool reaches_running = false;

  // The effects/ file it comes from ("crash" for crash.cc; "" when
  // registered with RegisterEffect). Set by the registry.
  std::string_view file = {};

  bool Takes(Param p) const;
  const EffectParam* FindParam(Param p) const;
  // The rule-error path of a parameter: "effect.latency" for a kValue
  // shortcut, else "effect.<name>.<key>".
  std::string ParamPath(Param p) const;
};

// nullptr when unknown.
const EffectSpec* FindEffect(std::string_view name);
// Its name, or "?" for nullptr.
std::string_view EffectName(const EffectSpec* spec);
// The built-ins (by list_order, then name), then those added with
// RegisterEffect, in registration order.
std::vector<const EffectSpec*> AllEffects();
// "error, latency, ..." for messages.
std::string EffectNameList();

// Adds an effect beyond the built-ins (tests, plug-ins) and returns its
// registered spec, which rules name as their Effect::kind. Register before
// rules that use it are parsed; the name and flag must be new and
// resolve, describe, summarize and apply must be set.
absl::StatusOr<const EffectSpec*> RegisterEffect(EffectSpec spec);

// The effect files the build found (effect_files.cc, generated from
// effects/*.cc by faults/CMakeLists.txt): effects/<stem>.cc defines
// `std::vector<EffectSpec> effects::EffectsIn_<stem>()`.
struct EffectFile {
  std::string_view stem;
  std::vector<EffectSpec> (*effects)();
};
const std::vector<EffectFile>& EffectFiles();

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_EFFECTS_EFFECT_REGISTRY_H_
