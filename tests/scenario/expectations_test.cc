// File: expectations_test.cc
// Each kind of expectation against the synthetic run and a kubelet view:
// it holds when it should and, when it does not, says what was seen.
#include "scenario/expectations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "synthetic_run.h"

namespace fakecri::scenario {
namespace {

using ::testing::HasSubstr;
using testing::kT0;
using testing::SyntheticRun;

class ScenarioExpectations : public ::testing::Test {
 protected:
  ScenarioExpectations() : record_(SyntheticRun::Story().events, kT0) {
    PodView p;
    p.name = "web";
    p.pod_namespace = "default";
    p.phase = "Running";
    p.status = "Running";
    p.ready = 1;
    p.total = 1;
    p.restarts = 1;
    p.ready_condition = true;
    PodView::Container c;
    c.name = "app";
    c.state = "running";
    c.restart_count = 1;
    c.ready = true;
    p.containers.push_back(c);
    observed_.pods.push_back(p);
    observed_.node.ready = true;
    observed_.record = &record_;
  }
  ExpectationResult Check(Expectation::Variant what) {
    Expectation e;
    e.what = std::move(what);
    return CheckExpectation(e, observed_, 60 * kSecond);
  }
  RunRecord record_;
  Observed observed_;
};

TEST_F(ScenarioExpectations, PodAsKubectlShowsIt) {
  EXPECT_TRUE(Check(PodExpectation{.pod = "web",
                                   .phase = "Running",
                                   .ready = true,
                                   .ready_count = "1/1",
                                   .restarts = CountRange{1, 1}})
                  .passed);
  auto r = Check(PodExpectation{.pod = "web", .status = "CrashLoopBackOff"});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "status is Running, expected CrashLoopBackOff");
  EXPECT_FALSE(Check(PodExpectation{.pod = "web", .absent = true}).passed);
  EXPECT_TRUE(Check(PodExpectation{.pod = "gone", .absent = true}).passed);
}

TEST_F(ScenarioExpectations, ContainerStateAndRestartCount) {
  EXPECT_TRUE(Check(ContainerExpectation{.pod = "web",
                                         .container = "app",
                                         .state = "running",
                                         .restart_count = CountRange{1, {}}})
                  .passed);
  auto r = Check(ContainerExpectation{
      .pod = "web", .container = "app", .state = "waiting", .exit_code = 137});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message,
            "state is running, expected waiting; exit code is 0, "
            "expected 137");
}

TEST_F(ScenarioExpectations, NodeReadiness) {
  EXPECT_TRUE(Check(NodeExpectation{.ready = true}).passed);
  observed_.node = NodeView{false, "container runtime network not ready"};
  auto r = Check(NodeExpectation{.ready = true});
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.message, HasSubstr("NotReady: container runtime network"));
  EXPECT_TRUE(
      Check(NodeExpectation{.ready = false, .message_contains = "network"})
          .passed);
}

TEST_F(ScenarioExpectations, FailedThreeTimesThenSucceeded) {
  CallsExpectation c{.rpc = "StartContainer",
                     .container = "app",
                     .outcomes = {"error", "UNAVAILABLE", "error", "ok", "ok"}};
  EXPECT_TRUE(Check(c).passed) << Check(c).message;
  c.outcomes = {"error", "error", "ok"};
  auto r = Check(c);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message,
            "outcomes were [UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, ok, ok]");
  EXPECT_TRUE(Check(CallsExpectation{.rpc = "StartContainer",
                                     .count = CountRange{5, 5},
                                     .failed = CountRange{3, 3},
                                     .succeeded = CountRange{2, {}}})
                  .passed);
  EXPECT_FALSE(Check(CallsExpectation{.rpc = "StartContainer",
                                      .pod = "other",
                                      .count = CountRange{1, {}}})
                   .passed);
}

TEST_F(ScenarioExpectations, CallOrderIsASubsequence) {
  EXPECT_TRUE(
      Check(OrderExpectation{.calls = {"RunPodSandbox", "CreateContainer app",
                                       "StartContainer app"}})
          .passed);
  auto r =
      Check(OrderExpectation{.calls = {"StartContainer", "RunPodSandbox"}});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "after [StartContainer] no RunPodSandbox followed");
}

TEST_F(ScenarioExpectations, BackoffIntervalsFromExitToNextStart) {
  // Exit at 20 s, next start at 31 s: 11 s, within 2 s of 10 s.
  EXPECT_TRUE(
      Check(BackoffExpectation{
                .pod = "web", .container = "app", .intervals = {10 * kSecond}})
          .passed);
  auto r = Check(BackoffExpectation{.pod = "web",
                                    .container = "app",
                                    .intervals = {10 * kSecond},
                                    .tolerance = 500 * kMillisecond});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "exit-to-restart intervals were [11s]");
  EXPECT_FALSE(
      Check(BackoffExpectation{.pod = "web",
                               .container = "app",
                               .intervals = {10 * kSecond, 20 * kSecond}})
          .passed);
}

TEST_F(ScenarioExpectations, LatencyPercentileNearestRank) {
  // StartContainer latencies: 2, 2, 2, 3.1, 4 ms.
  EXPECT_TRUE(Check(LatencyExpectation{.rpc = "StartContainer",
                                       .percentile = 50,
                                       .max = 2 * kMillisecond})
                  .passed);
  auto r = Check(LatencyExpectation{
      .rpc = "StartContainer", .percentile = 99, .max = 3 * kMillisecond});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "p99 of 5 calls is 4ms");
  EXPECT_FALSE(
      Check(LatencyExpectation{.rpc = "ExecSync", .max = kSecond}).passed);
}

TEST_F(ScenarioExpectations, FaultHitsCountedFromTheEventLog) {
  EXPECT_TRUE(
      Check(FaultExpectation{.id = "f1", .hits = CountRange{3, 3}}).passed);
  auto r = Check(FaultExpectation{.id = "f1", .hits = CountRange{4, {}}});
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.message, "hits is 3, expected >= 4");
}

}  // namespace
}  // namespace fakecri::scenario
