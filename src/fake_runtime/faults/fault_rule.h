// File: fault_rule.h
// FaultRule: one fault as plain data — where (hop + operation), which
// targets (selectors), what (one effect) and when (conditions) — plus its
// validation and the one-line summary `fakecri ctl fault list` prints.
// Rules come from YAML (fault_yaml.h), flags, the control API and
// scenarios; all of them go through Validate().
#ifndef FAKECRI_FAULTS_FAULT_RULE_H_
#define FAKECRI_FAULTS_FAULT_RULE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {

struct EffectSpec;  // effects/effect_registry.h

// Globs ('*', '?'); all set selectors must match; "" matches everything.
struct Selector {
  std::string pod_name = "";        // YAML match.pod
  std::string pod_namespace = "";   // match.namespace
  std::string pod_uid = "";         // match.uid
  std::string container_name = "";  // match.container
  std::string image = "";           // match.image (full or familiar form)
  std::string handler = "";         // match.handler ("" on a point = runc)
  // Label key (exact) -> value glob; the label must exist.
  std::map<std::string, std::string> labels = {};

  bool Empty() const;
};

// One effect per rule; only the fields of `kind` may be set (Validate
// rejects the others, so a rule never carries a field that does nothing).
// The field comments name the effects that take each.
struct Effect {
  // Which effect: its registered spec, found by name (FindEffect("error"),
  // effects/effect_registry.h) and compared by address. nullptr: none yet
  // (Validate rejects it).
  const EffectSpec* kind = nullptr;

  // kError: the code (default UNKNOWN, as containerd reports most
  // failures); kEndStream: the status the stream ends with (default OK).
  std::optional<absl::StatusCode> code = std::nullopt;
  // kError, kOciFailure, kNotReady, kEndStream. "" = the default message
  // for the operation (messages.h). May use the placeholders {image},
  // {pod}, {namespace}, {container}, {handler}, {operation} and {rule}.
  std::string message = "";

  // kLatency: the added latency; kDelayEvent: how late the event is;
  // kCrash / kCrashLoop / kOomKill: time from process start to the exit.
  LatencyDistribution delay = {};

  // kCrash, kCrashLoop (default 1), kOciFailure (default 128, the exit
  // code a container that failed to start reports). kOomKill is always 137.
  std::optional<int> exit_code = std::nullopt;

  // kNotReady: which condition goes false, its reason (default
  // RuntimeNotReady / NetworkPluginNotReady) and for how long after the
  // hit (0 = for this status call only: with a time window that means
  // "while the window is open").
  Condition condition = Condition::kRuntimeReady;
  std::string reason = "";
  DurationNs duration = 0;

  // kRestart: how long the runtime is down, and whether its containers
  // come back in state UNKNOWN (as after a containerd crash) instead of
  // keeping their state.
  DurationNs outage = 0;
  bool containers_unknown = false;
};

// All conditions must hold. A call "matches" a rule when the hop,
// operation, selectors and time window match; `first` and `every` count
// matching calls, `times` counts applications (hits).
struct When {
  double probability = 1.0;  // [0, 1], drawn from the rule's own stream
  int64_t first = 0;         // only the first N matching calls (0 = all)
  int64_t every = 0;         // only every Nth matching call (0, 1 = all)
  int64_t times = 0;         // at most N hits in total (0 = unlimited)
  // Active from `after` until `until` (exclusive), both measured on the
  // runtime's clock from when the rule was added to the engine (for rules
  // loaded at start-up: from when the runtime started).
  DurationNs after = 0;
  std::optional<DurationNs> until = std::nullopt;

  bool Always() const;  // no condition set
};

struct FaultRule {
  std::string id = "";  // "" = assigned by the engine ("f1", "f2", ...)
  std::string description = "";  // free text for people; no effect
  Hop hop = Hop::kCri;
  std::string operation = "";  // glob; "" = every operation of the hop
  Selector match = {};
  Effect effect = {};
  When when = {};
};

// A validation failure: `field` is the YAML path of the culprit
// ("when.until", "effect.error.code", "match.labels.app"), `message` a
// sentence that names it.
struct RuleError {
  std::string field;
  std::string message;
};
std::optional<RuleError> FindRuleError(const FaultRule& rule);

// OK, or InvalidArgument with FindRuleError's message (prefixed with
// "fault '<id>': " when the rule has an id).
absl::Status Validate(const FaultRule& rule);

// One line, e.g.
//   f1: cri PullImage image=nginx:* -> error UNAVAILABLE when probability=0.5
std::string Describe(const FaultRule& rule);
// Just the effect part ("latency uniform(1s,2s)").
std::string DescribeEffect(const Effect& effect);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_RULE_H_
