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
    auto ids = server_->faults().AddYaml("version: 1\nfaults:\n" + faults_yaml,
                                         "test");
    EXPECT_TRUE(ids.ok()) << ids.status();
    if (!ids.ok()) return {};
    return *ids;
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

  // The shared client's calls (testing/cri_test_client.h).
  std::string RunPod(const std::string& name,
                     const std::map<std::string, std::string>& labels = {}) {
    return cri_->RunPod(name, labels);
  }
  grpc::Status Pull(const std::string& image) { return cri_->Pull(image); }
  grpc::Status Create(const std::string& pod, const std::string& name,
                      const std::string& image,
                      const std::vector<std::string>& command,
                      std::string* id) {
    return cri_->Create(pod, name, image, command, id);
  }
  grpc::Status StartContainer(const std::string& id) {
    return cri_->StartContainer(id);
  }
  // Pull, create and start; the container id.
  std::string Start(const std::string& pod, const std::string& name,
                    const std::string& image = "busybox",
                    const std::vector<std::string>& command = {"sleep",
                                                               "3600"}) {
    return cri_->Start(pod, name, image, command);
  }
  v1::ContainerStatus Status(const std::string& id) { return cri_->Status(id); }

  // Runs `call` on a thread while virtual time moves on by `step` every
  // few milliseconds, until it returns.
  template <typename F>
  auto WhileAdvancing(runtime::DurationNs step, F call) {
    return ::fakecri::testing::WhileAdvancing(vclock(), step, call);
  }
};

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_INTEGRATION_FAULTS_FAULT_FIXTURE_H_
