// File: cri_test_client.h
// One CRI client for the end-to-end suites: the few calls every suite
// makes (run a pod, pull, create, start, status, exec) over generated
// stubs, and a helper that keeps a virtual clock moving while a call that
// waits on it (StopContainer, ExecSync, a held fault) is in flight.
#ifndef FAKECRI_TESTS_TESTING_CRI_TEST_CLIENT_H_
#define FAKECRI_TESTS_TESTING_CRI_TEST_CLIENT_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/cri/api_grpc.h"
#include "testing/cri_builders.h"

namespace fakecri::testing {

// Not thread-safe to configure; its calls may run on several threads.
class CriTestClient {
 public:
  struct ContainerOptions {
    // When set, the container logs to <pods_dir>/<pod>/<log_path>.
    std::string log_path;
  };

  // `pods_dir`: where pod log directories go (<pods_dir>/<pod name>).
  CriTestClient(const std::shared_ptr<grpc::Channel>& channel,
                std::string pods_dir)
      : rt_(::runtime::v1::RuntimeService::NewStub(channel)),
        img_(::runtime::v1::ImageService::NewStub(channel)),
        pods_dir_(std::move(pods_dir)) {}

  static std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 10) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(seconds));
    return ctx;
  }

  // A pod named `name` (namespace e2e, hostname and log directory set).
  std::string RunPod(const std::string& name,
                     const std::map<std::string, std::string>& labels = {}) {
    ::runtime::v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig(name);
    for (const auto& [k, v] : labels) {
      (*req.mutable_config()->mutable_labels())[k] = v;
    }
    req.mutable_config()->set_hostname(name);
    req.mutable_config()->set_log_directory(pods_dir_ + "/" + name);
    ::runtime::v1::RunPodSandboxResponse resp;
    grpc::Status st = rt_->RunPodSandbox(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp.pod_sandbox_id();
  }

  grpc::Status Pull(const std::string& image) {
    ::runtime::v1::PullImageRequest pull;
    pull.mutable_image()->set_image(image);
    ::runtime::v1::PullImageResponse pulled;
    return img_->PullImage(Ctx().get(), pull, &pulled);
  }

  grpc::Status Create(const std::string& pod, const std::string& name,
                      const std::string& image,
                      const std::vector<std::string>& command, std::string* id,
                      const ContainerOptions& opts = {}) {
    ::runtime::v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod);
    *req.mutable_config() = ContainerConfigFor(name, image, command);
    if (!opts.log_path.empty()) {
      req.mutable_config()->set_log_path(opts.log_path);
      *req.mutable_sandbox_config() = PodConfig(pod);
      req.mutable_sandbox_config()->set_log_directory(pods_dir_ + "/p");
    }
    ::runtime::v1::CreateContainerResponse created;
    grpc::Status st = rt_->CreateContainer(Ctx().get(), req, &created);
    *id = created.container_id();
    return st;
  }

  grpc::Status StartContainer(const std::string& id) {
    ::runtime::v1::StartContainerRequest start;
    start.set_container_id(id);
    ::runtime::v1::StartContainerResponse started;
    return rt_->StartContainer(Ctx().get(), start, &started);
  }

  // Pull, create and start; the container id.
  std::string Start(const std::string& pod, const std::string& name,
                    const std::string& image = "busybox",
                    const std::vector<std::string>& command = {"sleep", "3600"},
                    const ContainerOptions& opts = {}) {
    grpc::Status st = Pull(image);
    EXPECT_TRUE(st.ok()) << st.error_message();
    std::string id;
    st = Create(pod, name, image, command, &id, opts);
    EXPECT_TRUE(st.ok()) << st.error_message();
    st = StartContainer(id);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return id;
  }

  ::runtime::v1::ContainerStatus Status(const std::string& id) {
    ::runtime::v1::ContainerStatusRequest req;
    req.set_container_id(id);
    ::runtime::v1::ContainerStatusResponse resp;
    grpc::Status st = rt_->ContainerStatus(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp.status();
  }

  grpc::Status Exec(const std::string& id, const std::vector<std::string>& cmd,
                    ::runtime::v1::ExecSyncResponse* resp,
                    int64_t timeout = 0) {
    ::runtime::v1::ExecSyncRequest req;
    req.set_container_id(id);
    for (const std::string& c : cmd) req.add_cmd(c);
    req.set_timeout(timeout);
    return rt_->ExecSync(Ctx().get(), req, resp);
  }

  ::runtime::v1::RuntimeService::Stub& rt() { return *rt_; }
  ::runtime::v1::ImageService::Stub& img() { return *img_; }

 private:
  std::unique_ptr<::runtime::v1::RuntimeService::Stub> rt_;
  std::unique_ptr<::runtime::v1::ImageService::Stub> img_;
  std::string pods_dir_;
};

// Runs `call` on a thread while `clock` moves on by `step` every few
// milliseconds (at most `max_steps` times), until it returns; its result.
template <typename F>
auto WhileAdvancing(runtime::VirtualClock& clock, runtime::DurationNs step,
                    F call, int max_steps = 1000) {
  auto fut = std::async(std::launch::async, call);
  for (int i = 0; i < max_steps && fut.wait_for(std::chrono::milliseconds(5)) !=
                                       std::future_status::ready;
       ++i) {
    clock.AdvanceBy(step);
  }
  return fut.get();
}

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_TESTING_CRI_TEST_CLIENT_H_
