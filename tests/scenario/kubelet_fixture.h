// File: kubelet_fixture.h
// An embedded fakecri on a virtual clock, the simulated kubelet talking to
// it through the in-process channel, and the driver that moves time; plus
// readers of the event log the tests judge by.
#ifndef FAKECRI_TESTS_SCENARIO_KUBELET_FIXTURE_H_
#define FAKECRI_TESTS_SCENARIO_KUBELET_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fakecri/cri.h"
#include "fakecri/server.h"
#include "scenario/kubelet/kubelet.h"
#include "scenario/virtual_time_driver.h"

namespace fakecri::scenario::testing {

class KubeletTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (kubelet_ != nullptr) kubelet_->Stop();
    kubelet_.reset();
    if (server_ != nullptr) server_->Shutdown();
    std::error_code ec;
    if (!logs_.empty()) std::filesystem::remove_all(logs_, ec);
  }

  void StartAll(Kubelet::Options o = {}, const std::string& faults = "",
                uint64_t seed = 42) {
    ServerOptions so;
    so.clock = "virtual";
    so.seed = seed;
    so.faults_yaml = faults;
    so.event_log_capacity = 1'000'000;
    so.event_log_max_bytes = size_t{512} << 20;
    auto server = Server::Start(so);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    t0_ = server_->clock().Now();
    driver_ = std::make_unique<VirtualTimeDriver>(*server_);
    logs_ = std::filesystem::path(::testing::TempDir()) /
            absl::StrCat("kubelet-logs-", ::getpid(), "-", ++counter_);
    o.settle = driver_->SettleHook();
    o.pod_logs_root = logs_.string();
    kubelet_ = Kubelet::Create(server_->InProcessChannel(), server_->clock(),
                               &server_->event_log(), o);
    driver_->Attach(kubelet_.get());
    ASSERT_TRUE(kubelet_->Start().ok());
  }

  void Run(DurationNs d) {
    ASSERT_TRUE(driver_->RunFor(d).ok());
    ASSERT_EQ(driver_->settle_timeouts(), 0u);
  }
  // Runs until `t` seconds after the start.
  void RunTo(double seconds) {
    ASSERT_TRUE(
        driver_->RunUntil(t0_ + static_cast<DurationNs>(seconds * kSecond))
            .ok());
    ASSERT_EQ(driver_->settle_timeouts(), 0u);
  }
  double Secs(TimeNs t) const { return static_cast<double>(t - t0_) / kSecond; }

  std::vector<std::shared_ptr<const Event>> Events() {
    return server_->event_log().Since(0);
  }
  // rpc_in records of `rpc` (all when empty).
  std::vector<std::shared_ptr<const Event>> Calls(const std::string& rpc) {
    std::vector<std::shared_ptr<const Event>> out;
    for (auto& e : Events()) {
      if (e->kind == EventKind::kRpcIn && (rpc.empty() || e->subject == rpc)) {
        out.push_back(e);
      }
    }
    return out;
  }
  std::vector<std::shared_ptr<const Event>> KubeletRecords(
      const std::string& subject) {
    std::vector<std::shared_ptr<const Event>> out;
    for (auto& e : Events()) {
      if (e->kind == EventKind::kKubelet &&
          (subject.empty() || e->subject == subject)) {
        out.push_back(e);
      }
    }
    return out;
  }
  std::string Render() {
    std::string out;
    for (auto& e : Events()) {
      absl::StrAppend(&out, e->seq, " ", e->time_ns - t0_, " ",
                      EventKindName(e->kind), " ", e->subject, " ",
                      e->object_id, " ", e->status_code, " ", e->detail, "\n");
    }
    return out;
  }
  // What the runtime holds now, asked as any CRI client would (call
  // driver_->Rebase() afterwards if the run goes on).
  std::vector<::runtime::v1::Container> RuntimeContainers() {
    auto stub =
        ::runtime::v1::RuntimeService::NewStub(server_->InProcessChannel());
    grpc::ClientContext ctx;
    ::runtime::v1::ListContainersResponse resp;
    EXPECT_TRUE(stub->ListContainers(
                        &ctx, ::runtime::v1::ListContainersRequest(), &resp)
                    .ok());
    return {resp.containers().begin(), resp.containers().end()};
  }
  ::runtime::v1::ContainerStatus RuntimeContainerStatus(const std::string& id) {
    auto stub =
        ::runtime::v1::RuntimeService::NewStub(server_->InProcessChannel());
    grpc::ClientContext ctx;
    ::runtime::v1::ContainerStatusRequest req;
    req.set_container_id(id);
    ::runtime::v1::ContainerStatusResponse resp;
    EXPECT_TRUE(stub->ContainerStatus(&ctx, req, &resp).ok()) << id;
    return resp.status();
  }
  PodView MustPod(const std::string& name) {
    auto v = kubelet_->Pod("default", name);
    EXPECT_TRUE(v.has_value()) << name;
    return v.value_or(PodView{});
  }

  static ContainerSpec Container(const std::string& name,
                                 const std::string& script,
                                 const std::string& image = "busybox:1.36") {
    ContainerSpec c;
    c.name = name;
    c.image = image;
    c.command = {"sh", "-c", script};
    return c;
  }
  static PodSpec Pod(const std::string& name, std::vector<ContainerSpec> cs) {
    PodSpec p;
    p.name = name;
    p.containers = std::move(cs);
    return p;
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<VirtualTimeDriver> driver_;
  std::unique_ptr<Kubelet> kubelet_;
  std::filesystem::path logs_;
  TimeNs t0_ = 0;
  static inline int counter_ = 0;
};

}  // namespace fakecri::scenario::testing

#endif  // FAKECRI_TESTS_SCENARIO_KUBELET_FIXTURE_H_
