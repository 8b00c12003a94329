// File: socket_fixture.h
// A real fakecri server on a unix socket in a fresh temp dir, and generated
// stubs connected to it over that socket.
#ifndef FAKECRI_TESTS_INTEGRATION_SOCKET_FIXTURE_H_
#define FAKECRI_TESTS_INTEGRATION_SOCKET_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/server/server_internals.h"
#include "fakecri/server.h"
#include "testing/cri_builders.h"
#include "testing/cri_test_client.h"

namespace fakecri::testing {

namespace v1 = ::runtime::v1;

inline std::string MakeTempDir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "fakecri-test-XXXXXX").string();
  char* dir = mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return tmpl;
}

class SocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    socket_ = dir_ + "/fakecri.sock";
    ServerOptions opts;
    opts.listen = "unix://" + socket_;
    opts.seed = 7;
    Configure(opts);
    auto server = Server::Start(opts);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("unix://" + socket_,
                                   grpc::InsecureChannelCredentials());
    rt_ = v1::RuntimeService::NewStub(channel_);
    img_ = v1::ImageService::NewStub(channel_);
    cri_ = std::make_unique<CriTestClient>(channel_, dir_ + "/pods");
  }
  // Lets a suite change the server's options (clock, ...).
  virtual void Configure(ServerOptions&) {}

  void TearDown() override {
    if (server_) server_->Shutdown();
    std::filesystem::remove_all(dir_);
  }

  static std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 10) {
    return CriTestClient::Ctx(seconds);
  }

  static v1::PodSandboxConfig Pod(const std::string& name,
                                  uint32_t attempt = 0) {
    return PodConfig(name, "e2e", attempt);
  }

  // Streams are registered asynchronously; wait until `n` are subscribed so
  // no event is emitted before a test's subscribers listen.
  void WaitForSubscribers(size_t n) {
    for (int i = 0; i < 500 && server_->event_log().SubscriberCount() < n;
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_GE(server_->event_log().SubscriberCount(), n);
  }

  std::string dir_;
  std::string socket_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RuntimeService::Stub> rt_;
  std::unique_ptr<v1::ImageService::Stub> img_;
  // The shared CRI test client on the same channel.
  std::unique_ptr<CriTestClient> cri_;
};

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_INTEGRATION_SOCKET_FIXTURE_H_
