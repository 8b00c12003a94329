// File: fault_yaml_test.cc
// Fault files: a valid file with every effect, the example file under
// testdata/, and invalid files with their exact file:line:col messages.
#include "fake_runtime/faults/fault_yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_engine.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr DurationNs kMs = 1'000'000;
constexpr DurationNs kS = 1'000'000'000;

// The error message for `yaml` read as faults.yaml ("" when it parses).
std::string ErrorOf(const std::string& yaml) {
  absl::StatusOr<std::vector<FaultRule>> r =
      ParseFaultsYaml(yaml, "faults.yaml");
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(r.status().message());
}

TEST(ParseFaultsYaml, ReadsEveryPartOfARule) {
  absl::StatusOr<std::vector<FaultRule>> rules = ParseFaultsYaml(
      R"yaml(version: 1
faults:
  - id: flaky-pulls
    description: registry hiccups
    hop: cri
    operation: "Pull*"
    match:
      pod: "web-*"
      namespace: prod
      uid: "1234*"
      labels: {app: web, tier: "front*"}
      container: nginx
      image: "nginx:*"
      handler: runc
    effect:
      error: {code: DeadlineExceeded, message: "timeout pulling {image}"}
    when:
      probability: 0.25
      first: 10
      every: 2
      times: 3
      after: 30s
      until: 1m30s
  - hop: process
    effect: {crash: {exit_code: 2, delay: "uniform(1s,2s)"
}
}
  - hop: runtime
    effect: {not_ready: NetworkReady}
  - hop: events
    effect: {delay_event: 500ms}
  - hop: cri
    effect: {error: unavailable}
)yaml",
      "faults.yaml");
  ASSERT_OK(rules);
  ASSERT_THAT(*rules, SizeIs(5));
  const FaultRule& r = (*rules)[0];
  EXPECT_EQ(r.id, "flaky-pulls");
  EXPECT_EQ(r.description, "registry hiccups");
  EXPECT_EQ(r.hop, Hop::kCri);
  EXPECT_EQ(r.operation, "Pull*");
  EXPECT_EQ(r.match.pod_name, "web-*");
  EXPECT_EQ(r.match.pod_namespace, "prod");
  EXPECT_EQ(r.match.pod_uid, "1234*");
  EXPECT_EQ(r.match.container_name, "nginx");
  EXPECT_EQ(r.match.image, "nginx:*");
  EXPECT_EQ(r.match.handler, "runc");
  EXPECT_THAT(
      r.match.labels,
      ElementsAre(std::pair<const std::string, std::string>("app", "web"),
                  std::pair<const std::string, std::string>("tier", "front*")));
  EXPECT_EQ(r.effect.kind, FindEffect("error"));
  EXPECT_EQ(r.effect.code, absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(r.effect.message, "timeout pulling {image}");
  EXPECT_EQ(r.when.probability, 0.25);
  EXPECT_EQ(r.when.first, 10);
  EXPECT_EQ(r.when.every, 2);
  EXPECT_EQ(r.when.times, 3);
  EXPECT_EQ(r.when.after, 30 * kS);
  EXPECT_EQ(r.when.until, 90 * kS);

  const FaultRule& crash = (*rules)[1];
  EXPECT_EQ(crash.id, "");
  EXPECT_EQ(crash.effect.kind, FindEffect("crash"));
  EXPECT_EQ(crash.effect.exit_code, 2);
  EXPECT_EQ(crash.effect.delay, LatencyDistribution::Uniform(kS, 2 * kS));
  EXPECT_EQ((*rules)[2].effect.condition, Condition::kNetworkReady);
  EXPECT_EQ((*rules)[3].effect.delay, LatencyDistribution::Fixed(500 * kMs));
  EXPECT_EQ((*rules)[4].effect.code, absl::StatusCode::kUnavailable);
}

TEST(ParseFaultsYaml, AcceptsAnEmptyFaultList) {
  absl::StatusOr<std::vector<FaultRule>> rules =
      ParseFaultsYaml("version: 1\nfaults: []\n", "empty.yaml");
  ASSERT_OK(rules);
  EXPECT_THAT(*rules, IsEmpty());
}

TEST(LoadFaultsYamlFile, LoadsTheExampleFileIntoAnEngine) {
  absl::StatusOr<std::vector<FaultRule>> rules = LoadFaultsYamlFile(
      std::string(FAKECRI_FAULTS_TESTDATA) + "/example_faults.yaml");
  ASSERT_OK(rules);
  EXPECT_THAT(*rules, SizeIs(15));
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  for (const FaultRule& r : *rules) ASSERT_OK(engine.Add(r));
  std::vector<std::string> ids;
  for (const RuleStatus& s : engine.List()) ids.push_back(s.rule.id);
  EXPECT_EQ(ids.front(), "f1");
  EXPECT_EQ(ids.back(), "slow-pulls");
  EXPECT_EQ(engine
                .Match({.hop = Hop::kCri,
                        .operation = "PullImage",
                        .image = "docker.io/library/nginx:1.27"})
                .at(0)
                .code,
            absl::StatusCode::kUnavailable);
}

TEST(LoadFaultsYamlFile, AMissingFileIsNotFound) {
  EXPECT_THAT(LoadFaultsYamlFile("/nonexistent/faults.yaml"),
              StatusIs(absl::StatusCode::kNotFound,
                       "cannot read fault file /nonexistent/faults.yaml"));
}

TEST(ParseFaultsYamlErrors, NameTheFieldAndTheExpectedForm) {
  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    operation: PullImage
    effect: {hang: true}
    when:
      after: soon
)yaml"),
            "faults.yaml:7:14: expected a duration like 300ms or 2s for "
            "'after', got 'soon'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: grpc
    effect: {hang: true}
)yaml"),
            "faults.yaml:3:10: expected one of cri, manager, oci, "
            "image_pull, process, events, runtime for 'hop', got 'grpc'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect:
      latency: uniform(2s)
)yaml"),
            "faults.yaml:5:16: expected a latency like 300ms, "
            "uniform(1s,2s), normal(2s,500ms), lognormal(1s,5s), "
            "exponential(200ms) or pareto(100ms,1.5) for 'latency', got "
            "'uniform(2s)': uniform takes 2 arguments (min,max), got 1");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {error: {code: MAYBE}}
)yaml"),
            "faults.yaml:4:28: expected a gRPC status code like UNAVAILABLE "
            "or DEADLINE_EXCEEDED for 'code', got 'MAYBE'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    when: {probability: 1.5}
)yaml"),
            "faults.yaml:5:25: expected a probability between 0 and 1 "
            "(like 0.25 or 25%) for 'probability', got '1.5'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: process
    effect:
      crash: {exit_code: 256}
)yaml"),
            "faults.yaml:5:26: expected an integer 0..255 for 'exit_code', "
            "got '256'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    when: {times: 0}
)yaml"),
            "faults.yaml:5:19: expected a positive integer for 'times', got "
            "'0'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    when:
      after:
)yaml"),
            "faults.yaml:6:7: expected a duration like 300ms or 2s for "
            "'after', got nothing");
}

TEST(ParseFaultsYamlErrors, UnknownKeysListTheAllowedOnes) {
  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effects: {hang: true}
)yaml"),
            "faults.yaml:4:5: unknown key 'effects' in a fault; expected one "
            "of id, description, hop, operation, match, effect, when");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    match: {pod: web, node: n1}
)yaml"),
            "faults.yaml:5:23: unknown key 'node' in 'match'; expected one "
            "of pod, namespace, uid, labels, container, image, handler");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    when: {sometimes: true}
)yaml"),
            "faults.yaml:5:12: unknown key 'sometimes' in 'when'; expected "
            "one of probability, first, every, times, after, until");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: runtime
    effect:
      restart: {outage: 5s, unknown: true}
)yaml"),
            "faults.yaml:5:29: unknown key 'unknown' in 'restart'; expected "
            "one of outage, containers_unknown");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
rules: []
)yaml"),
            "faults.yaml:2:1: unknown key 'rules' at the top level; expected "
            "one of version, faults");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {explode: true}
)yaml"),
            "faults.yaml:4:14: unknown effect 'explode'; expected one of "
            "error, latency, hang, oci_failure, crash, crash_loop, oom_kill, "
            "not_ready, drop_event, delay_event, duplicate_event, "
            "reorder_event, end_stream, restart");
}

TEST(ParseFaultsYamlErrors, StructureMistakes) {
  EXPECT_EQ(ErrorOf("faults: []\n"),
            "faults.yaml:1:1: missing required key 'version' (expected 1)");
  EXPECT_EQ(ErrorOf("version: 2\nfaults: []\n"),
            "faults.yaml:1:10: expected version 1, got '2'");
  EXPECT_EQ(ErrorOf("version: 1\n"),
            "faults.yaml:1:1: missing required key 'faults' (a sequence of "
            "faults)");
  EXPECT_EQ(ErrorOf("version: 1\nfaults: {hop: cri}\n"),
            "faults.yaml:2:9: expected a sequence of faults for 'faults', "
            "got a mapping");
  EXPECT_EQ(ErrorOf(""),
            "faults.yaml:1:1: expected a mapping with keys 'version' (1) and "
            "'faults'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - operation: PullImage
    effect: {hang: true}
)yaml"),
            "faults.yaml:3:5: missing required key 'hop' (one of cri, "
            "manager, oci, image_pull, process, events, runtime)");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect:
      error: UNAVAILABLE
      latency: 1s
)yaml"),
            "faults.yaml:6:7: only one effect per fault, got 'error' and "
            "'latency'; write a second fault");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - id: a
    hop: cri
    effect: {hang: true}
  - id: a
    hop: cri
    effect: {hang: true}
)yaml"),
            "faults.yaml:6:9: fault id 'a' is already used at line 3");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: runtime
    effect:
      not_ready: {reason: Broken}
)yaml"),
            "faults.yaml:5:18: missing required key 'condition' "
            "(RuntimeReady or NetworkReady) in 'not_ready'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: yes please}
)yaml"),
            "faults.yaml:4:20: expected true for 'hang', got 'yes please'");
}

TEST(ParseFaultsYamlErrors, ValidationErrorsPointAtTheField) {
  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {hang: true}
    when:
      after: 30s
      until: 10s
)yaml"),
            "faults.yaml:7:14: when.until (10s) must be later than "
            "when.after (30s)");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    operation: StartContainer
    effect:
      crash: {exit_code: 1}
)yaml"),
            "faults.yaml:6:7: effect 'crash' applies to hop process, not "
            "cri");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    operation: PulImage
    effect: {hang: true}
)yaml"),
            "faults.yaml:4:16: operation 'PulImage' matches no CRI RPC; "
            "expected an RPC name such as PullImage or CreateContainer, or a "
            "glob like 'Pull*'");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect:
      latency: "1s + 8ms/MiB"
)yaml"),
            "faults.yaml:5:16: effect.latency: a per-MiB latency applies to "
            "hop image_pull only (the size of a pull)");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    effect: {error: OK}
)yaml"),
            "faults.yaml:4:21: effect.error.code: an injected error needs a "
            "non-OK code");

  EXPECT_EQ(ErrorOf(R"yaml(version: 1
faults:
  - id: "no spaces please"
    hop: cri
    effect: {hang: true}
)yaml"),
            "faults.yaml:3:9: id 'no spaces please' is invalid: expected 1 "
            "to 63 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit");
}

TEST(ParseFaultsYamlErrors, SyntaxErrorsCarryThePosition) {
  const std::string e = ErrorOf("version: 1\nfaults: [\n");
  EXPECT_THAT(e, ::testing::StartsWith("faults.yaml:3:1: "));
  const std::string alias = ErrorOf(R"yaml(version: 1
faults:
  - hop: cri
    operation: *
    effect: {hang: true}
)yaml");
  EXPECT_THAT(alias, ::testing::StartsWith("faults.yaml:4:"));
}

}  // namespace
}  // namespace fakecri::faults
