// restart: streams end, calls fail UNAVAILABLE for the outage, then the
// runtime answers again with its containers (or with them UNKNOWN).
#include <gmock/gmock.h>

#include <thread>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using runtime::kSecond;
using ::testing::HasSubstr;

class RestartFault : public FaultTest {};

TEST_F(RestartFault, CallsFailDuringTheOutageThenStateIsBack) {
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  grpc::ClientContext ctx;
  auto events = rt_->GetContainerEvents(&ctx, v1::GetEventsRequest());
  WaitForSubscribers(1);
  AddFaults(R"y(
  - hop: runtime
    operation: tick
    effect: {restart: {outage: 5s}}
)y");
  // The open event stream ended.
  v1::ContainerEventResponse ev;
  EXPECT_FALSE(events->Read(&ev));
  EXPECT_EQ(events->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::VersionResponse version;
  grpc::Status st = rt_->Version(Ctx().get(), {}, &version);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(st.error_message(), HasSubstr("restarting"));
  vclock().AdvanceBy(5 * kSecond);
  // The client reconnects: same containers, still running.
  EXPECT_TRUE(rt_->Version(Ctx().get(), {}, &version).ok());
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_RUNNING);
  grpc::ClientContext ctx2;
  auto again = rt_->GetContainerEvents(&ctx2, v1::GetEventsRequest());
  WaitForSubscribers(1);
  RunPod("q");
  EXPECT_TRUE(again->Read(&ev));
  ctx2.TryCancel();
}

TEST_F(RestartFault, ContainersComeBackUnknownWhenAsked) {
  const std::string pod = RunPod("p");
  const std::string id = Start(pod, "app");
  AddFaults(R"y(
  - hop: runtime
    operation: tick
    effect: {restart: {outage: 1s, containers_unknown: true}}
    when: {after: 10s}
)y");
  vclock().AdvanceBy(9 * kSecond);
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_RUNNING);
  vclock().AdvanceBy(2 * kSecond);
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_UNKNOWN);
  // The kubelet then stops it; that works on an UNKNOWN container.
  v1::StopContainerRequest req;
  req.set_container_id(id);
  req.set_timeout(0);
  v1::StopContainerResponse resp;
  EXPECT_TRUE(rt_->StopContainer(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(Status(id).state(), v1::CONTAINER_EXITED);
}

TEST_F(RestartFault, CallHeldByLatencyFailsWhenTheRuntimeRestarts) {
  AddFaults(R"y(
  - hop: cri
    operation: Version
    effect: {latency: 1h}
)y");
  auto call = std::async(std::launch::async, [&] {
    v1::VersionResponse resp;
    return rt_->Version(Ctx().get(), {}, &resp).error_code();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  AddFaults(R"y(
  - hop: cri
    operation: Status
    effect: {restart: {outage: 1s}}
)y");
  v1::StatusResponse status;
  EXPECT_EQ(rt_->Status(Ctx().get(), {}, &status).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(call.get(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace fakecri::testing
