// oci_failure: the OCI runtime fails a create or start, and the container
// ends as containerd leaves it.
#include <gmock/gmock.h>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;

class OciFault : public FaultTest {};

TEST_F(OciFault, StartFailureLeavesContainerExitedWithStartError) {
  AddFaults(R"y(
  - hop: oci
    operation: start
    match: {container: app}
    effect: {oci_failure: true}
)y");
  const std::string pod = RunPod("p");
  ASSERT_TRUE(Pull("busybox").ok());
  std::string id;
  ASSERT_TRUE(Create(pod, "app", "busybox", {"sleep", "60"}, &id).ok());
  grpc::Status st = StartContainer(id);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_THAT(st.error_message(), HasSubstr("OCI runtime create failed"));
  const v1::ContainerStatus s = Status(id);
  EXPECT_EQ(s.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s.exit_code(), 128);
  EXPECT_EQ(s.reason(), "StartError");
  EXPECT_THAT(s.message(), HasSubstr("runc create failed"));
  EXPECT_GT(s.finished_at(), 0);
}

TEST_F(OciFault, CreateFailureIsACreateContainerErrorAndNothingIsCreated) {
  AddFaults(R"y(
  - hop: oci
    operation: create
    match: {container: app, handler: runsc}
    effect: {oci_failure: {message: "gofer: mount failed: permission denied"}}
)y");
  v1::RunPodSandboxRequest req;
  *req.mutable_config() = Pod("gv");
  req.set_runtime_handler("runsc");
  v1::RunPodSandboxResponse resp;
  ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), req, &resp).ok());
  ASSERT_TRUE(Pull("busybox").ok());
  std::string id;
  grpc::Status st =
      Create(resp.pod_sandbox_id(), "app", "busybox", {"sleep", "60"}, &id);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(st.error_message(),
            "failed to create containerd container: gofer: mount failed: "
            "permission denied");
  v1::ListContainersResponse list;
  ASSERT_TRUE(rt_->ListContainers(Ctx().get(), {}, &list).ok());
  EXPECT_EQ(list.containers_size(), 0);
  // The name is free again, and a runc pod is not selected.
  const std::string runc_pod = RunPod("rc");
  EXPECT_TRUE(Create(runc_pod, "app", "busybox", {"sleep", "60"}, &id).ok());
}

TEST_F(OciFault, KillFailureMakesStopContainerFailAndTheContainerRuns) {
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  AddFaults(R"y(
  - hop: oci
    operation: kill
    effect: {error: {code: UNKNOWN}}
    when: {first: 1}
)y");
  v1::StopContainerRequest req;
  req.set_container_id(id);
  req.set_timeout(0);
  v1::StopContainerResponse resp;
  grpc::Status st = rt_->StopContainer(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_THAT(st.error_message(), HasSubstr("OCI runtime kill failed"));
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_RUNNING);
  // The kubelet retries; the second kill works.
  EXPECT_TRUE(rt_->StopContainer(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_EXITED);
}

}  // namespace
}  // namespace fakecri::testing
