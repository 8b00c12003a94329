// File: fault_fixture.h
// A fakecri server on a unix socket, on virtual time, with helpers to add
// fault rules (YAML text, as in a --faults file) and to read which rules
// fired from the event log. Each fault kind has its own test file.
#ifndef FAKECRI_TESTS_INTEGRATION_FAULTS_FAULT_FIXTURE_H_
#define FAKECRI_TESTS_INTEGRATION_FAULTS_FAULT_FIXTURE_H_

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/fault_yaml.h"
#include "integration/socket_fixture.h"

namespace fakecri::testing {

class FaultTest : public SocketTest {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "virtual"; }

  runtime::VirtualClock& vclock() {
    return dynamic_cast<runtime::VirtualClock&>(server_->clock());
  }

  // Adds the rules of a `faults:` list written as YAML ("- hop: cri ...").
  std::vector<std::string> AddFaults(const std::string& faults_yaml) {
    auto rules =
        faults::ParseFaultsYaml("version: 1\nfaults:\n" + faults_yaml, "test");
    EXPECT_TRUE(rules.ok()) << rules.status();
    std::vector<std::string> ids;
    if (!rules.ok()) return ids;
    for (auto& r : *rules) {
      auto id = server_->faults().Add(std::move(r));
      EXPECT_TRUE(id.ok()) << id.status();
      if (id.ok()) ids.push_back(*id);
    }
    return ids;
  }

  // "rule-id target" for each fault hit recorded in the event log.
  std::vector<std::string> FaultHits() {
    std::vector<std::string> out;
    for (const auto& e : server_->event_log().Since(0)) {
      if (e->kind == runtime::EventKind::kFault) {
        out.push_back(e->subject + " " + e->object_id);
      }
    }
    return out;
  }

  std::string RunPod(const std::string& name,
                     std::map<std::string, std::string> labels = {}) {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = Pod(name);
    for (auto& [k, v] : labels)
      (*req.mutable_config()->mutable_labels())[k] = v;
    req.mutable_config()->set_hostname(name);
    req.mutable_config()->set_log_directory(dir_ + "/pods/" + name);
    v1::RunPodSandboxResponse resp;
    grpc::Status st = rt_->RunPodSandbox(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp.pod_sandbox_id();
  }

  grpc::Status Pull(const std::string& image) {
    v1::PullImageRequest pull;
    pull.mutable_image()->set_image(image);
    v1::PullImageResponse pulled;
    return img_->PullImage(Ctx().get(), pull, &pulled);
  }

  grpc::Status Create(const std::string& pod, const std::string& name,
                      const std::string& image,
                      std::vector<std::string> command, std::string* id) {
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod);
    req.mutable_config()->mutable_metadata()->set_name(name);
    req.mutable_config()->mutable_image()->set_image(image);
    for (auto& c : command) req.mutable_config()->add_command(c);
    v1::CreateContainerResponse created;
    grpc::Status st = rt_->CreateContainer(Ctx().get(), req, &created);
    *id = created.container_id();
    return st;
  }

  grpc::Status StartContainer(const std::string& id) {
    v1::StartContainerRequest start;
    start.set_container_id(id);
    v1::StartContainerResponse started;
    return rt_->StartContainer(Ctx().get(), start, &started);
  }

  // Pull, create and start; the container id.
  std::string Start(const std::string& pod, const std::string& name,
                    const std::string& image = "busybox",
                    std::vector<std::string> command = {"sleep", "3600"}) {
    EXPECT_TRUE(Pull(image).ok());
    std::string id;
    grpc::Status st = Create(pod, name, image, std::move(command), &id);
    EXPECT_TRUE(st.ok()) << st.error_message();
    st = StartContainer(id);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return id;
  }

  v1::ContainerStatus Status(const std::string& id) {
    v1::ContainerStatusRequest req;
    req.set_container_id(id);
    v1::ContainerStatusResponse resp;
    EXPECT_TRUE(rt_->ContainerStatus(Ctx().get(), req, &resp).ok());
    return resp.status();
  }

  // Runs `call` on a thread while virtual time moves on by `step` every
  // few milliseconds, until it returns.
  template <typename F>
  auto WhileAdvancing(runtime::DurationNs step, F call) {
    auto fut = std::async(std::launch::async, call);
    for (int i = 0; i < 1000 && fut.wait_for(std::chrono::milliseconds(5)) !=
                                    std::future_status::ready;
         ++i) {
      vclock().AdvanceBy(step);
    }
    return fut.get();
  }
};

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_INTEGRATION_FAULTS_FAULT_FIXTURE_H_
