// File: outputs_test.cc
// The run's outputs from an event log: the readable timeline, the Chrome
// trace (parsed back: valid, ordered, nested, every CRI call present), the
// events as JSON lines and the JSON / JUnit reports.
#include "scenario/outputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scenario/timeline_text.h"
#include "synthetic_run.h"

namespace fakecri::scenario {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::kT0;
using ::testing::Not;
using testing::SyntheticRun;

RunRecord Record() { return RunRecord(SyntheticRun::Story().events, kT0); }

std::vector<std::string> Timeline(const RunRecord& r, TimelineOptions o = {}) {
  std::vector<std::string> lines;
  for (const auto& e : r.events()) {
    if (auto l = TimelineLine(*e, r, o)) lines.push_back(*l);
  }
  return lines;
}

TEST(ScenarioRunRecord, NamesContainersAndPairsCalls) {
  RunRecord r = Record();
  EXPECT_EQ(r.Describe("c1"), "default/web/app");
  EXPECT_EQ(r.Describe("sb1"), "default/web");
  EXPECT_EQ(r.ContainerIds("default", "web", "app"),
            (std::vector<std::string>{"c1", "c2"}));
  ASSERT_EQ(r.calls().size(), 10u);
  // CreateContainer names the sandbox but belongs to what it created.
  EXPECT_EQ(r.calls()[2].rpc, "CreateContainer");
  ASSERT_NE(r.calls()[2].owner, nullptr);
  EXPECT_EQ(r.calls()[2].owner->container, "app");
  EXPECT_EQ(r.calls()[3].code, 14);
  EXPECT_EQ(r.calls()[6].latency(), 3'100'000);
}

TEST(ScenarioTimeline, OneReadableLinePerDecisionCallAndFault) {
  auto lines = Timeline(Record());
  EXPECT_THAT(lines,
              Contains("+12.000s kubelet → StartContainer default/web/app ← "
                       "OK 3.1 ms"));
  EXPECT_THAT(lines, Contains("+4.000s kubelet → StartContainer "
                              "default/web/app ← UNAVAILABLE 2.0 ms: "
                              "registry down"));
  // CreateContainer names the sandbox; the line names what it created.
  EXPECT_THAT(lines, Contains("+3.000s kubelet → CreateContainer "
                              "default/web/app ← OK 5.0 ms"));
  EXPECT_THAT(lines, Contains("+4.001s FAULT ⚡  f1 default/web/app: error "
                              "UNAVAILABLE"));
  EXPECT_THAT(lines, Contains("+21.000s kubelet   BackOff default/web/app: "
                              "back-off 10s restarting failed container"));
  EXPECT_THAT(lines,
              Contains("+20.000s runtime   container default/web/app "
                       "CONTAINER_RUNNING -> CONTAINER_EXITED (exit 1)"));
  // Polling that succeeded is left out unless asked for.
  for (const auto& l : lines) EXPECT_THAT(l, Not(HasSubstr("ListPodSandbox")));
  TimelineOptions all;
  all.all_calls = true;
  EXPECT_THAT(Timeline(Record(), all),
              Contains(HasSubstr("ListPodSandbox ← OK 100 us")));
}

TEST(ScenarioChromeTrace, ValidOrderedNestedWithEveryCriCall) {
  RunRecord r = Record();
  std::ostringstream out;
  WriteChromeTrace(r, out);
  nlohmann::json doc = nlohmann::json::parse(out.str());  // throws if invalid
  ASSERT_TRUE(doc["traceEvents"].is_array());
  std::map<uint64_t, std::pair<double, double>> cri_spans;
  std::map<int, std::string> tracks;
  double last_ts = -1;
  size_t cri = 0, faults = 0;
  for (const auto& ev : doc["traceEvents"]) {
    const std::string ph = ev["ph"];
    if (ph == "M") {
      if (ev["name"] == "thread_name") tracks[ev["tid"]] = ev["args"]["name"];
      continue;
    }
    const double ts = ev["ts"];
    EXPECT_GE(ts, last_ts) << ev.dump();
    last_ts = ts;
    if (ev["cat"] == "cri") {
      ++cri;
      cri_spans[ev["args"]["span"]] = {ts, ts + ev["dur"].get<double>()};
    }
    if (ev["cat"] == "fault") {
      ++faults;
      EXPECT_EQ(ev["ph"], "i");
      EXPECT_EQ(ev["s"], "g");
    }
  }
  EXPECT_EQ(cri, r.calls().size());
  EXPECT_EQ(faults, 3u);
  // Every hop with a parent lies inside its parent call.
  size_t nested = 0;
  for (const auto& ev : doc["traceEvents"]) {
    if (ev["ph"] == "M" || !ev["args"].contains("parent_span")) continue;
    const uint64_t parent = ev["args"]["parent_span"];
    if (parent == 0) continue;
    ASSERT_TRUE(cri_spans.contains(parent)) << ev.dump();
    const auto [b, e] = cri_spans[parent];
    const double ts = ev["ts"];
    EXPECT_GE(ts, b) << ev.dump();
    EXPECT_LE(ts + ev.value("dur", 0.0), e) << ev.dump();
    ++nested;
  }
  EXPECT_GE(nested, 6u);
  // One track per actor, one per OCI handler, one per container instance.
  std::vector<std::string> names;
  for (const auto& [tid, n] : tracks) names.push_back(n);
  EXPECT_THAT(names, Contains("kubelet"));
  EXPECT_THAT(names, Contains("CRI"));
  EXPECT_THAT(names, Contains("container manager"));
  EXPECT_THAT(names, Contains("OCI runtime runc"));
  EXPECT_THAT(names, Contains("OCI runtime kata"));
  EXPECT_THAT(names, Contains("default/web/app (c1)"));
  EXPECT_THAT(names, Contains("default/web/app (c2)"));
}

TEST(ScenarioEventsJsonl, OneParsableLinePerEventWithOwners) {
  RunRecord r = Record();
  std::ostringstream out;
  WriteEventsJsonl(r, out);
  std::istringstream in(out.str());
  std::string line;
  size_t n = 0, cri_events = 0;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    EXPECT_EQ(j["seq"], n + 1);
    if (j["kind"] == "cri_event") {
      ++cri_events;
      EXPECT_TRUE(j["cri_event"].contains("container_event_type"));
    }
    if (j["object_id"] == "c2") {
      EXPECT_EQ(j["owner"], "default/web/app");
    }
    ++n;
  }
  EXPECT_EQ(n, r.events().size());
  EXPECT_EQ(cri_events, 3u);
}

RunReport Report() {
  RunReport rep;
  rep.scenario = "crash <loop>";
  rep.file = "a.yaml";
  rep.seed = 7;
  rep.clock = "virtual";
  rep.duration = 60 * kSecond;
  ExpectationResult ok;
  ok.pos.file = "a.yaml";
  ok.pos.line = 3;
  ok.pos.col = 5;
  ok.at = 60 * kSecond;
  ok.what = "pod default/web phase Running";
  ok.passed = true;
  rep.results.push_back(ok);
  ExpectationResult bad = ok;
  bad.pos.line = 9;
  bad.what = "fault f1 hits 3";
  bad.passed = false;
  bad.message = "hits is 2, expected 3 & \"more\"";
  rep.results.push_back(bad);
  return rep;
}

TEST(ScenarioReport, JsonCarriesVerdictAndEveryExpectation) {
  std::ostringstream out;
  WriteJsonReport({Report()}, out);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["scenarios"][0]["seed"], 7);
  EXPECT_EQ(j["scenarios"][0]["expectations"].size(), 2u);
  EXPECT_EQ(j["scenarios"][0]["expectations"][1]["position"], "a.yaml:9:5");
  EXPECT_EQ(j["scenarios"][0]["expectations"][1]["at"], "+60.000s");
}

TEST(ScenarioReport, JunitCountsFailuresAndEscapes) {
  std::ostringstream out;
  WriteJunitReport({Report()}, out);
  const std::string x = out.str();
  EXPECT_THAT(x, HasSubstr("<testsuites name=\"fakecri scenarios\" tests=\"2\" "
                           "failures=\"1\" errors=\"0\">"));
  EXPECT_THAT(x, HasSubstr("<testsuite name=\"crash &lt;loop&gt;\""));
  EXPECT_THAT(x, HasSubstr("<failure message=\"hits is 2, expected 3 &amp; "
                           "&quot;more&quot;\"/>"));
  RunReport broken = Report();
  broken.results.clear();
  broken.error = "runtime did not start";
  std::ostringstream out2;
  WriteJunitReport({broken}, out2);
  EXPECT_THAT(out2.str(), HasSubstr("errors=\"1\""));
  EXPECT_FALSE(broken.Passed());
}

}  // namespace
}  // namespace fakecri::scenario
