// File: kubelet_sync_test.cc
// SyncPod against an embedded fakecri in virtual time: the call order of
// cri-semantics.md 3.11 for a pod with an init container and an app, the
// PodView as kubectl shows it, and graceful termination.
#include <algorithm>
#include <set>

#include "scenario/kubelet_fixture.h"

namespace fakecri::scenario::testing {
namespace {

// The pod lifecycle calls (periodic relists, status checks and probes
// left out).
std::vector<std::string> LifecycleCalls(
    const std::vector<std::shared_ptr<const Event>>& calls) {
  static const std::set<std::string> kLifecycle = {
      "RunPodSandbox",   "PodSandboxStatus", "ImageStatus",   "PullImage",
      "CreateContainer", "StartContainer",   "StopContainer", "StopPodSandbox",
      "RemoveContainer", "RemovePodSandbox"};
  std::vector<std::string> out;
  for (const auto& e : calls) {
    if (kLifecycle.count(e->subject) != 0) out.push_back(e->subject);
  }
  return out;
}

TEST_F(KubeletTest, SyncPodStartsInitContainerThenAppInTheKubeletsOrder) {
  StartAll();
  PodSpec pod = Pod("web", {Container("app", "sleep 3600")});
  pod.init_containers.push_back(Container("init", "exit 0"));
  pod.containers[0].liveness_probe = ExecProbe{.command = {"true"}};
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(5);

  // From RunPodSandbox on (SyncPod #1 of the 3.11 trace).
  auto calls = Calls("");
  auto first = std::find_if(calls.begin(), calls.end(), [](const auto& e) {
    return e->subject == "RunPodSandbox";
  });
  ASSERT_NE(first, calls.end());
  std::vector<std::string> sync1;
  for (auto it = first; it != calls.end() && sync1.size() < 7; ++it) {
    // The PLEG relists concurrently with the pod worker.
    const std::string& rpc = (*it)->subject;
    if (rpc == "ListPodSandbox" || rpc == "ListContainers" ||
        rpc == "ContainerStatus") {
      continue;
    }
    sync1.push_back(rpc);
  }
  // The second ImageStatus is generateContainerConfig's getImageUser.
  EXPECT_EQ(sync1,
            (std::vector<std::string>{"RunPodSandbox", "PodSandboxStatus",
                                      "ImageStatus", "PullImage", "ImageStatus",
                                      "CreateContainer", "StartContainer"}));
  std::vector<std::string> lifecycle = LifecycleCalls(calls);
  lifecycle.erase(std::remove(lifecycle.begin(), lifecycle.end(),
                              std::string("PodSandboxStatus")),
                  lifecycle.end());
  // busybox:1.36 is IfNotPresent: the app's image is already there.
  EXPECT_EQ(lifecycle,
            (std::vector<std::string>{
                "RunPodSandbox", "ImageStatus", "PullImage", "ImageStatus",
                "CreateContainer", "StartContainer", "ImageStatus",
                "ImageStatus", "CreateContainer", "StartContainer"}));
  // The app started only after a relist saw the init container exit.
  auto starts = Calls("StartContainer");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GE(starts[1]->time_ns - starts[0]->time_ns, 1 * kSecond);

  const PodView v = MustPod("web");
  EXPECT_EQ(v.phase, "Running");
  EXPECT_EQ(v.status, "Running");
  EXPECT_EQ(v.ready, 1);
  EXPECT_EQ(v.total, 1);
  EXPECT_EQ(v.restarts, 0);
  EXPECT_TRUE(v.initialized);
  EXPECT_TRUE(v.ready_condition);
  ASSERT_EQ(v.containers.size(), 2u);
  EXPECT_EQ(v.containers[0].name, "init");
  EXPECT_EQ(v.containers[0].state, "terminated");
  EXPECT_EQ(v.containers[0].reason, "Completed");
  EXPECT_EQ(v.containers[1].state, "running");

  // Requests as the kubelet shapes them: labels, restart count, log path.
  const auto containers = RuntimeContainers();
  ASSERT_EQ(containers.size(), 2u);
  for (const auto& c : containers) {
    EXPECT_EQ(c.labels().at("io.kubernetes.pod.name"), "web");
    EXPECT_EQ(c.labels().at("io.kubernetes.pod.namespace"), "default");
    EXPECT_EQ(c.labels().at("io.kubernetes.container.name"),
              c.metadata().name());
    EXPECT_EQ(c.annotations().at("io.kubernetes.container.restartCount"), "0");
    EXPECT_EQ(RuntimeContainerStatus(c.id()).log_path(),
              absl::StrCat(logs_.string(), "/default_web_", v.uid, "/",
                           c.metadata().name(), "/0.log"));
  }
  driver_->Rebase();
}

TEST_F(KubeletTest, ASyncOverlappingARelistDoesNotCreateTheContainerTwice) {
  // Slow OCI starts: relists run while the sync waits on RunPodSandbox and
  // StartContainer, and ask for another sync. That sync must wait for a
  // status that shows the new container.
  StartAll({}, R"(version: 1
faults:
  - {hop: oci, operation: start, effect: {latency: 700ms}}
)");
  RunTo(0.5);
  // RunPodSandbox answers at 1.2 s, after the relist at 1 s saw the new
  // sandbox without containers; StartContainer answers at 1.9 s.
  ASSERT_TRUE(
      kubelet_->AddPod(Pod("web", {Container("app", "sleep 3600")})).ok());
  RunTo(10);
  EXPECT_EQ(Calls("CreateContainer").size(), 1u);
  for (const auto& e : Events()) {
    if (e->kind == EventKind::kRpcOut && e->subject == "CreateContainer") {
      EXPECT_EQ(e->status_code, 0) << e->detail;
    }
  }
  EXPECT_EQ(MustPod("web").status, "Running");
}

TEST_F(KubeletTest, PodShowsInitProgressWhileTheInitContainerRuns) {
  StartAll();
  PodSpec pod = Pod("slow-init", {Container("app", "sleep 3600")});
  pod.init_containers.push_back(Container("init", "sleep 30"));
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(10);
  PodView v = MustPod("slow-init");
  EXPECT_EQ(v.phase, "Pending");
  EXPECT_EQ(v.status, "Init:0/1");
  EXPECT_EQ(v.containers[1].reason, "PodInitializing");
  RunTo(40);
  v = MustPod("slow-init");
  EXPECT_EQ(v.status, "Running");
}

TEST_F(KubeletTest, DeleteStopsWithTheGracePeriodThenRemovesEverything) {
  StartAll();
  PodSpec pod = Pod("term", {Container("app", "sleep 3600")});
  pod.termination_grace_period_seconds = 20;
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(5);
  ASSERT_EQ(MustPod("term").status, "Running");
  ASSERT_TRUE(kubelet_->DeletePod("default", "term", std::nullopt).ok());
  RunTo(6);
  EXPECT_EQ(MustPod("term").status, "Terminating");
  RunTo(60);
  EXPECT_FALSE(kubelet_->Pod("default", "term").has_value());
  std::vector<std::string> tail;
  for (const auto& s : LifecycleCalls(Calls(""))) {
    if (s == "StopContainer" || s == "StopPodSandbox" ||
        s == "RemoveContainer" || s == "RemovePodSandbox") {
      tail.push_back(s);
    }
  }
  EXPECT_EQ(tail, (std::vector<std::string>{"StopContainer", "StopPodSandbox",
                                            "RemoveContainer", "StopPodSandbox",
                                            "RemovePodSandbox"}));
  bool graced = false;
  for (const auto& r : KubeletRecords("kill")) {
    graced |= r->detail.find("gracePeriod=20") != std::string::npos;
  }
  EXPECT_TRUE(graced);
}

TEST_F(KubeletTest, AddPodRejectsBadSpecsWithoutStartingAnything) {
  StartAll();
  EXPECT_EQ(kubelet_->AddPod(Pod("", {Container("a", "true")})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(kubelet_->AddPod(Pod("empty", {})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      kubelet_
          ->AddPod(Pod("dup", {Container("a", "true"), Container("a", "true")}))
          .code(),
      absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(kubelet_->AddPod(Pod("ok", {Container("a", "sleep 60")})).ok());
  EXPECT_EQ(kubelet_->AddPod(Pod("ok", {Container("a", "sleep 60")})).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(kubelet_->DeletePod("default", "nope", std::nullopt).code(),
            absl::StatusCode::kNotFound);
  RunTo(3);
  EXPECT_EQ(kubelet_->Pods().size(), 1u);
  EXPECT_EQ(Calls("RunPodSandbox").size(), 1u);
}

TEST_F(KubeletTest, PreStopHookTimeComesOffTheGracePeriod) {
  StartAll();
  ContainerSpec c = Container("app", "sleep 3600");
  c.pre_stop_exec = {"sleep", "3"};
  PodSpec pod = Pod("hook", {c});
  pod.termination_grace_period_seconds = 10;
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(5);
  ASSERT_TRUE(kubelet_->DeletePod("default", "hook", std::nullopt).ok());
  RunTo(60);
  auto execs = Calls("ExecSync");
  auto stops = Calls("StopContainer");
  ASSERT_EQ(execs.size(), 1u);
  ASSERT_EQ(stops.size(), 1u);
  EXPECT_EQ(stops[0]->time_ns - execs[0]->time_ns, 3 * kSecond);
  bool seven = false;
  for (const auto& r : KubeletRecords("kill")) {
    seven |= r->detail.find("gracePeriod=7 ") != std::string::npos;
  }
  EXPECT_TRUE(seven);
  EXPECT_FALSE(kubelet_->Pod("default", "hook").has_value());
}

TEST_F(KubeletTest, SidecarRunsBesideTheAppAndCountsAsReady) {
  StartAll();
  PodSpec pod = Pod("side", {Container("app", "sleep 3600")});
  ContainerSpec sidecar = Container("proxy", "sleep 3600");
  sidecar.restartable = true;
  pod.init_containers.push_back(sidecar);
  ASSERT_TRUE(kubelet_->AddPod(pod).ok());
  RunTo(5);
  const PodView v = MustPod("side");
  EXPECT_EQ(v.status, "Running");
  EXPECT_EQ(v.ready, 2);
  EXPECT_EQ(v.total, 2);
  ASSERT_EQ(v.containers.size(), 2u);
  EXPECT_EQ(v.containers[0].name, "proxy");
  EXPECT_EQ(v.containers[0].state, "running");
  // The sidecar and the app start in the same sync.
  auto starts = Calls("StartContainer");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0]->time_ns, starts[1]->time_ns);
}

}  // namespace
}  // namespace fakecri::scenario::testing
