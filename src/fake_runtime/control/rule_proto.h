// File: rule_proto.h
// Fault rules between their C++ form (faults::FaultRule) and the control
// API's messages, in both directions. FromProto checks everything the
// text fields carry (names, codes, distributions) and then the whole rule
// with FindRuleError, so a bad request is rejected before any state
// changes, with an INVALID_ARGUMENT that names the field.
#ifndef FAKECRI_CONTROL_RULE_PROTO_H_
#define FAKECRI_CONTROL_RULE_PROTO_H_

#include "absl/status/statusor.h"
#include "fake_runtime/control/control_api.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/faults/fault_rule.h"

namespace fakecri::control {

namespace pb = ::fakecri::v1;

// Errors are InvalidArgument "rule.<field>: <what is wrong>", the field
// spelt as in the YAML schema ("rule.effect.delay", "rule.when.until").
absl::StatusOr<faults::FaultRule> RuleFromProto(const pb::FaultRule& in);

pb::FaultRule RuleToProto(const faults::FaultRule& rule);
pb::FaultStatus StatusToProto(const faults::RuleStatus& status);

}  // namespace fakecri::control

#endif  // FAKECRI_CONTROL_RULE_PROTO_H_
