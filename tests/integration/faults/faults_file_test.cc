// Rules loaded at start-up (`fakecri serve --faults FILE`): a good file
// arms its rules; a bad one stops the server from starting, with the
// position of the error.
#include <gmock/gmock.h>

#include <fstream>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;

std::string WriteFile(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/faults.yaml";
  std::ofstream(path) << text;
  return path;
}

TEST(FaultsFile, RulesFromTheFileFireOnTheSocket) {
  const std::string dir = MakeTempDir();
  ServerOptions opts;
  opts.listen = "unix://" + dir + "/s.sock";
  opts.faults_file = WriteFile(dir, R"y(version: 1
faults:
  - id: no-version
    hop: cri
    operation: Version
    effect: {error: {code: UNIMPLEMENTED, message: "not today"}}
)y");
  auto server = Server::Start(opts);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->faults().size(), 1u);
  auto stub = v1::RuntimeService::NewStub(
      grpc::CreateChannel(opts.listen, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  v1::VersionResponse resp;
  grpc::Status st = stub->Version(&ctx, {}, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(st.error_message(), "not today");
  (*server)->Shutdown();
  std::filesystem::remove_all(dir);
}

TEST(FaultsFile, BadFileStopsTheStartWithItsPosition) {
  const std::string dir = MakeTempDir();
  ServerOptions opts;
  opts.listen = "unix://" + dir + "/s.sock";
  opts.faults_file = WriteFile(dir, R"y(version: 1
faults:
  - hop: cri
    operation: Version
    effect: {latency: "uniform(2s,1s)"}
)y");
  auto server = Server::Start(opts);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  // Line 5, column 23: the latency value.
  EXPECT_THAT(std::string(server.status().message()),
              ::testing::StartsWith(opts.faults_file +
                                    ":5:23: expected a latency like 300ms"));
  EXPECT_THAT(std::string(server.status().message()),
              HasSubstr("uniform max (1s) is less than min (2s)"));
  // Nothing listens.
  EXPECT_FALSE(std::filesystem::exists(dir + "/s.sock"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fakecri::testing
