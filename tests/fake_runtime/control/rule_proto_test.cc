// Fault rules through the control API's messages: every field survives a
// round trip, and a bad message is rejected with the field named.
#include "fake_runtime/control/rule_proto.h"

#include <gtest/gtest.h>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "testing/status_matchers.h"

namespace fakecri::control {
namespace {

using ::fakecri::testing::StatusIs;
using faults::FaultRule;
using faults::FindEffect;
using faults::Hop;
using runtime::kMillisecond;
using runtime::kSecond;

// Field-by-field equality with readable failures (FaultRule has no ==).
void ExpectSameRule(const FaultRule& a, const FaultRule& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.hop, b.hop);
  EXPECT_EQ(a.operation, b.operation);
  EXPECT_EQ(a.match.pod_name, b.match.pod_name);
  EXPECT_EQ(a.match.pod_namespace, b.match.pod_namespace);
  EXPECT_EQ(a.match.pod_uid, b.match.pod_uid);
  EXPECT_EQ(a.match.container_name, b.match.container_name);
  EXPECT_EQ(a.match.image, b.match.image);
  EXPECT_EQ(a.match.handler, b.match.handler);
  EXPECT_EQ(a.match.labels, b.match.labels);
  EXPECT_EQ(a.effect.kind, b.effect.kind);
  EXPECT_EQ(a.effect.code, b.effect.code);
  EXPECT_EQ(a.effect.message, b.effect.message);
  EXPECT_EQ(a.effect.delay, b.effect.delay);
  EXPECT_EQ(a.effect.exit_code, b.effect.exit_code);
  EXPECT_EQ(a.effect.condition, b.effect.condition);
  EXPECT_EQ(a.effect.reason, b.effect.reason);
  EXPECT_EQ(a.effect.duration, b.effect.duration);
  EXPECT_EQ(a.effect.outage, b.effect.outage);
  EXPECT_EQ(a.effect.containers_unknown, b.effect.containers_unknown);
  EXPECT_EQ(a.when.probability, b.when.probability);
  EXPECT_EQ(a.when.first, b.when.first);
  EXPECT_EQ(a.when.every, b.when.every);
  EXPECT_EQ(a.when.times, b.when.times);
  EXPECT_EQ(a.when.after, b.when.after);
  EXPECT_EQ(a.when.until, b.when.until);
  EXPECT_EQ(faults::Describe(a), faults::Describe(b));
}

void ExpectRoundTrip(const FaultRule& rule) {
  ASSERT_TRUE(faults::Validate(rule).ok()) << faults::Validate(rule);
  auto back = RuleFromProto(RuleToProto(rule));
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSameRule(*back, rule);
}

TEST(RuleProto, ErrorRuleWithEverySelectorAndConditionRoundTrips) {
  FaultRule r;
  r.id = "pull-errors";
  r.description = "registry down";
  r.hop = Hop::kCri;
  r.operation = "Pull*";
  r.match = {.pod_name = "web-*",
             .pod_namespace = "default",
             .pod_uid = "u-?",
             .container_name = "nginx",
             .image = "nginx:*",
             .handler = "runsc",
             .labels = {{"app", "web"}, {"tier", "*"}}};
  r.effect.kind = FindEffect("error");
  r.effect.code = absl::StatusCode::kUnavailable;
  r.effect.message = "no route to {image}";
  r.when = {.probability = 0.25,
            .first = 3,
            .every = 2,
            .times = 5,
            .after = 30 * kSecond,
            .until = 120 * kSecond};
  ExpectRoundTrip(r);
}

TEST(RuleProto, LatencyDistributionsRoundTripAsText) {
  for (const char* text :
       {"300ms", "uniform(1s,2s)", "normal(2s,500ms)", "lognormal(1s,5s)",
        "exponential(200ms)", "pareto(100ms,1.5)"}) {
    FaultRule r;
    r.hop = Hop::kCri;
    r.operation = "Version";
    r.effect.kind = FindEffect("latency");
    r.effect.delay = *faults::LatencyDistribution::Parse(text);
    SCOPED_TRACE(text);
    ExpectRoundTrip(r);
    EXPECT_EQ(RuleToProto(r).effect().delay(), r.effect.delay.ToString());
  }
}

TEST(RuleProto, PerMibImagePullLatencyRoundTrips) {
  FaultRule r;
  r.hop = Hop::kImagePull;
  r.effect.kind = FindEffect("latency");
  r.effect.delay = *faults::LatencyDistribution::Parse("2s + 8ms/MiB");
  ExpectRoundTrip(r);
}

TEST(RuleProto, ProcessNotReadyAndRestartEffectsRoundTrip) {
  FaultRule crash;
  crash.hop = Hop::kProcess;
  crash.operation = "start";
  crash.match.container_name = "app";
  crash.effect.kind = FindEffect("crash_loop");
  crash.effect.exit_code = 2;
  crash.effect.delay = faults::LatencyDistribution::Fixed(5 * kSecond);
  ExpectRoundTrip(crash);

  FaultRule oom;
  oom.hop = Hop::kProcess;
  oom.effect.kind = FindEffect("oom_kill");
  oom.effect.delay = faults::LatencyDistribution::Fixed(30 * kSecond);
  ExpectRoundTrip(oom);

  FaultRule nr;
  nr.hop = Hop::kRuntime;
  nr.operation = "status";
  nr.effect.kind = FindEffect("not_ready");
  nr.effect.condition = faults::Condition::kNetworkReady;
  nr.effect.reason = "CNIDown";
  nr.effect.message = "cni config uninitialized";
  nr.effect.duration = 30 * kSecond;
  ExpectRoundTrip(nr);

  FaultRule restart;
  restart.hop = Hop::kRuntime;
  restart.operation = "tick";
  restart.effect.kind = FindEffect("restart");
  restart.effect.outage = 5 * kSecond;
  restart.effect.containers_unknown = true;
  restart.when.after = 10 * kSecond;
  ExpectRoundTrip(restart);

  FaultRule end;
  end.hop = Hop::kEvents;
  end.operation = "send";
  end.effect.kind = FindEffect("end_stream");
  end.effect.code = absl::StatusCode::kUnavailable;
  ExpectRoundTrip(end);

  FaultRule oci;
  oci.hop = Hop::kOci;
  oci.operation = "create";
  oci.effect.kind = FindEffect("oci_failure");
  oci.effect.exit_code = 128;
  ExpectRoundTrip(oci);
}

TEST(RuleProto, ZeroProbabilityIsKeptApartFromUnset) {
  FaultRule r;
  r.hop = Hop::kCri;
  r.operation = "Version";
  r.effect.kind = FindEffect("hang");
  r.when.probability = 0;
  const pb::FaultRule p = RuleToProto(r);
  EXPECT_TRUE(p.when().has_probability());
  ExpectRoundTrip(r);
  r.when.probability = 1;
  EXPECT_FALSE(RuleToProto(r).when().has_probability());
}

pb::FaultRule ValidProto() {
  pb::FaultRule p;
  p.set_hop("cri");
  p.set_operation("PullImage");
  p.mutable_effect()->set_kind("error");
  p.mutable_effect()->set_code("UNAVAILABLE");
  return p;
}

TEST(RuleProto, ReadsCodeSpellingsLikeTheYamlLoader) {
  for (const char* code : {"UNAVAILABLE", "Unavailable", "unavailable", "14"}) {
    pb::FaultRule p = ValidProto();
    p.mutable_effect()->set_code(code);
    auto r = RuleFromProto(p);
    ASSERT_TRUE(r.ok()) << code << ": " << r.status();
    EXPECT_EQ(r->effect.code, absl::StatusCode::kUnavailable);
  }
}

TEST(RuleProto, UnknownHopNamesTheHopField) {
  pb::FaultRule p = ValidProto();
  p.set_hop("kubelet");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.hop: unknown hop 'kubelet'"));
}

TEST(RuleProto, MissingOrUnknownEffectNamesTheEffectField) {
  pb::FaultRule p = ValidProto();
  p.clear_effect();
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "rule.effect:"));
  p = ValidProto();
  p.mutable_effect()->set_kind("explode");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.kind: unknown effect 'explode'"));
}

TEST(RuleProto, BadCodeNamesTheCodeField) {
  pb::FaultRule p = ValidProto();
  p.mutable_effect()->set_code("NOPE");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.error.code: unknown gRPC status code"));
}

TEST(RuleProto, BadDistributionNamesTheDelayField) {
  pb::FaultRule p = ValidProto();
  p.mutable_effect()->set_kind("latency");
  p.mutable_effect()->clear_code();
  p.mutable_effect()->set_delay("uniform(2s,1s)");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.latency: uniform max (1s) is less than "
                       "min (2s)"));
  p.set_hop("process");
  p.set_operation("start");
  p.mutable_effect()->set_kind("crash");
  p.mutable_effect()->set_delay("soon");
  EXPECT_THAT(
      RuleFromProto(p).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "rule.effect.crash.delay:"));
}

TEST(RuleProto, BadConditionNamesTheConditionField) {
  pb::FaultRule p;
  p.set_hop("runtime");
  p.mutable_effect()->set_kind("not_ready");
  p.mutable_effect()->set_condition("DiskReady");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.not_ready.condition: unknown condition"));
}

TEST(RuleProto, RuleLevelMistakesAreReportedWithFindRuleErrorsField) {
  pb::FaultRule p = ValidProto();
  p.mutable_when()->set_after_ns(10 * kSecond);
  p.mutable_when()->set_until_ns(5 * kSecond);
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.when.until: when.until (5s) must be later"));

  p = ValidProto();
  p.mutable_when()->set_probability(1.5);
  EXPECT_THAT(
      RuleFromProto(p).status(),
      StatusIs(absl::StatusCode::kInvalidArgument, "rule.when.probability:"));

  p = ValidProto();
  p.mutable_effect()->set_exit_code(3);  // errors have no exit code
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.error: effect 'error' takes no "
                       "exit_code"));

  p = ValidProto();
  p.set_operation("PullImages");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.operation: operation 'PullImages' matches no "
                       "CRI RPC"));

  p = ValidProto();
  p.set_id("bad id");
  EXPECT_THAT(RuleFromProto(p).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "rule.id:"));
}

TEST(RuleProto, StatusCarriesCountersWindowAndDescription) {
  runtime::VirtualClock clock(1000 * kSecond);
  faults::FaultEngine engine(1, clock);
  FaultRule r;
  r.hop = Hop::kCri;
  r.operation = "Version";
  r.effect.kind = FindEffect("latency");
  r.effect.delay = faults::LatencyDistribution::Fixed(300 * kMillisecond);
  r.when.after = kSecond;
  r.when.until = 3 * kSecond;
  auto id = engine.Add(r);
  ASSERT_TRUE(id.ok()) << id.status();
  clock.AdvanceBy(2 * kSecond);
  faults::FaultPoint point;
  point.hop = Hop::kCri;
  point.operation = "Version";
  EXPECT_EQ(engine.Match(point).size(), 1u);

  const pb::FaultStatus s = StatusToProto(*engine.Get(*id));
  EXPECT_EQ(s.rule().id(), "f1");
  EXPECT_EQ(s.description(),
            "f1: cri Version -> latency 300ms when after=1s "
            "until=3s");
  EXPECT_EQ(s.hits(), 1u);
  EXPECT_EQ(s.matches(), 1u);
  EXPECT_EQ(s.added_at_ns(), 1000 * kSecond);
  EXPECT_EQ(s.active_from_ns(), 1001 * kSecond);
  ASSERT_TRUE(s.has_active_until_ns());
  EXPECT_EQ(s.active_until_ns(), 1003 * kSecond);
}

}  // namespace
}  // namespace fakecri::control
