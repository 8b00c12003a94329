// hang: the call is never answered; the client's deadline ends it.
#include <gmock/gmock.h>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

class HangFault : public FaultTest {};

TEST_F(HangFault, ClientSeesDeadlineExceededAndOtherCallsWork) {
  AddFaults(R"y(
  - hop: cri
    operation: ListContainers
    effect: {hang: true}
)y");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(300));
  v1::ListContainersResponse resp;
  EXPECT_EQ(rt_->ListContainers(&ctx, {}, &resp).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  v1::VersionResponse v;
  EXPECT_TRUE(rt_->Version(Ctx().get(), {}, &v).ok());
}

TEST_F(HangFault, HangAtTheOciHopHoldsTheReplyAfterTheWorkIsDone) {
  const std::string pod = RunPod("p");
  ASSERT_TRUE(Pull("busybox").ok());
  std::string id;
  ASSERT_TRUE(Create(pod, "app", "busybox", {"sleep", "60"}, &id).ok());
  AddFaults(R"y(
  - hop: oci
    operation: start
    effect: {hang: true}
)y");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(300));
  v1::StartContainerRequest req;
  req.set_container_id(id);
  v1::StartContainerResponse resp;
  EXPECT_EQ(rt_->StartContainer(&ctx, req, &resp).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // As with a runtime that started the task but never answered, the
  // container runs.
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_RUNNING);
}

}  // namespace
}  // namespace fakecri::testing
