// File: fault_hit.h
// FaultHit: one application of a rule, fully resolved (latency drawn,
// message expanded, exit code defaulted), so the hop that receives it only
// acts on it and logs Summary().
#ifndef FAKECRI_FAULTS_FAULT_HIT_H_
#define FAKECRI_FAULTS_FAULT_HIT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {

struct EffectSpec;  // effects/effect_registry.h

struct FaultHit {
  std::string rule_id = "";
  const EffectSpec* kind = nullptr;  // the rule's effect
  Hop hop = Hop::kCri;
  std::string operation = "";  // the call's operation, not the rule's glob
  std::string target = "";     // DescribeTarget of the call
  uint64_t hit_number = 0;     // 1 for the rule's first hit, ...

  // kError: the status to return. kOciFailure: UNKNOWN (how containerd
  // surfaces runc failures). kEndStream: the status the stream ends with.
  absl::StatusCode code = absl::StatusCode::kOk;
  // kError, kOciFailure, kNotReady, kEndStream: placeholders expanded.
  std::string message = "";

  // kLatency: latency to add; kDelayEvent: how late to send the event;
  // kCrash / kCrashLoop / kOomKill: time from process start to the exit.
  DurationNs delay = 0;

  // kCrash, kCrashLoop, kOomKill (137), kOciFailure at "start" (128).
  int exit_code = 0;
  // The container status reason that goes with the exit: "Error",
  // "OOMKilled", "StartError"; for kNotReady the condition's reason.
  std::string reason = "";

  // kNotReady: the condition to report false, and for how long from now
  // (0 = for this status call only).
  Condition condition = Condition::kRuntimeReady;
  DurationNs duration = 0;

  // kRestart.
  DurationNs outage = 0;
  bool containers_unknown = false;

  // For logs: `fault f1 fired on cri PullImage (image nginx:1.25): error
  // UNAVAILABLE "failed to pull ..."`.
  std::string Summary() const;
};

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_HIT_H_
