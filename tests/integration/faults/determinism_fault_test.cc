// Same seed and same calls give the same outcomes and fault records; a
// rule's draws do not depend on the other rules.
#include <gmock/gmock.h>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

// Runs 200 Version calls against a fresh server with `rules` and returns
// which calls failed, and the fault records of the log.
struct Outcome {
  std::vector<int> codes;
  std::vector<std::string> hits;
};

Outcome RunVersions(uint64_t seed, const std::string& rules) {
  const std::string dir = MakeTempDir();
  ServerOptions opts;
  opts.listen = "unix://" + dir + "/s.sock";
  opts.seed = seed;
  opts.clock = "virtual";
  opts.faults_yaml = "version: 1\nfaults:\n" + rules;
  auto server = Server::Start(opts);
  EXPECT_TRUE(server.ok()) << server.status();
  auto stub = v1::RuntimeService::NewStub(
      grpc::CreateChannel(opts.listen, grpc::InsecureChannelCredentials()));
  Outcome out;
  for (int i = 0; i < 200; ++i) {
    grpc::ClientContext ctx;
    v1::VersionResponse resp;
    out.codes.push_back(stub->Version(&ctx, {}, &resp).error_code());
  }
  // "<rule> call <n>: <summary>": which call each hit belongs to.
  int call = -1;
  for (const auto& e : (*server)->event_log().Since(0)) {
    if (e->kind == runtime::EventKind::kRpcIn) ++call;
    if (e->kind == runtime::EventKind::kFault) {
      out.hits.push_back(e->subject + " call " + std::to_string(call) + ": " +
                         e->detail);
    }
  }
  (*server)->Shutdown();
  std::filesystem::remove_all(dir);
  return out;
}

constexpr char kHalf[] = R"y(
  - id: half
    hop: cri
    operation: Version
    effect: {error: UNAVAILABLE}
    when: {probability: 0.5}
)y";

constexpr char kOther[] = R"y(
  - id: aaa-other
    hop: cri
    operation: Version
    effect: {error: INTERNAL}
    when: {probability: 0.3}
)y";

std::vector<bool> FailedBy(const Outcome& o, const std::string& rule) {
  std::vector<bool> out;
  for (const auto& h : o.hits) out.push_back(h.rfind(rule + " ", 0) == 0);
  return out;
}

TEST(FaultDeterminism, SameSeedSameCallsSameOutcomeAndLog) {
  const Outcome a = RunVersions(42, kHalf);
  const Outcome b = RunVersions(42, kHalf);
  EXPECT_EQ(a.codes, b.codes);
  EXPECT_EQ(a.hits, b.hits);
  // About half failed: the rule is not stuck on or off.
  const auto failed =
      std::count(a.codes.begin(), a.codes.end(),
                 static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_GT(failed, 60);
  EXPECT_LT(failed, 140);
  // Another seed draws differently.
  EXPECT_NE(RunVersions(43, kHalf).codes, a.codes);
}

TEST(FaultDeterminism, AddingARuleLeavesOtherRulesDrawsUnchanged) {
  const Outcome alone = RunVersions(42, kHalf);
  const Outcome both = RunVersions(42, std::string(kHalf) + kOther);
  // Which calls "half" fired on is the same with or without the other
  // rule (each rule draws from its own stream on every matching call).
  auto half_hits = [](const Outcome& o) {
    std::vector<std::string> out;
    for (const auto& h : o.hits) {
      if (h.rfind("half ", 0) == 0) out.push_back(h);
    }
    return out;
  };
  EXPECT_EQ(half_hits(alone), half_hits(both));
  EXPECT_FALSE(FailedBy(both, "aaa-other").empty());
}

}  // namespace
}  // namespace fakecri::testing
