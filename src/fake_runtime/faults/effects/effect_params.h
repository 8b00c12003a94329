// File: effect_params.h
// The parameters fault effects take, described once: each is a field of
// Effect with a YAML key, a fakecri.v1.Effect proto field, a `ctl fault
// add` flag and help text, and one text parser shared by the YAML loader,
// the control-proto conversion and the ctl flags (so "50%", "2s", codes and
// latency distributions are read in one place).
#ifndef FAKECRI_FAULTS_EFFECTS_EFFECT_PARAMS_H_
#define FAKECRI_FAULTS_EFFECTS_EFFECT_PARAMS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_rule.h"

namespace fakecri::faults {

// The Effect fields, in the order validation reports stray ones.
enum class Param : uint8_t {
  kCode,               // Effect::code
  kMessage,            // Effect::message
  kDelay,              // Effect::delay
  kExitCode,           // Effect::exit_code
  kCondition,          // Effect::condition
  kReason,             // Effect::reason
  kDuration,           // Effect::duration
  kOutage,             // Effect::outage
  kContainersUnknown,  // Effect::containers_unknown
};
inline constexpr size_t kParamCount = 9;

enum class ParamType : uint8_t {
  kStatusCode,  // "UNAVAILABLE", "deadline_exceeded", "14"
  kText,        // free text
  kLatency,     // a LatencyDistribution ("300ms", "uniform(1s,2s)")
  kExitCode,    // an integer 0..255
  kCondition,   // RuntimeReady | NetworkReady
  kDuration,    // a non-negative duration ("2s")
  kBool,        // true | false
};

struct ParamInfo {
  Param param;
  std::string_view key;  // YAML key under the effect; rule-error suffix
  ParamType type;
  std::string_view proto_field;  // field name in fakecri.v1.Effect
  std::string_view flag;         // `ctl fault add` flag; "" = none
  std::string_view help;         // the flag's help
  // Appended to the flag's "applies to ..." error.
  std::string_view flag_hint;
  // What "effect 'x' takes no <stray>" says when it is set but unused.
  std::string_view stray;
};

const ParamInfo& GetParamInfo(Param param);
std::optional<Param> FindParamByFlag(std::string_view flag);

// How the YAML loader describes the expected form of a parameter type
// ("a duration like 300ms or 2s").
std::string_view ParamForm(ParamType type);

// Parses `text` into the Effect field of `param`. The error message is the
// detail the front ends quote ("unknown condition 'x'; expected ...").
absl::Status ParseParam(Param param, std::string_view text, Effect& effect);
// Integer- and bool-typed fields from already typed sources (proto, CLI11);
// range checks are left to FindRuleError.
void SetParamInt(Param param, int64_t value, Effect& effect);
void SetParamBool(Param param, bool value, Effect& effect);
// The `ctl` spelling of a parameter, where it differs from YAML's:
// --condition takes "NetworkReady=false".
absl::Status ParseParamFlag(Param param, std::string_view text, Effect& effect);

// Whether the field differs from its default (a stray parameter check).
bool ParamIsSet(Param param, const Effect& effect);
// The field as text ("UNAVAILABLE", "uniform(1s,2s)"); nullopt when unset.
std::optional<std::string> ParamText(Param param, const Effect& effect);
std::optional<int64_t> ParamInt(Param param, const Effect& effect);
bool ParamBool(Param param, const Effect& effect);

// Shared by the YAML loader and the ctl flags: a non-negative duration
// ("must not be negative" otherwise), and a probability written as 0.25 or
// 25% (no range check: Validate reports out-of-range values).
absl::StatusOr<DurationNs> ParseNonNegativeDuration(std::string_view text);
std::optional<double> ParseProbability(std::string_view text);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_EFFECTS_EFFECT_PARAMS_H_
