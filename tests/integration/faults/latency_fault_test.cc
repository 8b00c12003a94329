// Injected latency: the reply comes from the clock's timers, in virtual
// time here, so the figures are exact; a held call never holds up others.
#include <gmock/gmock.h>

#include <cmath>
#include <thread>

#include "fake_runtime/faults/fault_yaml.h"
#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using runtime::kMillisecond;

class LatencyFault : public FaultTest {
 protected:
  // Latency of each answered `rpc`, as the event log measured it.
  std::vector<runtime::DurationNs> Latencies(const std::string& rpc) {
    std::vector<runtime::DurationNs> out;
    for (const auto& e : server_->event_log().Since(0)) {
      if (e->kind == runtime::EventKind::kRpcOut && e->subject == rpc) {
        out.push_back(e->latency_ns);
      }
    }
    return out;
  }
  size_t Arrived(const std::string& rpc) {
    size_t n = 0;
    for (const auto& e : server_->event_log().Since(0)) {
      n += e->kind == runtime::EventKind::kRpcIn && e->subject == rpc;
    }
    return n;
  }
};

TEST_F(LatencyFault, FixedLatencyHoldsTheReplyUntilTheClockMoves) {
  AddFaults(R"y(
  - hop: cri
    operation: Version
    effect: {latency: 300ms}
)y");
  auto call = std::async(std::launch::async, [&] {
    v1::VersionResponse resp;
    return rt_->Version(Ctx().get(), {}, &resp).error_code();
  });
  for (int i = 0; i < 200 && Arrived("Version") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Other calls go through while Version waits (time has not moved).
  for (int i = 0; i < 20; ++i) {
    v1::StatusResponse st;
    ASSERT_TRUE(rt_->Status(Ctx().get(), {}, &st).ok());
  }
  EXPECT_EQ(call.wait_for(std::chrono::milliseconds(50)),
            std::future_status::timeout);
  vclock().AdvanceBy(299 * kMillisecond);
  EXPECT_EQ(call.wait_for(std::chrono::milliseconds(50)),
            std::future_status::timeout);
  vclock().AdvanceBy(1 * kMillisecond);
  EXPECT_EQ(call.get(), grpc::StatusCode::OK);
  EXPECT_THAT(Latencies("Version"), ::testing::ElementsAre(300 * kMillisecond));
}

TEST_F(LatencyFault, UniformSamplesStayInRangeWithTheExpectedMean) {
  AddFaults(R"y(
  - hop: cri
    operation: Version
    effect: {latency: "uniform(100ms,300ms)"}
)y");
  constexpr int kCalls = 200;
  std::vector<std::future<grpc::StatusCode>> calls;
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      v1::VersionResponse resp;
      return rt_->Version(Ctx(30).get(), {}, &resp).error_code();
    }));
  }
  for (int i = 0; i < 2000 && Arrived("Version") < kCalls; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(Arrived("Version"), static_cast<size_t>(kCalls));
  for (int ms = 0; ms < 300; ++ms) vclock().AdvanceBy(kMillisecond);
  for (auto& c : calls) EXPECT_EQ(c.get(), grpc::StatusCode::OK);
  auto lat = Latencies("Version");
  ASSERT_EQ(lat.size(), static_cast<size_t>(kCalls));
  double sum = 0;
  for (auto l : lat) {
    EXPECT_GE(l, 100 * kMillisecond);
    EXPECT_LE(l, 300 * kMillisecond);
    sum += static_cast<double>(l);
  }
  // Mean 200 ms; the standard error of 200 uniform draws is ~4 ms.
  EXPECT_NEAR(sum / kCalls / kMillisecond, 200.0, 20.0);
}

TEST_F(LatencyFault, PullTricklesPerMiBOfTheImage) {
  AddFaults(R"y(
  - hop: image_pull
    match: {image: "nginx:*"}
    effect: {latency: "8ms/MiB"}
)y");
  const uint64_t bytes =
      InternalsForTest(*server_).manager().images().PullSize("nginx:1.25");
  ASSERT_GT(bytes, 0u);
  const runtime::DurationNs want =
      static_cast<runtime::DurationNs>(8.0 * kMillisecond * bytes / (1 << 20));
  auto pull =
      std::async(std::launch::async, [&] { return Pull("nginx:1.25"); });
  for (int i = 0; i < 200 && Arrived("PullImage") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // While the pull trickles, the image is not there yet.
  v1::ImageStatusRequest sreq;
  sreq.mutable_image()->set_image("nginx:1.25");
  v1::ImageStatusResponse sresp;
  ASSERT_TRUE(img_->ImageStatus(Ctx().get(), sreq, &sresp).ok());
  EXPECT_FALSE(sresp.has_image());
  vclock().AdvanceBy(want + kMillisecond);
  EXPECT_TRUE(pull.get().ok());
  auto lat = Latencies("PullImage");
  ASSERT_EQ(lat.size(), 1u);
  EXPECT_NEAR(static_cast<double>(lat[0]), static_cast<double>(want),
              static_cast<double>(kMillisecond));
  ASSERT_TRUE(img_->ImageStatus(Ctx().get(), sreq, &sresp).ok());
  EXPECT_TRUE(sresp.has_image());
}

TEST_F(LatencyFault, OciLatencyDelaysTheReplyOfStartContainer) {
  AddFaults(R"y(
  - hop: oci
    operation: start
    match: {container: c}
    effect: {latency: 2s}
)y");
  const std::string pod = RunPod("p");
  ASSERT_TRUE(Pull("busybox").ok());
  std::string id;
  ASSERT_TRUE(Create(pod, "c", "busybox", {"sleep", "60"}, &id).ok());
  auto start =
      std::async(std::launch::async, [&] { return StartContainer(id); });
  EXPECT_EQ(start.wait_for(std::chrono::milliseconds(100)),
            std::future_status::timeout);
  vclock().AdvanceBy(2 * runtime::kSecond);
  EXPECT_TRUE(start.get().ok());
  EXPECT_THAT(Latencies("StartContainer"),
              ::testing::ElementsAre(2 * runtime::kSecond));
}

// On the real clock: 64 calls held by a 3 s latency occupy no thread, so
// a call of another RPC is answered while all of them still wait.
class RealClockLatencyFault : public SocketTest {};

TEST_F(RealClockLatencyFault, HeldCallsDoNotDelayOtherCalls) {
  auto rules = faults::ParseFaultsYaml(R"y(version: 1
faults:
  - hop: cri
    operation: Version
    effect: {latency: 3s}
)y",
                                       "t");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_TRUE(InternalsForTest(*server_).fault_engine().Add((*rules)[0]).ok());
  constexpr int kHeld = 64;
  std::atomic<int> answered{0};
  std::vector<std::future<void>> held;
  for (int i = 0; i < kHeld; ++i) {
    held.push_back(std::async(std::launch::async, [&] {
      v1::VersionResponse resp;
      EXPECT_TRUE(rt_->Version(Ctx(30).get(), {}, &resp).ok());
      ++answered;
    }));
  }
  // Wait until every Version call has reached the server.
  for (int i = 0; i < 400; ++i) {
    size_t in = 0;
    for (const auto& e : server_->event_log().Since(0)) {
      in += e->kind == runtime::EventKind::kRpcIn && e->subject == "Version";
    }
    if (in == kHeld) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (int i = 0; i < 10; ++i) {
    v1::StatusResponse st;
    ASSERT_TRUE(rt_->Status(Ctx().get(), {}, &st).ok());
  }
  EXPECT_EQ(answered.load(), 0);
  for (auto& f : held) f.get();
  EXPECT_EQ(answered.load(), kHeld);
}

}  // namespace
}  // namespace fakecri::testing
