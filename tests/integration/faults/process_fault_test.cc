// Process faults: a crash after a delay, a crash loop on every start, an
// OOM kill; and a crash rule added while containers already run.
#include <gmock/gmock.h>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using runtime::kSecond;

class ProcessFault : public FaultTest {};

TEST_F(ProcessFault, CrashEndsTheProcessWithTheCodeAfterTheDelay) {
  AddFaults(R"y(
  - hop: process
    match: {container: app}
    effect: {crash: {exit_code: 3, delay: 5s}}
    when: {times: 1}
)y");
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  vclock().AdvanceBy(4 * kSecond);
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_RUNNING);
  vclock().AdvanceBy(1 * kSecond);
  const v1::ContainerStatus s = Status(id);
  EXPECT_EQ(s.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s.exit_code(), 3);
  EXPECT_EQ(s.reason(), "Error");
  EXPECT_EQ(s.finished_at() - s.started_at(), 5 * kSecond);
}

TEST_F(ProcessFault, CrashLoopHitsEveryNewAttempt) {
  AddFaults(R"y(
  - hop: process
    match: {container: app}
    effect: {crash_loop: {exit_code: 2, delay: 1s}}
)y");
  const std::string pod = RunPod("p");
  for (int attempt = 0; attempt < 3; ++attempt) {
    ASSERT_TRUE(Pull("busybox").ok());
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod);
    req.mutable_config()->mutable_metadata()->set_name("app");
    req.mutable_config()->mutable_metadata()->set_attempt(attempt);
    req.mutable_config()->mutable_image()->set_image("busybox");
    req.mutable_config()->add_command("sleep");
    req.mutable_config()->add_command("3600");
    v1::CreateContainerResponse created;
    ASSERT_TRUE(rt_->CreateContainer(Ctx().get(), req, &created).ok());
    ASSERT_TRUE(StartContainer(created.container_id()).ok());
    vclock().AdvanceBy(1 * kSecond);
    const v1::ContainerStatus s = Status(created.container_id());
    EXPECT_EQ(s.state(), v1::CONTAINER_EXITED) << "attempt " << attempt;
    EXPECT_EQ(s.exit_code(), 2);
  }
  EXPECT_EQ(FaultHits().size(), 3u);
}

TEST_F(ProcessFault, OomKillReportsOomKilled) {
  AddFaults(R"y(
  - hop: process
    match: {image: "busybox*"}
    effect: {oom_kill: {delay: 10s}}
)y");
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  vclock().AdvanceBy(10 * kSecond);
  const v1::ContainerStatus s = Status(id);
  EXPECT_EQ(s.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s.exit_code(), 137);
  EXPECT_EQ(s.reason(), "OOMKilled");
}

TEST_F(ProcessFault, CrashRuleAddedLaterReachesRunningContainers) {
  const std::string pod = RunPod("p");
  const std::string app = Start(pod, "app");
  const std::string side = Start(pod, "sidecar");
  vclock().AdvanceBy(60 * kSecond);
  AddFaults(R"y(
  - hop: process
    match: {container: app}
    effect: {crash: {exit_code: 1, delay: 2s}}
)y");
  vclock().AdvanceBy(2 * kSecond);
  EXPECT_EQ(Status(app).state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(Status(app).exit_code(), 1);
  EXPECT_EQ(Status(side).state(), v1::CONTAINER_RUNNING);
}

TEST_F(ProcessFault, CrashDoesNotTouchAContainerStoppedMeanwhile) {
  AddFaults(R"y(
  - hop: process
    effect: {crash: {exit_code: 9, delay: 5s}}
)y");
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  v1::StopContainerRequest req;
  req.set_container_id(id);
  req.set_timeout(0);
  v1::StopContainerResponse resp;
  ASSERT_TRUE(rt_->StopContainer(Ctx().get(), req, &resp).ok());
  vclock().AdvanceBy(10 * kSecond);
  EXPECT_EQ(Status(id).exit_code(), 137);
}

}  // namespace
}  // namespace fakecri::testing
