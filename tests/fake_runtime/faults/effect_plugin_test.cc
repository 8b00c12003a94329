// Fault effects as plug-ins: every effect file the build found is
// registered, in list order, with everything the front ends and its hop
// need, and an effect registered by a test alone (no other file touched)
// is accepted by the YAML loader, the control-proto conversion, the
// `ctl fault add` flags and the engine, and acts at its hop.
// Its own binary: the extra effect would otherwise show in the effect
// lists other suites' messages quote.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "cli/ctl_fault_flags.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/faults/fault_yaml.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;

// A "blip": the call waits `delay`, then fails with `code` (default
// ABORTED). Written the way an effects/<name>.cc file would be.
void ResolveBlip(const Effect& e, const ResolveContext& ctx, FaultHit& h) {
  h.delay = e.delay.Sample(ctx.sample);
  h.code = e.code.value_or(absl::StatusCode::kAborted);
  h.message = ctx.Message();
}
void DescribeBlip(const Effect& e, std::string& out) {
  StrAppend(&out, " ", e.delay.ToString());
}
void SummarizeBlip(const FaultHit& h, std::string& out) {
  StrAppend(&out, " ", StatusCodeName(h.code), " after ",
            FormatDuration(h.delay));
}
void ApplyBlip(const FaultHit& h, FaultOutcome& out) {
  out.delay += h.delay;
  if (out.error.ok()) out.error = absl::Status(h.code, h.message);
}

EffectSpec BlipEffect() {
  return {
      .name = "test_blip",
      .help = "wait, then fail",
      .params = {{Param::kDelay}, {Param::kCode}},
      .shape = YamlShape::kFlagOrMap,
      .hops = {Hop::kCri},
      .hops_text = "cri",
      .flag = "--test-blip",
      .default_hop = Hop::kCri,
      .default_operation = "Version",
      .resolve = ResolveBlip,
      .describe = DescribeBlip,
      .summarize = SummarizeBlip,
      .apply = ApplyBlip,
  };
}

class EffectPlugin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static const absl::StatusOr<const EffectSpec*> kind =
        RegisterEffect(BlipEffect());
    ASSERT_OK(kind);
    blip_ = *kind;
  }
  static const EffectSpec* blip_;
};
const EffectSpec* EffectPlugin::blip_ = nullptr;

// The built-in effects, as the effect files define them, in list order.
constexpr std::string_view kBuiltinNames[] = {
    "error",       "latency",         "hang",
    "oci_failure", "crash",           "crash_loop",
    "oom_kill",    "not_ready",       "drop_event",
    "delay_event", "duplicate_event", "reorder_event",
    "end_stream",  "restart"};

TEST(EffectRegistry, BuiltinsAreInListOrderAndComplete) {
  const std::vector<const EffectSpec*> all = AllEffects();
  ASSERT_GE(all.size(), std::size(kBuiltinNames));
  std::set<std::string_view> flags;
  for (size_t i = 0; i < std::size(kBuiltinNames); ++i) {
    const EffectSpec* s = all[i];
    SCOPED_TRACE(s->name);
    EXPECT_EQ(s->name, kBuiltinNames[i]);
    if (i > 0) {
      EXPECT_LT(all[i - 1]->list_order, s->list_order);
    }
    EXPECT_EQ(FindEffect(s->name), s);
    EXPECT_FALSE(s->file.empty());
    EXPECT_NE(s->resolve, nullptr);
    EXPECT_NE(s->describe, nullptr);
    EXPECT_NE(s->summarize, nullptr);
    EXPECT_NE(s->apply, nullptr);
    EXPECT_FALSE(s->hops.empty());
    EXPECT_FALSE(s->hops_text.empty());
    EXPECT_TRUE(flags.insert(s->flag).second) << s->flag;
    if (s->shortcut) {
      EXPECT_TRUE(s->Takes(*s->shortcut));
    }
    if (s->flag_param) {
      EXPECT_TRUE(s->Takes(*s->flag_param));
    }
  }
  EXPECT_EQ(EffectName(FindEffect("oom_kill")), "oom_kill");
  EXPECT_EQ(EffectName(nullptr), "?");
  EXPECT_EQ(FindEffect("nope"), nullptr);
}

// Every effects/<stem>.cc the build found (but the registry's own
// effect_*.cc) is a file in the source tree that registers at least one
// effect, and every built-in comes from one of them: adding the file is
// all it takes.
TEST(EffectRegistry, EveryEffectFileInTheTreeIsRegistered) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(
           FAKECRI_SOURCE_DIR "/src/fake_runtime/faults/effects")) {
    const std::filesystem::path& p = entry.path();
    if (p.extension() == ".cc" && !p.stem().string().starts_with("effect_")) {
      on_disk.insert(p.stem().string());
    }
  }
  std::set<std::string> built;
  for (const EffectFile& f : EffectFiles()) {
    built.insert(std::string(f.stem));
    EXPECT_FALSE(f.effects().empty()) << f.stem;
  }
  EXPECT_EQ(built, on_disk);
  std::set<std::string> registered_from;
  for (const EffectSpec* s : AllEffects()) {
    if (!s->file.empty()) registered_from.insert(std::string(s->file));
  }
  EXPECT_EQ(registered_from, on_disk);
}

TEST(EffectRegistry, RejectsDuplicateNamesAndFlags) {
  EffectSpec dup = BlipEffect();
  dup.name = "latency";
  EXPECT_THAT(RegisterEffect(dup),
              StatusIs(absl::StatusCode::kAlreadyExists, "'latency'"));
  dup.name = "test_other";
  dup.flag = "--hang";
  EXPECT_THAT(RegisterEffect(dup),
              StatusIs(absl::StatusCode::kAlreadyExists, "--hang"));
  dup.flag = "--test-other";
  dup.resolve = nullptr;
  EXPECT_THAT(RegisterEffect(dup),
              StatusIs(absl::StatusCode::kInvalidArgument, "resolve"));
}

TEST(EffectParams, OneParserForEveryFrontEnd) {
  EXPECT_EQ(ParseProbability("50%"), 0.5);
  EXPECT_EQ(ParseProbability("0.25"), 0.25);
  EXPECT_EQ(ParseProbability("half"), std::nullopt);
  Effect e;
  EXPECT_OK(ParseParam(Param::kCode, "deadline_exceeded", e));
  EXPECT_EQ(e.code, absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(ParseParam(Param::kCode, "NOPE", e),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "unknown gRPC status code 'NOPE'"));
  EXPECT_THAT(
      ParseParam(Param::kOutage, "-1s", e),
      StatusIs(absl::StatusCode::kInvalidArgument, "must not be negative"));
  EXPECT_OK(ParseParamFlag(Param::kCondition, "NetworkReady=false", e));
  EXPECT_EQ(e.condition, Condition::kNetworkReady);
  EXPECT_THAT(ParseParamFlag(Param::kCondition, "NetworkReady=true", e),
              StatusIs(absl::StatusCode::kInvalidArgument, "only make"));
}

TEST_F(EffectPlugin, YamlLoaderAcceptsIt) {
  absl::StatusOr<std::vector<FaultRule>> rules = ParseFaultsYaml(
      "version: 1\n"
      "faults:\n"
      "  - hop: cri\n"
      "    operation: Version\n"
      "    effect: {test_blip: {delay: 5ms, code: UNAVAILABLE}}\n"
      "  - hop: cri\n"
      "    effect: {test_blip: true}\n",
      "blip.yaml");
  ASSERT_OK(rules);
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].effect.kind, blip_);
  EXPECT_EQ((*rules)[0].effect.code, absl::StatusCode::kUnavailable);
  EXPECT_EQ(Describe((*rules)[0]), "cri Version -> test_blip 5ms");
  EXPECT_EQ((*rules)[1].effect.kind, blip_);
}

TEST_F(EffectPlugin, YamlLoaderChecksItsParametersAndHops) {
  EXPECT_THAT(
      ParseFaultsYaml("version: 1\n"
                      "faults:\n"
                      "  - hop: cri\n"
                      "    effect: {test_blip: {exit_code: 3}}\n",
                      "blip.yaml"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "blip.yaml:4:26: unknown key 'exit_code' in 'test_blip'; "
               "expected one of delay, code"));
  EXPECT_THAT(ParseFaultsYaml("version: 1\n"
                              "faults:\n"
                              "  - hop: oci\n"
                              "    effect: {test_blip: true}\n",
                              "blip.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "effect 'test_blip' applies to hop cri, not oci"));
  EXPECT_THAT(
      ParseFaultsYaml("version: 1\n"
                      "faults:\n"
                      "  - hop: cri\n"
                      "    effect: {test_blip: {delay: soon}}\n",
                      "blip.yaml"),
      StatusIs(absl::StatusCode::kInvalidArgument, "expected a latency like"));
}

TEST_F(EffectPlugin, ProtoConversionRoundTrips) {
  FaultRule rule;
  rule.hop = Hop::kCri;
  rule.operation = "Version";
  rule.effect.kind = blip_;
  rule.effect.code = absl::StatusCode::kAborted;
  rule.effect.delay = *LatencyDistribution::Parse("uniform(1s,2s)");
  const control::pb::FaultRule pb = control::RuleToProto(rule);
  EXPECT_EQ(pb.effect().kind(), "test_blip");
  EXPECT_EQ(pb.effect().code(), "ABORTED");
  EXPECT_EQ(pb.effect().delay(), "uniform(1s,2s)");
  absl::StatusOr<FaultRule> back = control::RuleFromProto(pb);
  ASSERT_OK(back);
  EXPECT_EQ(back->effect.kind, blip_);
  EXPECT_EQ(back->effect.code, absl::StatusCode::kAborted);
  EXPECT_EQ(back->effect.delay, rule.effect.delay);

  control::pb::FaultRule bad = pb;
  bad.mutable_effect()->set_delay("soon");
  EXPECT_THAT(control::RuleFromProto(bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "rule.effect.test_blip.delay: "));
  bad = pb;
  bad.mutable_effect()->set_reason("why");
  EXPECT_THAT(control::RuleFromProto(bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "effect 'test_blip' takes no condition, reason or "
                       "duration"));
}

absl::StatusOr<FaultRule> FromFlags(std::vector<std::string> args) {
  CLI::App app;
  cli::FaultFlags flags;
  cli::AddFaultFlags(&app, &flags);
  std::reverse(args.begin(), args.end());  // CLI11 takes them reversed
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return absl::InvalidArgumentError(e.what());
  }
  return cli::BuildFaultRule(flags);
}

TEST_F(EffectPlugin, CtlFlagsAcceptIt) {
  absl::StatusOr<FaultRule> r = FromFlags({"--test-blip", "--code", "ABORTED"});
  ASSERT_OK(r);
  EXPECT_EQ(r->effect.kind, blip_);
  EXPECT_EQ(r->hop, Hop::kCri);
  EXPECT_EQ(r->operation, "Version");  // the spec's default
  EXPECT_EQ(r->effect.code, absl::StatusCode::kAborted);

  // --after sets `delay` for every effect that takes it by parameter flag.
  r = FromFlags({"--test-blip", "--after", "2s"});
  ASSERT_OK(r);
  EXPECT_EQ(r->effect.delay, *LatencyDistribution::Parse("2s"));

  EXPECT_THAT(FromFlags({"--test-blip", "--exit-code", "3"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "--exit-code: applies to --oci-failure, --crash and "
                       "--crash-loop, not --test-blip"));
  EXPECT_THAT(FromFlags({"--test-blip", "--hang"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "choose one effect per rule"));
  EXPECT_THAT(FromFlags({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                      "--restart or --test-blip (or --file)"));
}

TEST_F(EffectPlugin, EngineResolvesItThroughItsSpec) {
  runtime::VirtualClock clock;
  FaultEngine engine(7, clock);
  FaultRule rule;
  rule.hop = Hop::kCri;
  rule.operation = "Version";
  rule.effect.kind = blip_;
  rule.effect.delay = *LatencyDistribution::Parse("3s");
  ASSERT_OK(engine.Add(rule));
  FaultPoint p;
  p.hop = Hop::kCri;
  p.operation = "Version";
  const std::vector<FaultHit> hits = engine.Match(p);
  ASSERT_EQ(hits.size(), 1u);
  const FaultHit* hit = &hits[0];
  EXPECT_EQ(hit->kind, blip_);
  EXPECT_EQ(hit->code, absl::StatusCode::kAborted);
  EXPECT_EQ(hit->delay, 3 * runtime::kSecond);
  EXPECT_NE(hit->Summary().find("test_blip ABORTED after 3s"),
            std::string::npos)
      << hit->Summary();
  // Its applier is what its hop acts on: a delayed reply, then the error.
  const FaultOutcome out = OutcomeOf(hits);
  EXPECT_EQ(out.delay, 3 * runtime::kSecond);
  EXPECT_EQ(out.error.code(), absl::StatusCode::kAborted);
  EXPECT_FALSE(out.hang);
}

}  // namespace
}  // namespace fakecri::faults
