// Faults on the streaming CRI RPCs: the Stream* lists and
// GetContainerEvents answer injected errors, latency and hangs too.
#include <gmock/gmock.h>

#include <thread>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

class StreamFault : public FaultTest {};

TEST_F(StreamFault, StreamContainersEndsWithTheInjectedError) {
  AddFaults(R"y(
  - hop: cri
    operation: "Stream*"
    effect: {error: {code: UNAVAILABLE, message: "stream refused"}}
)y");
  auto ctx = Ctx();
  auto reader = rt_->StreamContainers(ctx.get(), v1::StreamContainersRequest());
  v1::StreamContainersResponse msg;
  EXPECT_FALSE(reader->Read(&msg));
  grpc::Status st = reader->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(st.error_message(), "stream refused");
}

TEST_F(StreamFault, StreamImagesListsWhenTheLatencyIsOver) {
  AddFaults(R"y(
  - hop: cri
    operation: StreamImages
    effect: {latency: 5s}
)y");
  auto call = std::async(std::launch::async, [&] {
    auto ctx = Ctx();
    auto reader = img_->StreamImages(ctx.get(), v1::StreamImagesRequest());
    v1::StreamImagesResponse msg;
    int images = 0;
    while (reader->Read(&msg)) images += msg.images_size();
    EXPECT_TRUE(reader->Finish().ok());
    return images;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Pulled while the stream waits: the list is taken when it is sent.
  ASSERT_TRUE(Pull("busybox").ok());
  EXPECT_EQ(call.wait_for(std::chrono::milliseconds(50)),
            std::future_status::timeout);
  vclock().AdvanceBy(5 * runtime::kSecond);
  EXPECT_EQ(call.get(), 1);
}

TEST_F(StreamFault, HungStreamEndsAtTheClientsDeadline) {
  AddFaults(R"y(
  - hop: cri
    operation: StreamPodSandboxes
    effect: {hang: true}
)y");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(300));
  auto reader = rt_->StreamPodSandboxes(&ctx, v1::StreamPodSandboxesRequest());
  v1::StreamPodSandboxesResponse msg;
  EXPECT_FALSE(reader->Read(&msg));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(StreamFault, GetContainerEventsIsRefusedWithTheError) {
  AddFaults(R"y(
  - hop: cri
    operation: GetContainerEvents
    effect: {error: {code: RESOURCE_EXHAUSTED}}
    when: {first: 1}
)y");
  grpc::ClientContext ctx;
  auto reader = rt_->GetContainerEvents(&ctx, v1::GetEventsRequest());
  v1::ContainerEventResponse ev;
  EXPECT_FALSE(reader->Read(&ev));
  EXPECT_EQ(reader->Finish().error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The next subscription works.
  grpc::ClientContext ctx2;
  auto again = rt_->GetContainerEvents(&ctx2, v1::GetEventsRequest());
  WaitForSubscribers(1);
  RunPod("p");
  EXPECT_TRUE(again->Read(&ev));
  ctx2.TryCancel();
}

}  // namespace
}  // namespace fakecri::testing
