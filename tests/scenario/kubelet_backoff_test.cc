// File: kubelet_backoff_test.cc
// Crash-loop and image-pull back-off in virtual time: the doubling
// sequence capped at 300 s, the reset after 10 minutes of running, and the
// reasons a user sees (CrashLoopBackOff, ErrImagePull, ImagePullBackOff,
// ErrImageNeverPull).
#include <algorithm>

#include "scenario/kubelet_fixture.h"

namespace fakecri::scenario::testing {
namespace {

std::vector<int64_t> GapsInSeconds(
    const std::vector<std::shared_ptr<const Event>>& calls) {
  std::vector<int64_t> out;
  for (size_t i = 1; i < calls.size(); ++i) {
    out.push_back((calls[i]->time_ns - calls[i - 1]->time_ns) / kSecond);
  }
  return out;
}

TEST_F(KubeletTest, CrashLoopBackOffDoublesFrom10sTo300s) {
  StartAll();
  ASSERT_TRUE(
      kubelet_->AddPod(Pod("crash", {Container("app", "exit 1")})).ok());
  RunTo(5);
  EXPECT_EQ(MustPod("crash").status, "CrashLoopBackOff");
  RunTo(1000);
  auto starts = Calls("StartContainer");
  ASSERT_GE(starts.size(), 9u);
  std::vector<int64_t> gaps = GapsInSeconds(starts);
  // The first restart waits only for the relist that sees the exit; then
  // every restart waits out the back-off from the last exit.
  EXPECT_LE(gaps[0], 1);
  EXPECT_EQ(std::vector<int64_t>(gaps.begin() + 1, gaps.begin() + 8),
            (std::vector<int64_t>{10, 20, 40, 80, 160, 300, 300}));
  std::vector<std::string> delays;
  for (const auto& r : KubeletRecords("backoff")) {
    delays.push_back(r->detail.substr(0, r->detail.find(' ', 9)));
  }
  ASSERT_GE(delays.size(), 7u);
  EXPECT_EQ(
      std::vector<std::string>(delays.begin(), delays.begin() + 7),
      (std::vector<std::string>{"Back-off 10s", "Back-off 20s", "Back-off 40s",
                                "Back-off 1m20s", "Back-off 2m40s",
                                "Back-off 5m0s", "Back-off 5m0s"}));
  EXPECT_EQ(KubeletRecords("backoff")[0]->detail,
            "Back-off 10s restarting failed container=app pod=crash");
  const PodView v = MustPod("crash");
  EXPECT_EQ(v.restarts, static_cast<int>(starts.size()) - 1);
  EXPECT_EQ(v.phase, "Running");
}

TEST_F(KubeletTest, CrashLoopBackOffResetsAfterTenMinutesOfRunning) {
  // The first four starts crash after a second; the fifth runs 11 minutes.
  StartAll({}, R"(version: 1
faults:
  - hop: process
    match: {container: app}
    effect: {crash: {exit_code: 1, delay: 1s}}
    when: {first: 4}
)");
  ASSERT_TRUE(
      kubelet_->AddPod(Pod("reset", {Container("app", "sleep 660; exit 1")}))
          .ok());
  RunTo(900);
  auto starts = Calls("StartContainer");
  ASSERT_GE(starts.size(), 6u);
  std::vector<int64_t> gaps = GapsInSeconds(starts);
  // Back-off had reached 40 s before the long run ...
  EXPECT_GE(gaps[3], 40);
  // ... and after 11 minutes of running the restart is immediate again
  // (it would have waited 80 s without the reset).
  EXPECT_GE(gaps[4], 660);
  EXPECT_LE(gaps[4], 662);
}

TEST_F(KubeletTest, ImagePullFailuresGiveErrImagePullThenImagePullBackOff) {
  StartAll({}, R"(version: 1
faults:
  - hop: cri
    operation: PullImage
    match: {image: "nginx*"}
    effect: {error: {code: UNAVAILABLE, message: "registry down"}}
    when: {first: 3}
)");
  ContainerSpec c = Container("web", "sleep 3600", "nginx:1.27");
  c.command.clear();
  ASSERT_TRUE(kubelet_->AddPod(Pod("pull", {c})).ok());
  // Before the relist at 1 s, whose sync finds the pull backing off.
  RunTo(0.5);
  PodView v = MustPod("pull");
  EXPECT_EQ(v.status, "ErrImagePull");
  EXPECT_NE(v.containers[0].message.find("registry down"), std::string::npos);
  RunTo(15);
  EXPECT_EQ(MustPod("pull").status, "ErrImagePull");  // second pull failed
  RunTo(25);
  EXPECT_EQ(MustPod("pull").status, "ImagePullBackOff");
  RunTo(80);
  EXPECT_EQ(MustPod("pull").status, "Running");
  std::vector<int64_t> pulls;
  for (const auto& e : Calls("PullImage")) {
    if (e->object_id.find("nginx") != std::string::npos) {
      pulls.push_back(static_cast<int64_t>(Secs(e->time_ns)));
    }
  }
  ASSERT_EQ(pulls.size(), 4u);
  EXPECT_EQ(GapsInSeconds(Calls("PullImage")).size(), 3u);
  EXPECT_EQ(pulls[1] - pulls[0], 10);
  EXPECT_EQ(pulls[2] - pulls[1], 20);
  EXPECT_EQ(pulls[3] - pulls[2], 40);
}

TEST_F(KubeletTest, NeverPullPolicyWithAMissingImageIsErrImageNeverPull) {
  StartAll();
  ContainerSpec c = Container("app", "sleep 3600", "busybox:1.36");
  c.image_pull_policy = PullPolicy::kNever;
  ASSERT_TRUE(kubelet_->AddPod(Pod("never", {c})).ok());
  RunTo(30);
  const PodView v = MustPod("never");
  EXPECT_EQ(v.status, "ErrImageNeverPull");
  EXPECT_EQ(v.containers[0].message,
            "Container image \"busybox:1.36\" is not present with pull "
            "policy of Never");
  EXPECT_TRUE(Calls("PullImage").empty());
  EXPECT_TRUE(Calls("CreateContainer").empty());
}

}  // namespace
}  // namespace fakecri::scenario::testing
