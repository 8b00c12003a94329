// File: loader_test.cc
// The scenario loader: a complete file reads into the model; every kind of
// mistake is rejected with file:line:col and what was expected.
#include "scenario/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace fakecri::scenario {
namespace {

using ::fakecri::testing::StatusIs;
using ::testing::HasSubstr;

constexpr const char* kFull = R"(# A full file.
version: 1
name: crash-loop
description: app exits 1 on every start
seed: 42
clock: virtual
duration: 10m
runtime:
  execTimeoutStyle: cri-o
  images:
    - repository: docker.io/myorg/app
      tags: ["v1"]
      cmd: ["/app"]
  faults:
    - id: crash
      hop: process
      match: {container: app}
      effect: {crash_loop: {exit_code: 1, delay: 5s}}
kubelet:
  eventedPLEG: true
  crashLoopBackOff: {initial: 10s, max: 5m}
timeline:
  - at: 0s
    createPod:
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels: {app: web}
      spec:
        restartPolicy: OnFailure
        terminationGracePeriodSeconds: 5
        runtimeClassName: kata
        securityContext: {runAsNonRoot: true}
        initContainers:
          - name: init
            image: busybox:1.36
            command: ["sh", "-c", "true"]
        containers:
          - name: app
            image: myorg/app:v1
            imagePullPolicy: IfNotPresent
            args: ["--port", "80"]
            env: [{name: MODE, value: prod}]
            livenessProbe:
              exec: {command: ["cat", "/tmp/healthy"]}
              periodSeconds: 5
              failureThreshold: 2
            lifecycle:
              preStop: {exec: {command: ["sleep", "1"]}}
            securityContext: {runAsUser: 1000}
            ports: [{name: http, containerPort: 80, hostPort: 8080}]
  - after: 30s
    addFaults: {id: slow, hop: cri, operation: StartContainer,
                effect: {latency: 2s}}
  - at: 1m
    setCondition: {condition: NetworkReady, ready: false, duration: 30s}
    expect:
      - node: {ready: false}
  - after: 1m
    restartRuntime: {outage: 5s}
  - wait: 1m
  - after: 10s
    removeFault: slow
  - at: 5m
    deletePod: {name: web, gracePeriodSeconds: 3}
expect:
  - pod: web
    phase: Running
    restarts: {min: 2}
  - pod: web
    container: app
    state: waiting
    reason: CrashLoopBackOff
  - calls: StartContainer
    container: app
    outcomes: [ok, ok]
  - order: [RunPodSandbox, PullImage, CreateContainer, StartContainer]
  - backoff: {pod: web, container: app, intervals: [10s, 20s, 40s]}
  - latency: {rpc: RunPodSandbox, percentile: 99, max: 2s}
  - fault: crash
    hits: {min: 3}
)";

TEST(ScenarioLoader, ReadsACompleteFile) {
  auto s = ParseScenario(kFull, "full.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name, "crash-loop");
  EXPECT_EQ(s->seed, 42u);
  EXPECT_EQ(s->clock.kind, "virtual");
  EXPECT_EQ(s->duration, 600 * kSecond);
  EXPECT_EQ(s->runtime.exec_timeout_style, "cri-o");
  EXPECT_THAT(s->runtime.images_yaml, HasSubstr("docker.io/myorg/app"));
  ASSERT_EQ(s->runtime.faults.size(), 1u);
  EXPECT_EQ(s->runtime.faults[0].ids, std::vector<std::string>{"crash"});
  EXPECT_THAT(s->runtime.faults[0].yaml, HasSubstr("version: 1"));
  EXPECT_THAT(s->runtime.faults[0].yaml, HasSubstr("crash_loop"));
  EXPECT_EQ(s->runtime.faults[0].pos.line, 15);
  EXPECT_EQ(s->kubelet.evented_pleg, true);
  EXPECT_EQ(s->kubelet.crash_loop_backoff_max, 300 * kSecond);

  ASSERT_EQ(s->timeline.size(), 7u);
  const auto& pod = std::get<CreatePodAction>(s->timeline[0].action).pod;
  EXPECT_EQ(pod.name, "web");
  EXPECT_EQ(pod.pod_namespace, "default");
  EXPECT_EQ(pod.labels.at("app"), "web");
  EXPECT_EQ(pod.restart_policy, RestartPolicy::kOnFailure);
  EXPECT_EQ(pod.termination_grace_period_seconds, 5);
  EXPECT_EQ(pod.runtime_handler, "kata");
  ASSERT_EQ(pod.init_containers.size(), 1u);
  EXPECT_EQ(pod.init_containers[0].command,
            (std::vector<std::string>{"sh", "-c", "true"}));
  ASSERT_EQ(pod.containers.size(), 1u);
  const ContainerSpec& app = pod.containers[0];
  EXPECT_EQ(app.image_pull_policy, PullPolicy::kIfNotPresent);
  EXPECT_EQ(app.env[0], (std::pair<std::string, std::string>{"MODE", "prod"}));
  ASSERT_TRUE(app.liveness_probe.has_value());
  EXPECT_EQ(app.liveness_probe->period_seconds, 5);
  EXPECT_EQ(app.liveness_probe->failure_threshold, 2);
  EXPECT_EQ(app.liveness_probe->timeout_seconds, 1);  // API default
  EXPECT_EQ(app.pre_stop_exec, (std::vector<std::string>{"sleep", "1"}));
  EXPECT_EQ(pod.security_context.run_as_non_root, true);
  EXPECT_EQ(app.security_context.run_as_user, 1000);
  EXPECT_FALSE(app.security_context.run_as_non_root.has_value());
  ASSERT_EQ(app.ports.size(), 1u);
  EXPECT_EQ(app.ports[0].name, "http");
  EXPECT_EQ(app.ports[0].container_port, 80);
  EXPECT_EQ(app.ports[0].host_port, 8080);
  EXPECT_EQ(app.ports[0].protocol, "TCP");

  // after: counts from the previous step; wait: pushes the next one.
  EXPECT_EQ(s->timeline[1].at, 30 * kSecond);
  EXPECT_EQ(std::get<AddFaultsAction>(s->timeline[1].action).faults.ids,
            std::vector<std::string>{"slow"});
  EXPECT_EQ(s->timeline[2].at, 60 * kSecond);
  EXPECT_EQ(s->timeline[2].expect.size(), 1u);
  EXPECT_EQ(std::get<SetConditionAction>(s->timeline[2].action).duration,
            30 * kSecond);
  EXPECT_EQ(s->timeline[3].at, 120 * kSecond);
  EXPECT_EQ(std::get<RestartRuntimeAction>(s->timeline[3].action).outage,
            5 * kSecond);
  EXPECT_EQ(s->timeline[5].at, 190 * kSecond);  // 2m + wait 1m + 10s
  EXPECT_EQ(
      std::get<DeletePodAction>(s->timeline[6].action).grace_period_seconds, 3);

  ASSERT_EQ(s->expect.size(), 7u);
  EXPECT_EQ(std::get<PodExpectation>(s->expect[0].what).restarts->min, 2);
  EXPECT_EQ(std::get<ContainerExpectation>(s->expect[1].what).reason,
            "CrashLoopBackOff");
  EXPECT_EQ(std::get<CallsExpectation>(s->expect[2].what).outcomes.size(), 2u);
  EXPECT_EQ(std::get<OrderExpectation>(s->expect[3].what).calls.size(), 4u);
  EXPECT_EQ(std::get<BackoffExpectation>(s->expect[4].what).intervals[2],
            40 * kSecond);
  EXPECT_EQ(std::get<LatencyExpectation>(s->expect[5].what).percentile, 99);
  EXPECT_EQ(std::get<FaultExpectation>(s->expect[6].what).hits->min, 3);
  EXPECT_EQ(s->expect[6].pos.ToString(), "full.yaml:81:5");
}

TEST(ScenarioLoader, EmittedFaultBlockKeepsTheRulesText) {
  auto s = ParseScenario(kFull, "full.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  const std::string& y =
      std::get<AddFaultsAction>(s->timeline[1].action).faults.yaml;
  EXPECT_THAT(y, HasSubstr("operation: StartContainer"));
  EXPECT_THAT(y, HasSubstr("latency: 2s"));
}

struct BadCase {
  const char* name;
  const char* yaml;
  const char* error;  // the full expected prefix or a substring
};

constexpr const char* kHead =
    "version: 1\nname: t\ntimeline:\n  - createPod:\n      metadata: {name: "
    "p}\n      spec:\n        containers:\n          - {name: c, image: "
    "busybox}\n";

class ScenarioLoaderErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioLoaderErrors, NamesPositionAndWhatWasExpected) {
  const BadCase& c = GetParam();
  auto s = ParseScenario(c.yaml, "bad.yaml");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, c.error))
      << c.name;
}

std::string WithHead(const char* tail) { return std::string(kHead) + tail; }

const std::string kUnknownTop = WithHead("colour: blue\n");
const std::string kBadExpectPod =
    WithHead("expect:\n  - pod: q\n    phase: Running\n");
const std::string kBadContainer =
    WithHead("expect:\n  - pod: p\n    container: x\n");
const std::string kBadPhase = WithHead("expect:\n  - pod: p\n    phase: Up\n");
const std::string kBadRange =
    WithHead("expect:\n  - pod: p\n    restarts: {min: 3, max: 1}\n");
const std::string kBadFaultRef =
    WithHead("expect:\n  - fault: nope\n    hits: 1\n");
const std::string kNoExpectKind = WithHead("expect:\n  - weather: fine\n");
const std::string kBadOutcome =
    WithHead("expect:\n  - calls: StartContainer\n    outcomes: [ok, boom]\n");
const std::string kBadDuration = WithHead("duration: 10\n");
const std::string kShortDuration =
    WithHead("  - at: 5m\n    wait: 1m\nduration: 5m\n");
const std::string kOrder =
    WithHead("  - at: 10s\n    wait: 1s\n  - at: 5s\n    wait: 1s\n");

INSTANTIATE_TEST_SUITE_P(
    Cases, ScenarioLoaderErrors,
    ::testing::Values(
        BadCase{"not yaml", "version: 1\nname: [x\n", "bad.yaml:3:1: "},
        BadCase{"no version", "name: x\ntimeline: []\n",
                "bad.yaml:1:1: scenario: missing required key 'version'"},
        BadCase{"version 2", "version: 2\nname: x\ntimeline: []\n",
                "bad.yaml:1:10: version: expected 1"},
        BadCase{"empty timeline", "version: 1\nname: x\ntimeline: []\n",
                "bad.yaml:3:11: timeline: expected at least one step"},
        BadCase{"unknown top key", kUnknownTop.c_str(),
                "bad.yaml:9:1: unknown key 'colour' in scenario; expected one "
                "of: 'version'"},
        BadCase{"unknown pod key",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        nodeName: n1\n"
                "        containers: [{name: c, image: busybox}]\n",
                "bad.yaml:7:9: unknown key 'nodeName' in pod 'p' spec"},
        BadCase{"unknown container key",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - name: c\n            image: busybox\n"
                "            resources: {}\n",
                "bad.yaml:10:13: unknown key 'resources' in container"},
        BadCase{"missing image",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - name: c\n",
                "bad.yaml:8:13: container 'c': missing required key 'image'"},
        BadCase{"duplicate container",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - {name: c, image: a}\n          - {name: c, "
                "image: b}\n",
                "bad.yaml:9:13: pod 'p' spec: two containers are named 'c'"},
        BadCase{"bad pull policy",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - {name: c, image: a, imagePullPolicy: Sometimes}\n",
                "bad.yaml:8:50: container 'c' imagePullPolicy: expected one "
                "of 'Always', 'IfNotPresent', 'Never', got 'Sometimes'"},
        BadCase{"probe without exec",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - name: c\n            image: a\n"
                "            livenessProbe: {exec: {command: [x]}, "
                "periodSeconds: 0}\n",
                "bad.yaml:10:66: container 'c' livenessProbe.periodSeconds: "
                "expected an integer in [1, 2147483648], got '0'"},
        BadCase{"unknown securityContext key",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - name: c\n            image: a\n"
                "            securityContext: {privileged: true}\n",
                "bad.yaml:10:31: unknown key 'privileged' in container 'c' "
                "securityContext; expected one of: 'runAsNonRoot', "
                "'runAsUser'"},
        BadCase{"port protocol",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - name: c\n            image: a\n"
                "            ports: [{containerPort: 80, protocol: HTTP}]\n",
                "bad.yaml:10:51: container 'c' port protocol: expected one of "
                "'TCP', 'UDP', 'SCTP', got 'HTTP'"},
        BadCase{"expect unknown pod", kBadExpectPod.c_str(),
                "bad.yaml:10:5: no createPod in the timeline makes pod "
                "default/q"},
        BadCase{"expect unknown container", kBadContainer.c_str(),
                "bad.yaml:10:5: pod p has no container 'x'"},
        BadCase{"bad phase", kBadPhase.c_str(),
                "bad.yaml:11:12: pod phase: expected one of 'Pending'"},
        BadCase{"bad range", kBadRange.c_str(),
                "bad.yaml:11:15: restarts: min (3) is more than max (1)"},
        BadCase{"unknown fault id", kBadFaultRef.c_str(),
                "bad.yaml:10:5: fault: no rule with id 'nope'"},
        BadCase{"unknown expectation", kNoExpectKind.c_str(),
                "bad.yaml:10:5: expectation: expected one of pod"},
        BadCase{"bad outcome", kBadOutcome.c_str(),
                "bad.yaml:11:20: outcomes: expected ok, error or a gRPC code"},
        BadCase{"duration without unit", kBadDuration.c_str(),
                "bad.yaml:9:11: duration: expected a duration such as 300ms"},
        BadCase{"duration shorter than timeline", kShortDuration.c_str(),
                "bad.yaml:11:11: duration: the timeline runs to 6m"},
        BadCase{"steps out of order", kOrder.c_str(),
                "bad.yaml:11:9: at: steps must be in time order"},
        BadCase{"two actions",
                "version: 1\nname: t\ntimeline:\n  - wait: 1s\n    "
                "removeFault: x\n",
                "bad.yaml:4:5: timeline step: expected at most one action"},
        BadCase{"scaled without scale",
                "version: 1\nname: t\nclock: {kind: scaled}\ntimeline:\n  - "
                "wait: 1s\n",
                "bad.yaml:3:8: clock: kind scaled needs scale"},
        BadCase{"faults not a list",
                "version: 1\nname: t\nruntime: {faults: 3}\ntimeline:\n  - "
                "wait: 1s\n",
                "bad.yaml:3:19: runtime faults (fault rules of "
                "docs/faults.md): expected a sequence"},
        BadCase{"images file missing",
                "version: 1\nname: t\nruntime: {imagesFile: nope.yaml}\n"
                "timeline:\n  - wait: 1s\n",
                "bad.yaml:3:23: runtime imagesFile: no such file"},
        BadCase{"condition name",
                "version: 1\nname: t\ntimeline:\n  - setCondition: "
                "{condition: DiskReady, ready: false}\n",
                "bad.yaml:4:31: setCondition condition: expected one of "
                "'RuntimeReady', 'NetworkReady'"},
        BadCase{"delete unknown pod",
                "version: 1\nname: t\ntimeline:\n  - deletePod: ghost\n",
                "bad.yaml:4:5: no createPod in the timeline makes pod "
                "default/ghost"},
        BadCase{"sidecar only on init",
                "version: 1\nname: t\ntimeline:\n  - createPod:\n      "
                "metadata: {name: p}\n      spec:\n        containers:\n"
                "          - {name: c, image: a, restartPolicy: Always}\n",
                "bad.yaml:8:48: container 'c': restartPolicy is only allowed "
                "on init containers"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      std::string n = info.param.name;
      for (char& ch : n) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return n;
    });

TEST(ScenarioLoader, ReplicasNamePodsByIndex) {
  auto s = ParseScenario(
      "version: 1\nname: d\ntimeline:\n  - replicas: 3\n    createPod:\n"
      "      metadata: {name: web}\n      spec:\n        containers: "
      "[{name: c, image: pause}]\nexpect:\n  - pod: web-2\n    phase: "
      "Running\n",
      "d.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  const auto& a = std::get<CreatePodAction>(s->timeline[0].action);
  EXPECT_EQ(a.Names(), (std::vector<std::string>{"web-0", "web-1", "web-2"}));
  EXPECT_THAT(ParseScenario("version: 1\nname: d\ntimeline:\n  - replicas: "
                            "3\n    wait: 1s\n",
                            "d.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "d.yaml:4:15: replicas: only with createPod"));
}

// Found by scenario_loader_fuzzer: a name the host rejects outright
// (ENAMETOOLONG) made std::filesystem::exists throw out of the loader.
TEST(ScenarioLoader, ImagesFileTheHostCannotLookUpIsAPlacedError) {
  const std::string yaml = "version: 1\nname: t\nruntime: {imagesFile: /tmp/" +
                           std::string(300, 'a') +
                           "}\ntimeline:\n  - wait: 1s\n";
  EXPECT_THAT(
      ParseScenario(yaml, "bad.yaml"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "bad.yaml:3:23: runtime imagesFile: File name too long"));
}

// Found by scenario_loader_fuzzer: yaml-cpp spun for minutes on NUL bytes
// in a comment.
TEST(ScenarioLoader, NulByteIsAPlacedError) {
  const std::string yaml("version: 1\n# a\0b\nname: t\n", 25);
  EXPECT_THAT(ParseScenario(yaml, "bad.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "bad.yaml:2:4: a NUL byte; a scenario file is text"));
}

// Found by scenario_loader_fuzzer: yaml-cpp's LoadAll spun forever on a
// document starting with ','.
TEST(ScenarioLoader, LeadingCommaIsAnErrorNotAHang) {
  EXPECT_THAT(ParseScenario(", a\nb: 1\n", "bad.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "bad.yaml:1:1: expected one YAML document"));
}

TEST(ScenarioLoader, SecondDocumentIsAnError) {
  EXPECT_THAT(ParseScenario("version: 1\nname: t\ntimeline:\n  - wait: 1s\n"
                            "---\nversion: 1\n",
                            "bad.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "bad.yaml:1:1: expected one YAML document"));
}

TEST(ScenarioLoader, MissingFileIsNotFound) {
  EXPECT_THAT(LoadScenarioFile("/nonexistent/x.yaml"),
              StatusIs(absl::StatusCode::kNotFound, "cannot open file"));
}

}  // namespace
}  // namespace fakecri::scenario
