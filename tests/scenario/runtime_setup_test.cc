// File: runtime_setup_test.cc
// A scenario's runtime side on a real embedded fakecri (virtual clock):
// validation through the runtime's own parsers, and the fault timeline
// applied at its times (what `fakecri serve --scenario` does).
#include "scenario/runtime_setup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario/loader.h"
#include "testing/status_matchers.h"

namespace fakecri::scenario {
namespace {

using ::fakecri::testing::StatusIs;

constexpr const char* kTimeline = R"(version: 1
name: t
seed: 3
runtime:
  faults:
    - {id: base, hop: cri, operation: PullImage, effect: {error: UNAVAILABLE}}
timeline:
  - at: 10s
    addFaults: {id: slow, hop: cri, operation: StartContainer,
                effect: {latency: 2s}}
  - at: 20s
    setCondition: {condition: NetworkReady, ready: false, reason: R,
                   message: "cni \"down\""}
  - at: 30s
    setCondition: {condition: NetworkReady, ready: true}
  - at: 40s
    removeFault: slow
  - at: 50s
    restartRuntime: {outage: 1s}
)";

std::vector<std::string> Ids(FaultControl& f) {
  std::vector<std::string> ids;
  for (const auto& r : f.List()) ids.push_back(r.id);
  return ids;
}

TEST(ScenarioRuntimeSetup, ValidatesEveryRuleWithTheRuntimesParser) {
  auto s = ParseScenario(kTimeline, "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(ValidateAgainstRuntime(*s).ok());

  auto bad = ParseScenario(
      "version: 1\nname: b\ntimeline:\n  - at: 1s\n    addFaults:\n"
      "      - {hop: cri, operation: Nope, effect: {error: UNAVAILABLE}}\n",
      "b.yaml");
  ASSERT_TRUE(bad.ok()) << bad.status();
  EXPECT_THAT(ValidateAgainstRuntime(*bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "b.yaml:6:7: addFaults: operation 'Nope' matches no "
                       "CRI RPC"));

  auto remove = ParseScenario(
      "version: 1\nname: r\ntimeline:\n  - at: 1s\n    removeFault: ghost\n",
      "r.yaml");
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_THAT(ValidateAgainstRuntime(*remove),
              StatusIs(absl::StatusCode::kNotFound,
                       "r.yaml:4:5: removeFault: no fault with id 'ghost'"));
}

TEST(ScenarioRuntimeSetup, InlineImagesReachTheRuntimeAndErrorsNameTheFile) {
  auto s = ParseScenario(
      "version: 1\nname: i\nruntime:\n  images:\n    - repository: "
      "docker.io/x/y\n      size: -3\ntimeline:\n  - wait: 1s\n",
      "i.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_THAT(ValidateAgainstRuntime(*s),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "i.yaml:5:5: runtime images: "));
}

TEST(ScenarioRuntimeSetup, FaultTimelineAppliesAtItsTimes) {
  auto s = ParseScenario(kTimeline, "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  auto setup = RuntimeSetup::Create(*s);
  ASSERT_TRUE(setup.ok());
  EXPECT_EQ((*setup)->options().clock, "virtual");
  EXPECT_EQ((*setup)->options().seed, 3u);
  auto server = Server::Start((*setup)->options());
  ASSERT_TRUE(server.ok()) << server.status();
  Server& srv = **server;
  ASSERT_TRUE(srv.faults().AddYaml(s->runtime.faults[0].yaml).ok());
  std::vector<std::string> log;
  EXPECT_EQ(ScheduleFaultTimeline(
                *s, srv, [&](const std::string& l) { log.push_back(l); }),
            0);
  using V = std::vector<std::string>;
  EXPECT_EQ(Ids(srv.faults()), V{"base"});
  ASSERT_TRUE(srv.clock().Advance(10 * kSecond).ok());
  EXPECT_EQ(Ids(srv.faults()), (V{"base", "slow"}));
  ASSERT_TRUE(srv.clock().Advance(10 * kSecond).ok());
  EXPECT_EQ(Ids(srv.faults()), (V{"base", "condition-NetworkReady", "slow"}));
  ASSERT_TRUE(srv.clock().Advance(10 * kSecond).ok());
  EXPECT_EQ(Ids(srv.faults()), (V{"base", "slow"}));
  ASSERT_TRUE(srv.clock().Advance(10 * kSecond).ok());
  EXPECT_EQ(Ids(srv.faults()), V{"base"});
  ASSERT_TRUE(srv.clock().Advance(10 * kSecond).ok());
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0], "+10.000s scenario addFaults (t.yaml:8:5)");
  EXPECT_EQ(log[4], "+50.000s scenario restartRuntime (t.yaml:18:5)");
  srv.Shutdown();
}

TEST(ScenarioRuntimeSetup, ConditionRuleCarriesReasonAndMessage) {
  SetConditionAction a;
  a.condition = "RuntimeReady";
  a.reason = "Broken";
  a.message = "say \"why\"";
  a.duration = 30 * kSecond;
  const std::string y = ConditionFaultYaml(a);
  EXPECT_THAT(y, ::testing::HasSubstr("id: condition-RuntimeReady"));
  EXPECT_THAT(y, ::testing::HasSubstr("message: \"say \\\"why\\\"\""));
  EXPECT_THAT(y, ::testing::HasSubstr("until: 30s"));
}

}  // namespace
}  // namespace fakecri::scenario
