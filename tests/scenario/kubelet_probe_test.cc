// File: kubelet_probe_test.cc
// Exec probes through ExecSync in virtual time: liveness failing
// failureThreshold times restarts the container, readiness flapping
// toggles READY, a startup probe holds the others back.
#include "scenario/kubelet_fixture.h"

namespace fakecri::scenario::testing {
namespace {

size_t CountWith(const std::vector<std::shared_ptr<const Event>>& records,
                 const std::string& needle) {
  size_t n = 0;
  for (const auto& r : records) {
    if (r->detail.find(needle) != std::string::npos) ++n;
  }
  return n;
}

TEST_F(KubeletTest, LivenessFailingThreeTimesRestartsTheContainer) {
  StartAll();
  ContainerSpec c = Container(
      "app", "touch /tmp/healthy; sleep 25; rm /tmp/healthy; sleep 3600");
  c.liveness_probe = ExecProbe{.command = {"cat", "/tmp/healthy"}};
  PodSpec pod = Pod("live", {c});
  // sh as PID 1 ignores SIGTERM: the kill takes the whole grace period.
  pod.termination_grace_period_seconds = 2;
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(55);
  // Probes at 10 and 20 pass, 30 and 40 and 50 fail: the third failure
  // kills the container.
  auto probes = KubeletRecords("probe");
  EXPECT_EQ(CountWith(probes, "Liveness probe failed"), 3u);
  EXPECT_EQ(CountWith(probes, "failed liveness probe, will be restarted"), 1u);
  auto stops = Calls("StopContainer");
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(Secs(stops[0]->time_ns), 50);
  RunTo(60);
  auto starts = Calls("StartContainer");
  ASSERT_EQ(starts.size(), 2u);
  const PodView v = MustPod("live");
  EXPECT_EQ(v.restarts, 1);
  EXPECT_EQ(v.containers[0].state, "running");
  EXPECT_EQ(v.containers[0].restart_count, 1);
  // Probe ExecSync calls carry timeoutSeconds (1 s by default).
  EXPECT_GE(Calls("ExecSync").size(), 5u);
}

TEST_F(KubeletTest, LivenessTwoFailuresThenSuccessDoesNotRestart) {
  StartAll();
  // Unhealthy from 25 s to 45 s: two failed probes (30, 40), then healthy.
  ContainerSpec c = Container("app",
                              "touch /tmp/h; sleep 25; rm /tmp/h; sleep 20; "
                              "touch /tmp/h; sleep 3600");
  c.liveness_probe = ExecProbe{.command = {"cat", "/tmp/h"}};
  ASSERT_TRUE(kubelet_->AddPod(Pod("flaky", {c})).ok());
  RunTo(120);
  EXPECT_EQ(CountWith(KubeletRecords("probe"), "Liveness probe failed"), 2u);
  EXPECT_TRUE(Calls("StopContainer").empty());
  EXPECT_EQ(MustPod("flaky").restarts, 0);
}

TEST_F(KubeletTest, ReadinessFlappingTogglesReady) {
  StartAll();
  ContainerSpec c = Container(
      "app",
      "while true; do touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 20; "
      "done");
  c.readiness_probe = ExecProbe{.command = {"cat", "/tmp/ready"},
                                .period_seconds = 5,
                                .failure_threshold = 1};
  ASSERT_TRUE(kubelet_->AddPod(Pod("flap", {c})).ok());
  RunTo(12);
  PodView v = MustPod("flap");
  EXPECT_EQ(v.ready, 1);
  EXPECT_TRUE(v.ready_condition);
  RunTo(27);
  v = MustPod("flap");
  EXPECT_EQ(v.ready, 0);
  EXPECT_FALSE(v.ready_condition);
  EXPECT_EQ(v.status, "Running");
  RunTo(200);
  auto probes = KubeletRecords("probe");
  EXPECT_GE(CountWith(probes, "is now ready"), 4u);
  EXPECT_GE(CountWith(probes, "is now not ready"), 4u);
  // Readiness never restarts anything.
  EXPECT_TRUE(Calls("StopContainer").empty());
}

TEST_F(KubeletTest, StartupProbeHoldsLivenessUntilItSucceeds) {
  StartAll();
  ContainerSpec c = Container("app", "sleep 35; touch /tmp/up; sleep 3600");
  c.startup_probe =
      ExecProbe{.command = {"cat", "/tmp/up"}, .failure_threshold = 10};
  c.liveness_probe = ExecProbe{.command = {"cat", "/tmp/up"}};
  ASSERT_TRUE(kubelet_->AddPod(Pod("boot", {c})).ok());
  RunTo(30);
  PodView v = MustPod("boot");
  EXPECT_FALSE(v.containers[0].started);
  EXPECT_EQ(v.ready, 0);
  RunTo(100);
  v = MustPod("boot");
  EXPECT_TRUE(v.containers[0].started);
  EXPECT_EQ(v.ready, 1);
  EXPECT_EQ(CountWith(KubeletRecords("probe"), "Liveness probe failed"), 0u);
  EXPECT_TRUE(Calls("StopContainer").empty());
}

}  // namespace
}  // namespace fakecri::scenario::testing
