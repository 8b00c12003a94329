// File: fault_rule_test.cc
// Validate(): one precise message per mistake, naming the field; and the
// one-line Describe() used by `fakecri ctl fault list`.
#include "fake_runtime/faults/fault_rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "fake_runtime/faults/effects/effect_registry.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;

constexpr DurationNs kS = 1'000'000'000;

FaultRule PullError() {
  FaultRule r;
  r.hop = Hop::kCri;
  r.operation = "PullImage";
  r.effect.kind = FindEffect("error");
  r.effect.code = absl::StatusCode::kUnavailable;
  return r;
}

// The field FindRuleError blames, and Validate's message.
void ExpectInvalid(const FaultRule& r, const std::string& field,
                   const std::string& message) {
  const std::optional<RuleError> e = FindRuleError(r);
  ASSERT_TRUE(e.has_value()) << Describe(r);
  EXPECT_EQ(e->field, field);
  EXPECT_EQ(e->message, message);
  EXPECT_THAT(Validate(r),
              StatusIs(absl::StatusCode::kInvalidArgument, message));
}

TEST(ValidateFaultRule, AcceptsWellFormedRules) {
  EXPECT_OK(Validate(PullError()));
  FaultRule crash;
  crash.hop = Hop::kProcess;
  crash.effect.kind = FindEffect("crash");
  crash.effect.exit_code = 3;
  crash.effect.delay = LatencyDistribution::Uniform(kS, 2 * kS);
  crash.match.labels = {{"app", "web-*"}};
  EXPECT_OK(Validate(crash));
  FaultRule pull;
  pull.hop = Hop::kImagePull;
  pull.effect.kind = FindEffect("latency");
  pull.effect.delay = LatencyDistribution::Fixed(kS).WithPerMib(8'000'000);
  EXPECT_OK(Validate(pull));
}

TEST(ValidateFaultRule, RejectsOperationsTheHopDoesNotHave) {
  FaultRule r = PullError();
  r.operation = "PulImage";
  ExpectInvalid(r, "operation",
                "operation 'PulImage' matches no CRI RPC; expected an RPC "
                "name such as PullImage or CreateContainer, or a glob like "
                "'Pull*'");
  r.hop = Hop::kOci;
  r.operation = "begin";
  ExpectInvalid(r, "operation",
                "operation 'begin' matches no oci operation; expected one "
                "of create, start, kill, delete");
  // Manager steps are free-form.
  r.hop = Hop::kManager;
  r.operation = "setup_network";
  EXPECT_OK(Validate(r));
}

TEST(ValidateFaultRule, RejectsEffectsAtHopsWhereTheyMeanNothing) {
  FaultRule r = PullError();
  r.effect = Effect{.kind = FindEffect("crash")};
  ExpectInvalid(r, "effect", "effect 'crash' applies to hop process, not cri");
  r.effect = Effect{.kind = FindEffect("drop_event")};
  ExpectInvalid(r, "effect",
                "effect 'drop_event' applies to hop events, not cri");
  r.hop = Hop::kOci;
  r.operation = "";
  r.effect = Effect{.kind = FindEffect("oci_failure")};
  ExpectInvalid(r, "operation",
                "effect 'oci_failure' needs operation create or start, got "
                "'*' (which matches kill)");
  r.operation = "start";
  EXPECT_OK(Validate(r));
}

TEST(ValidateFaultRule, RejectsBadEffectValuesNamingTheField) {
  FaultRule r = PullError();
  r.effect.code = absl::StatusCode::kOk;
  ExpectInvalid(r, "effect.error.code",
                "effect.error.code: an injected error needs a non-OK code");

  r = PullError();
  r.effect = Effect{.kind = FindEffect("latency"),
                    .delay = LatencyDistribution::Uniform(2 * kS, kS)};
  ExpectInvalid(r, "effect.latency",
                "effect.latency: uniform max (1s) is less than min (2s)");
  r.effect.delay = LatencyDistribution::Fixed(kS).WithPerMib(1000);
  ExpectInvalid(r, "effect.latency",
                "effect.latency: a per-MiB latency applies to hop "
                "image_pull only (the size of a pull)");

  r.hop = Hop::kProcess;
  r.operation = "";
  r.effect = Effect{.kind = FindEffect("crash"), .exit_code = 300};
  ExpectInvalid(r, "effect.crash.exit_code",
                "effect.crash.exit_code must be between 0 and 255, got 300");
  r.effect = Effect{.kind = FindEffect("oom_kill"), .exit_code = 1};
  ExpectInvalid(r, "effect.oom_kill.exit_code",
                "effect 'oom_kill' always exits with 137; remove exit_code");
  r.effect = Effect{.kind = FindEffect("crash_loop"),
                    .delay = LatencyDistribution::Fixed(-kS)};
  ExpectInvalid(r, "effect.crash_loop.delay",
                "effect.crash_loop.delay: latency must not be negative, got "
                "-1s");
}

TEST(ValidateFaultRule, RejectsFieldsTheEffectDoesNotUse) {
  FaultRule r = PullError();
  r.effect = Effect{.kind = FindEffect("latency"),
                    .delay = LatencyDistribution::Fixed(kS),
                    .exit_code = 2};
  ExpectInvalid(r, "effect.latency", "effect 'latency' takes no exit_code");
  r.effect = Effect{.kind = FindEffect("hang"), .message = "x"};
  ExpectInvalid(r, "effect.hang", "effect 'hang' takes no message");
}

TEST(ValidateFaultRule, RejectsBadWhenConditions) {
  FaultRule r = PullError();
  r.when.probability = 1.5;
  ExpectInvalid(r, "when.probability",
                "when.probability must be between 0 and 1, got 1.5");
  r = PullError();
  r.when.first = -1;
  ExpectInvalid(r, "when.first", "when.first must not be negative, got -1");
  r = PullError();
  r.when.after = 30 * kS;
  r.when.until = 10 * kS;
  ExpectInvalid(r, "when.until",
                "when.until (10s) must be later than when.after (30s)");
}

TEST(ValidateFaultRule, RejectsSelectorsOnTheRuntimeHopAndBadIds) {
  FaultRule r;
  r.hop = Hop::kRuntime;
  r.effect = Effect{.kind = FindEffect("not_ready")};
  EXPECT_OK(Validate(r));
  r.match.pod_name = "web";
  ExpectInvalid(r, "match",
                "hop 'runtime' has no pods, containers or images to select; "
                "remove 'match'");
  r = PullError();
  r.id = "slow pulls";
  ExpectInvalid(r, "id",
                "id 'slow pulls' is invalid: expected 1 to 63 letters, "
                "digits, '.', '_' or '-', starting with a letter or digit");
}

TEST(ValidateFaultRule, PrefixesTheRuleIdWhenThereIsOne) {
  FaultRule r = PullError();
  r.id = "f7";
  r.when.times = -2;
  EXPECT_THAT(Validate(r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "fault 'f7': when.times must not be negative, got -2"));
}

TEST(DescribeFaultRule, SummarisesWhereWhatAndWhenOnOneLine) {
  FaultRule r = PullError();
  r.id = "f1";
  r.match.image = "nginx:*";
  r.match.labels = {{"app", "web"}};
  r.when.probability = 0.5;
  r.when.first = 3;
  r.when.after = 30 * kS;
  EXPECT_EQ(Describe(r),
            "f1: cri PullImage label:app=web image=nginx:* -> error "
            "UNAVAILABLE when probability=0.5 first=3 after=30s");

  FaultRule crash;
  crash.hop = Hop::kProcess;
  crash.match.container_name = "app";
  crash.effect = Effect{.kind = FindEffect("crash_loop"),
                        .delay = LatencyDistribution::Uniform(kS, 2 * kS),
                        .exit_code = 2};
  crash.description = "app cannot reach its database";
  EXPECT_EQ(Describe(crash),
            "process * container=app -> crash_loop exit_code=2 "
            "delay=uniform(1s,2s) (app cannot reach its database)");

  FaultRule nr;
  nr.hop = Hop::kRuntime;
  nr.operation = "status";
  nr.effect = Effect{.kind = FindEffect("not_ready"),
                     .message = "cni down",
                     .condition = Condition::kNetworkReady,
                     .duration = 60 * kS};
  nr.when.until = 120 * kS;
  EXPECT_EQ(Describe(nr),
            "runtime status -> not_ready NetworkReady duration=1m \"cni "
            "down\" when until=2m");
}

}  // namespace
}  // namespace fakecri::faults
