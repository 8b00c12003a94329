// File: runner_test.cc
// Scenario runs end to end (embedded fakecri + simulated kubelet, virtual
// time): deterministic from the seed, expectations judged, the trace of a
// real run well-formed.
#include "scenario/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "scenario/loader.h"
#include "scenario/outputs.h"

namespace fakecri::scenario {
namespace {

constexpr const char* kCrashLoop = R"(version: 1
name: det
seed: 5
duration: 2m
runtime:
  faults:
    - id: crash
      hop: process
      match: {container: app}
      effect: {crash_loop: {exit_code: 1, delay: 5s}}
timeline:
  - at: 0s
    createPod:
      metadata: {name: web}
      spec:
        containers:
          - {name: app, image: "busybox:1.36", command: ["sleep", "infinity"]}
expect:
  - pod: web
    restarts: {min: 2}
  - fault: crash
    hits: {min: 3}
  - calls: RunPodSandbox
    count: 1
  - pod: web
    phase: Failed
)";

struct Outputs {
  std::string events, report, trace;
  RunReport rep;
};

Outputs RunOnce(const std::string& yaml, RunOptions opts = {}) {
  auto s = ParseScenario(yaml, "det.yaml");
  EXPECT_TRUE(s.ok()) << s.status();
  auto r = RunScenario(*s, opts);
  EXPECT_TRUE(r.ok()) << r.status();
  Outputs o;
  std::ostringstream ev, rep, tr;
  WriteEventsJsonl(*r->record, ev);
  WriteJsonReport({r->report}, rep);
  WriteChromeTrace(*r->record, tr);
  o.events = ev.str();
  o.report = rep.str();
  o.trace = tr.str();
  o.rep = r->report;
  return o;
}

TEST(ScenarioRunner, SameFileAndSeedGiveByteIdenticalEventsAndReport) {
  Outputs a = RunOnce(kCrashLoop);
  Outputs b = RunOnce(kCrashLoop);
  EXPECT_FALSE(a.events.empty());
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.report, b.report);
  EXPECT_EQ(a.trace, b.trace);
}

TEST(ScenarioRunner, JudgesEachExpectation) {
  Outputs o = RunOnce(kCrashLoop);
  ASSERT_EQ(o.rep.results.size(), 4u);
  EXPECT_TRUE(o.rep.error.empty()) << o.rep.error;
  EXPECT_TRUE(o.rep.results[0].passed) << o.rep.results[0].message;
  EXPECT_TRUE(o.rep.results[1].passed) << o.rep.results[1].message;
  EXPECT_TRUE(o.rep.results[2].passed) << o.rep.results[2].message;
  // restartPolicy Always: the pod never fails, and the runner says so.
  EXPECT_FALSE(o.rep.results[3].passed);
  EXPECT_THAT(o.rep.results[3].message, ::testing::HasSubstr("phase is"));
  EXPECT_FALSE(o.rep.Passed());
}

TEST(ScenarioRunner, TraceOfARealRunHasEveryCriCall) {
  Outputs o = RunOnce(kCrashLoop);
  auto doc = nlohmann::json::parse(o.trace);
  size_t spans = 0;
  double last = -1;
  for (const auto& ev : doc["traceEvents"]) {
    if (ev["ph"] == "M") continue;
    EXPECT_GE(ev["ts"].get<double>(), last);
    last = ev["ts"];
    if (ev["cat"] == "cri") ++spans;
  }
  size_t calls = 0;
  std::istringstream in(o.events);
  std::string line;
  while (std::getline(in, line)) {
    if (nlohmann::json::parse(line)["kind"] == "rpc_in") ++calls;
  }
  EXPECT_GT(calls, 10u);
  EXPECT_EQ(spans, calls);
}

TEST(ScenarioRunner, WatchedPodsShowEachChangeAndLeaveTheRunAsItWas) {
  auto s = ParseScenario(kCrashLoop, "det.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  std::vector<std::string> lines;
  RunOptions o;
  o.watch_pods = true;
  o.on_line = [&lines](const std::string& l) { lines.push_back(l); };
  auto r = RunScenario(*s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> pods;
  for (const auto& l : lines) {
    if (l.find(" pod       ") != std::string::npos) pods.push_back(l);
  }
  ASSERT_GE(pods.size(), 3u);
  EXPECT_THAT(pods[0],
              ::testing::MatchesRegex(
                  R"(\+0\.000s pod       web +0/1 +ContainerCreating +0)"));
  EXPECT_THAT(pods, ::testing::Contains(::testing::HasSubstr("Running")));
  EXPECT_THAT(pods,
              ::testing::Contains(::testing::HasSubstr("CrashLoopBackOff")));
  // No line repeats the one before it for the same pod.
  for (size_t i = 1; i < pods.size(); ++i) {
    EXPECT_NE(pods[i].substr(9), pods[i - 1].substr(9)) << pods[i];
  }
  // Watching stops the clock every second but changes nothing in the run.
  std::ostringstream watched;
  WriteEventsJsonl(*r->record, watched);
  EXPECT_EQ(watched.str(), RunOnce(kCrashLoop).events);
}

// The first line of `kind` for `rpc`, as parsed JSON.
nlohmann::json FirstLine(const std::string& events, const std::string& kind,
                         const std::string& rpc) {
  std::istringstream in(events);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["kind"] == kind && j["subject"] == rpc) return j;
  }
  return nullptr;
}

TEST(ScenarioRunner, RecordedPayloadsReachTheEventsFile) {
  RunOptions opts;
  opts.record_payloads = true;
  Outputs o = RunOnce(kCrashLoop, opts);
  const nlohmann::json in = FirstLine(o.events, "rpc_in", "RunPodSandbox");
  ASSERT_TRUE(in.is_object());
  ASSERT_TRUE(in.contains("payload"));
  EXPECT_THAT(in["payload"].get<std::string>(),
              ::testing::HasSubstr("metadata {\n    name: \"web\""));
  const nlohmann::json out = FirstLine(o.events, "rpc_out", "RunPodSandbox");
  ASSERT_TRUE(out.is_object());
  EXPECT_THAT(out["payload"].get<std::string>(),
              ::testing::StartsWith("pod_sandbox_id: \""));
  // Recorded or not, the run itself is the same.
  Outputs plain = RunOnce(kCrashLoop);
  EXPECT_EQ(o.report, plain.report);
  EXPECT_FALSE(
      FirstLine(plain.events, "rpc_in", "RunPodSandbox").contains("payload"));
}

TEST(ScenarioRunner, RefusesFaultsAgainstAnotherRuntime) {
  auto s = ParseScenario(kCrashLoop, "det.yaml");
  ASSERT_TRUE(s.ok());
  RunOptions o;
  o.endpoint = "unix:///nonexistent.sock";
  auto r = RunScenario(*s, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(r.status().message()),
              ::testing::HasSubstr("det.yaml:7:5: runtime faults needs the "
                                   "embedded fakecri"));
}

TEST(ScenarioRunner, PaceIsAskedBeforeEachTimerAndFalseStopsTheRun) {
  auto s = ParseScenario(kCrashLoop, "det.yaml");
  ASSERT_TRUE(s.ok());
  std::vector<TimeNs> asked;
  RunOptions o;
  o.pace = [&](TimeNs next) {
    asked.push_back(next);
    return asked.size() < 20;  // the 20th timer is refused
  };
  auto r = RunScenario(*s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(asked.size(), 20u);
  for (size_t i = 1; i < asked.size(); ++i) EXPECT_GE(asked[i], asked[i - 1]);
  EXPECT_THAT(r->report.error, ::testing::HasSubstr("stopped by the viewer"));
  // Stopped early: far from the 2 minutes the file asks for.
  EXPECT_LT(asked.back() - asked.front(), 60 * kSecond);
}

TEST(ScenarioRunner, OnServerGivesTheRuntimeBeforeTheKubeletAndNullAtTheEnd) {
  auto s = ParseScenario(kCrashLoop, "det.yaml");
  ASSERT_TRUE(s.ok());
  std::vector<bool> calls;  // true: a server, false: nullptr
  uint64_t seq_at_start = 0;
  size_t rules = 0;
  RunOptions o;
  o.on_server = [&](Server* server) {
    calls.push_back(server != nullptr);
    if (server != nullptr) {
      seq_at_start = server->event_log().LastSeq();
      rules = server->faults().size();
    }
  };
  auto r = RunScenario(*s, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(calls, (std::vector<bool>{true, false}));
  // The file's fault rule is loaded; no CRI call has arrived yet.
  EXPECT_EQ(rules, 1u);
  for (const auto& e : r->record->events()) {
    if (e->kind == EventKind::kRpcIn) {
      EXPECT_GT(e->seq, seq_at_start);
      break;
    }
  }
}

}  // namespace
}  // namespace fakecri::scenario
