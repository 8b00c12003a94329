// File: kubelet_node_test.cc
// Node-level behaviour in virtual time: runtime conditions make the node
// NotReady and stop pod syncing (hostNetwork pods still start without the
// network), container GC keeps one dead instance, evented PLEG with lost
// events is repaired by the slow relist, and runs are deterministic.
#include "scenario/kubelet_fixture.h"

namespace fakecri::scenario::testing {
namespace {

TEST_F(KubeletTest, NetworkNotReadyHoldsPodsButNotHostNetworkPods) {
  StartAll({}, R"(version: 1
faults:
  - hop: runtime
    operation: status
    effect: {not_ready: NetworkReady}
    when: {until: 30s}
)");
  ASSERT_TRUE(
      kubelet_->AddPod(Pod("web", {Container("app", "sleep 3600")})).ok());
  PodSpec host = Pod("host", {Container("app", "sleep 3600")});
  host.host_network = true;
  ASSERT_TRUE(kubelet_->AddPod(host).ok());
  RunTo(20);
  const NodeView n = kubelet_->Node();
  EXPECT_FALSE(n.ready);
  EXPECT_NE(n.message.find("container runtime network not ready"),
            std::string::npos)
      << n.message;
  EXPECT_EQ(Calls("RunPodSandbox").size(), 1u);  // the hostNetwork pod only
  EXPECT_EQ(MustPod("host").status, "Running");
  EXPECT_EQ(MustPod("web").status, "ContainerCreating");
  RunTo(45);
  EXPECT_TRUE(kubelet_->Node().ready) << kubelet_->Node().message;
  EXPECT_EQ(MustPod("web").status, "Running");
  bool not_ready = false, ready = false;
  for (const auto& r : KubeletRecords("node")) {
    not_ready |= r->detail.find("NotReady") != std::string::npos;
    ready |= r->detail == "Node is Ready";
  }
  EXPECT_TRUE(not_ready);
  EXPECT_TRUE(ready);
}

TEST_F(KubeletTest, RuntimeNotReadyStopsAllPodSyncing) {
  StartAll({}, R"(version: 1
faults:
  - hop: runtime
    operation: status
    effect: {not_ready: {condition: RuntimeReady, reason: Down, message: gone}}
    when: {until: 20s}
)");
  PodSpec host = Pod("host", {Container("app", "sleep 3600")});
  host.host_network = true;
  ASSERT_TRUE(kubelet_->AddPod(host).ok());
  RunTo(15);
  EXPECT_FALSE(kubelet_->Node().ready);
  EXPECT_NE(kubelet_->Node().message.find("container runtime not ready"),
            std::string::npos);
  EXPECT_TRUE(Calls("RunPodSandbox").empty());
  EXPECT_FALSE(Calls("ListContainers").empty());  // the PLEG keeps relisting
  RunTo(35);
  EXPECT_EQ(MustPod("host").status, "Running");
}

TEST_F(KubeletTest, RelistFailingForThreeMinutesIsPlegNotHealthy) {
  // Every unfiltered ListContainers (the relist) fails from 10 s to 4 min.
  StartAll({}, R"(version: 1
faults:
  - hop: cri
    operation: ListContainers
    effect: {error: UNAVAILABLE}
    when: {after: 10s, until: 4m}
)");
  ASSERT_TRUE(
      kubelet_->AddPod(Pod("web", {Container("app", "sleep 3600")})).ok());
  RunTo(180);  // 170 s without a good relist: still under the 3 min
  EXPECT_TRUE(kubelet_->Node().ready) << kubelet_->Node().message;
  RunTo(200);
  const NodeView n = kubelet_->Node();
  EXPECT_FALSE(n.ready);
  EXPECT_NE(n.message.find("PLEG is not healthy: pleg was last seen active"),
            std::string::npos)
      << n.message;
  RunTo(250);
  EXPECT_TRUE(kubelet_->Node().ready) << kubelet_->Node().message;
}

TEST_F(KubeletTest, ContainerGcKeepsTheNewestDeadInstance) {
  StartAll();
  ASSERT_TRUE(kubelet_->AddPod(Pod("gc", {Container("app", "exit 1")})).ok());
  RunTo(130);
  // Restarts at ~1, 11, 31, 71 s: four dead instances before the GC at
  // 120 s removes all but the newest.
  EXPECT_GE(Calls("RemoveContainer").size(), 3u);
  EXPECT_FALSE(KubeletRecords("gc").empty());
  int exited = 0;
  for (const auto& c : RuntimeContainers()) {
    if (c.state() == ::runtime::v1::CONTAINER_EXITED) ++exited;
  }
  EXPECT_EQ(exited, 1);
  driver_->Rebase();
  // The restart count survives the GC (read from the kept instance).
  EXPECT_EQ(MustPod("gc").restarts,
            static_cast<int>(Calls("StartContainer").size()) - 1);
}

TEST_F(KubeletTest, EventedPlegWithLostEventsIsRepairedByTheRelist) {
  Kubelet::Options o;
  o.evented_pleg = true;
  StartAll(o, R"(version: 1
faults:
  - hop: events
    effect: {drop_event: true}
)");
  PodSpec pod = Pod("ev", {Container("app", "sleep 5")});
  pod.restart_policy = RestartPolicy::kNever;
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(100);
  // Every event was lost and the relist runs every 300 s: the kubelet
  // has not seen the container finish.
  EXPECT_NE(MustPod("ev").status, "Completed");
  EXPECT_LE(Calls("ListContainers").size(), 3u);
  EXPECT_EQ(Calls("GetContainerEvents").size(), 1u);
  RunTo(310);
  const PodView v = MustPod("ev");
  EXPECT_EQ(v.status, "Completed");
  EXPECT_EQ(v.phase, "Succeeded");
}

TEST_F(KubeletTest, EventedPlegSeesExitsWithoutRelisting) {
  Kubelet::Options o;
  o.evented_pleg = true;
  StartAll(o);
  PodSpec pod = Pod("ev", {Container("app", "sleep 5")});
  pod.restart_policy = RestartPolicy::kNever;
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(10);
  EXPECT_EQ(MustPod("ev").status, "Completed");
}

TEST_F(KubeletTest, EventedPlegFallsBackToGenericAfterFiveStreamFailures) {
  Kubelet::Options o;
  o.evented_pleg = true;
  StartAll(o, R"(version: 1
faults:
  - hop: cri
    operation: GetContainerEvents
    effect: {error: UNAVAILABLE}
)");
  RunTo(20);
  EXPECT_EQ(Calls("GetContainerEvents").size(), 5u);
  bool fell_back = false;
  for (const auto& r : KubeletRecords("pleg")) {
    fell_back |= r->detail.find("falling back") != std::string::npos;
  }
  EXPECT_TRUE(fell_back);
  // Relisting every second again.
  EXPECT_GE(Calls("ListContainers").size(), 15u);
}

class KubeletDeterminismTest : public KubeletTest {
 public:
  std::string RunScenario() {
    StartAll({}, R"(version: 1
faults:
  - hop: cri
    operation: PullImage
    effect: {error: UNAVAILABLE}
    when: {probability: 0.5}
)",
             7);
    ContainerSpec probe = Container("app", "sleep 40; exit 3");
    probe.liveness_probe = ExecProbe{.command = {"true"}};
    EXPECT_TRUE(kubelet_->AddPod(Pod("a", {probe})).ok());
    EXPECT_TRUE(
        kubelet_->AddPod(Pod("b", {Container("app", "exit 1", "alpine:3.20")}))
            .ok());
    Run(200 * kSecond);
    EXPECT_TRUE(kubelet_->DeletePod("default", "a", 5).ok());
    Run(100 * kSecond);
    std::string out = Render();
    TearDown();
    server_.reset();
    driver_.reset();
    return out;
  }
};

TEST_F(KubeletDeterminismTest, SameSeedGivesAByteIdenticalEventLog) {
  const std::string first = RunScenario();
  const std::string second = RunScenario();
  EXPECT_GT(first.size(), 10000u);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace fakecri::scenario::testing
