// File: manager_fixture.h
// A ContainerManager on virtual time with helpers that build kubelet-like
// requests, for tests that exercise the manager without gRPC.
#ifndef FAKECRI_TESTS_TESTING_MANAGER_FIXTURE_H_
#define FAKECRI_TESTS_TESTING_MANAGER_FIXTURE_H_

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/images/image_catalogue.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::testing {

namespace v1 = ::runtime::v1;
using runtime::CallContext;

class ManagerTest : public ::testing::Test {
 protected:
  ManagerTest()
      : log_(clock_, 100'000),
        images_(runtime::ImageCatalogue::BuiltIn(), clock_),
        mgr_(runtime::ManagerOptions{.seed = 42}, clock_, log_, images_) {}

  static v1::PodSandboxConfig PodConfig(const std::string& name,
                                        const std::string& ns = "default",
                                        uint32_t attempt = 0) {
    v1::PodSandboxConfig c;
    c.mutable_metadata()->set_name(name);
    c.mutable_metadata()->set_namespace_(ns);
    c.mutable_metadata()->set_uid("uid-" + name);
    c.mutable_metadata()->set_attempt(attempt);
    c.set_hostname(name);
    (*c.mutable_labels())["io.kubernetes.pod.name"] = name;
    (*c.mutable_labels())["io.kubernetes.pod.uid"] = "uid-" + name;
    (*c.mutable_annotations())["note"] = "kept verbatim: ÄÖ \"quoted\"";
    return c;
  }

  std::string RunPod(const std::string& name, uint32_t attempt = 0,
                     const std::string& handler = "") {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig(name, "default", attempt);
    req.set_runtime_handler(handler);
    v1::RunPodSandboxResponse resp;
    absl::Status st = mgr_.RunPodSandbox(ctx_, req, &resp);
    EXPECT_TRUE(st.ok()) << st;
    return resp.pod_sandbox_id();
  }

  std::string PullBusybox() {
    auto id = images_.Pull("busybox");
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : "";
  }

  v1::CreateContainerRequest CreateRequest(const std::string& pod_id,
                                           const std::string& pod_name,
                                           const std::string& name,
                                           uint32_t attempt = 0) {
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod_id);
    auto* c = req.mutable_config();
    c->mutable_metadata()->set_name(name);
    c->mutable_metadata()->set_attempt(attempt);
    c->mutable_image()->set_image("busybox");
    c->add_command("sleep");
    c->add_args("3600");
    (*c->mutable_labels())["io.kubernetes.container.name"] = name;
    (*c->mutable_labels())["io.kubernetes.pod.uid"] = "uid-" + pod_name;
    (*c->mutable_annotations())["io.kubernetes.container.restartCount"] =
        std::to_string(attempt);
    *req.mutable_sandbox_config() = PodConfig(pod_name);
    return req;
  }

  std::string CreateContainer(const std::string& pod_id,
                              const std::string& pod_name,
                              const std::string& name, uint32_t attempt = 0) {
    v1::CreateContainerResponse resp;
    absl::Status st = mgr_.CreateContainer(
        ctx_, CreateRequest(pod_id, pod_name, name, attempt), &resp);
    EXPECT_TRUE(st.ok()) << st;
    return resp.container_id();
  }

  absl::Status Start(const std::string& id) {
    v1::StartContainerRequest req;
    req.set_container_id(id);
    v1::StartContainerResponse resp;
    return mgr_.StartContainer(ctx_, req, &resp);
  }
  // StopContainer, letting virtual time run until the call returns (at
  // most the timeout: then SIGKILL ends any process).
  absl::Status Stop(const std::string& id, int64_t timeout = 0) {
    v1::StopContainerRequest req;
    req.set_container_id(id);
    req.set_timeout(timeout);
    v1::StopContainerResponse resp;
    std::optional<absl::Status> result;
    mgr_.StopContainer(ctx_, req, &resp,
                       [&](absl::Status st) { result = std::move(st); });
    for (int64_t s = 0; !result && s <= timeout; ++s) {
      clock_.AdvanceBy(runtime::kSecond);
    }
    return result.value_or(
        absl::DeadlineExceededError("StopContainer never returned"));
  }
  // ExecSync; with `advance`, virtual time runs (in 1 ms steps, up to
  // `advance`) until the call returns.
  absl::Status ExecSync(const v1::ExecSyncRequest& req,
                        v1::ExecSyncResponse* resp,
                        runtime::DurationNs advance = 0) {
    std::optional<absl::Status> result;
    mgr_.ExecSync(ctx_, req, resp,
                  [&](absl::Status st) { result = std::move(st); });
    for (runtime::DurationNs t = 0; !result && t < advance;
         t += runtime::kMillisecond) {
      clock_.AdvanceBy(runtime::kMillisecond);
    }
    return result.value_or(
        absl::DeadlineExceededError("ExecSync did not return yet"));
  }
  absl::Status Exec(const std::string& id, std::vector<std::string> cmd,
                    v1::ExecSyncResponse* resp, int64_t timeout = 0,
                    runtime::DurationNs advance = 0) {
    v1::ExecSyncRequest req;
    req.set_container_id(id);
    for (auto& a : cmd) req.add_cmd(a);
    req.set_timeout(timeout);
    return ExecSync(req, resp, advance);
  }
  absl::Status Remove(const std::string& id) {
    v1::RemoveContainerRequest req;
    req.set_container_id(id);
    v1::RemoveContainerResponse resp;
    return mgr_.RemoveContainer(ctx_, req, &resp);
  }
  absl::Status StopPod(const std::string& id) {
    v1::StopPodSandboxRequest req;
    req.set_pod_sandbox_id(id);
    v1::StopPodSandboxResponse resp;
    return mgr_.StopPodSandbox(ctx_, req, &resp);
  }
  absl::Status RemovePod(const std::string& id) {
    v1::RemovePodSandboxRequest req;
    req.set_pod_sandbox_id(id);
    v1::RemovePodSandboxResponse resp;
    return mgr_.RemovePodSandbox(ctx_, req, &resp);
  }
  absl::StatusOr<v1::ContainerStatus> Status(const std::string& id) {
    v1::ContainerStatusRequest req;
    req.set_container_id(id);
    v1::ContainerStatusResponse resp;
    absl::Status st = mgr_.ContainerStatus(ctx_, req, &resp);
    if (!st.ok()) return st;
    return resp.status();
  }
  absl::StatusOr<v1::PodSandboxStatus> PodStatus(const std::string& id) {
    v1::PodSandboxStatusRequest req;
    req.set_pod_sandbox_id(id);
    v1::PodSandboxStatusResponse resp;
    absl::Status st = mgr_.PodSandboxStatus(ctx_, req, &resp);
    if (!st.ok()) return st;
    return resp.status();
  }
  std::vector<v1::Container> ListContainers(const v1::ContainerFilter& f = {}) {
    v1::ListContainersRequest req;
    *req.mutable_filter() = f;
    v1::ListContainersResponse resp;
    EXPECT_TRUE(mgr_.ListContainers(ctx_, req, &resp).ok());
    return {resp.containers().begin(), resp.containers().end()};
  }
  std::vector<v1::PodSandbox> ListPods(const v1::PodSandboxFilter& f = {}) {
    v1::ListPodSandboxRequest req;
    *req.mutable_filter() = f;
    v1::ListPodSandboxResponse resp;
    EXPECT_TRUE(mgr_.ListPodSandbox(ctx_, req, &resp).ok());
    return {resp.items().begin(), resp.items().end()};
  }

  // Map fields serialise in no fixed order; snapshots must not depend on it.
  static std::string Det(const google::protobuf::Message& m) {
    std::string out;
    {
      google::protobuf::io::StringOutputStream s(&out);
      google::protobuf::io::CodedOutputStream cos(&s);
      cos.SetSerializationDeterministic(true);
      m.SerializeToCodedStream(&cos);
    }
    return out;
  }

  // Everything a client can observe, serialised: equal snapshots mean no
  // visible state changed.
  std::string Snapshot() {
    v1::ListPodSandboxResponse pods;
    v1::ListContainersResponse ctrs;
    v1::ListImagesResponse imgs;
    EXPECT_TRUE(mgr_.ListPodSandbox(ctx_, {}, &pods).ok());
    EXPECT_TRUE(mgr_.ListContainers(ctx_, {}, &ctrs).ok());
    EXPECT_TRUE(mgr_.ListImages(ctx_, {}, &imgs).ok());
    std::string out;
    for (const auto& p : pods.items()) {
      v1::PodSandboxStatusRequest r;
      r.set_pod_sandbox_id(p.id());
      v1::PodSandboxStatusResponse s;
      EXPECT_TRUE(mgr_.PodSandboxStatus(ctx_, r, &s).ok());
      s.clear_timestamp();
      out += Det(s);
    }
    for (const auto& c : ctrs.containers()) {
      auto s = Status(c.id());
      EXPECT_TRUE(s.ok());
      if (s.ok()) out += Det(*s);
    }
    out += Det(imgs);
    auto counts = mgr_.CountsForTest();
    out += std::to_string(counts.names) + "/" + std::to_string(counts.ips) +
           "/" + std::to_string(counts.tasks);
    return out;
  }

  // CRI events recorded since `from_seq`, in order.
  std::vector<v1::ContainerEventResponse> CriEvents(uint64_t from_seq = 0) {
    std::vector<v1::ContainerEventResponse> out;
    for (const auto& e : log_.Since(from_seq)) {
      if (e->kind == runtime::EventKind::kCriEvent) {
        EXPECT_TRUE(out.emplace_back().ParseFromString(e->cri_event_bytes));
      }
    }
    return out;
  }

  runtime::VirtualClock clock_;
  runtime::BoundedEventLog log_;
  runtime::ImageStore images_;
  runtime::ContainerManager mgr_;
  CallContext ctx_;
};

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_TESTING_MANAGER_FIXTURE_H_
