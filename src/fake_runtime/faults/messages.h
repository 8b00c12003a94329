// File: messages.h
// The words of injected failures: containerd-like default messages per
// operation, placeholder expansion in user messages, and the short target
// text a FaultHit reports. Kept apart from the engine so the wording can
// be tuned without touching matching.
#ifndef FAKECRI_FAULTS_MESSAGES_H_
#define FAKECRI_FAULTS_MESSAGES_H_

#include <string>
#include <string_view>

#include "fake_runtime/faults/fault_enums.h"
#include "fake_runtime/faults/fault_point.h"

namespace fakecri::faults {

// The message template for an effect at `hop` / `operation` when neither
// the rule nor the effect (EffectSpec::default_message) gives one, e.g.
// for PullImage
//   failed to pull and unpack image "{image}": failed to resolve reference
//   "{image}": unexpected status from HEAD request: 503 Service Unavailable
// Unknown operations get "injected fault".
std::string_view DefaultMessageTemplate(Hop hop, std::string_view operation);

// The default reason and message of a not_ready condition; for
// NetworkReady they are containerd's own ("NetworkPluginNotReady", "Network
// plugin returns error: cni plugin not initialized").
std::string_view DefaultNotReadyReason(Condition c);
std::string_view DefaultNotReadyMessage(Condition c);

// Replaces {image}, {pod}, {namespace}, {container}, {handler} (empty ->
// "runc"), {operation} and {rule} with the point's values; other braces
// are left alone.
std::string ExpandMessage(std::string_view tmpl, const FaultPoint& point,
                          std::string_view rule_id);

// "pod default/web-1 container nginx image nginx:1.25 handler runc", only
// the attributes that are set; "runtime" when none is.
std::string DescribeTarget(const FaultPoint& point);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_MESSAGES_H_
