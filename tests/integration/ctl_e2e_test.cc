// The real `fakecri ctl` binary against a server started in the test:
// what it prints, its JSON, and its exit codes (0 done, 1 server error,
// 2 usage error).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

using runtime::kSecond;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CtlRun {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class CtlE2E : public SocketTest {
 protected:
  // `fakecri ctl --endpoint <this server> args...`
  CtlRun Ctl(const std::vector<std::string>& args) {
    return Exec(args, "unix://" + socket_);
  }

  CtlRun Exec(const std::vector<std::string>& args,
              const std::string& endpoint) {
    std::string cmd = "timeout 30 " + Quote(FAKECRI_BINARY) +
                      " ctl --endpoint " + Quote(endpoint);
    for (const std::string& a : args) cmd += " " + Quote(a);
    const std::string out = dir_ + "/out.txt";
    const std::string err = dir_ + "/err.txt";
    cmd += " >" + Quote(out) + " 2>" + Quote(err);
    const int status = std::system(cmd.c_str());
    CtlRun r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }
};

TEST_F(CtlE2E, FaultAddExamplesFromTheDocsWork) {
  struct Case {
    std::vector<std::string> args;
    std::string printed;
  };
  const std::vector<Case> cases = {
      {{"fault", "add", "--rpc", "PullImage", "--image", "nginx*", "--code",
        "UNAVAILABLE", "--times", "2"},
       "added f1: cri PullImage image=nginx* -> error UNAVAILABLE when "
       "times=2\n"},
      {{"fault", "add", "--rpc", "Version", "--latency", "300ms"},
       "added f2: cri Version -> latency 300ms\n"},
      {{"fault", "add", "--rpc", "Version", "--latency", "normal(2s,500ms)"},
       "added f3: cri Version -> latency normal(2s,500ms)\n"},
      {{"fault", "add", "--condition", "NetworkReady=false", "--for", "30s"},
       "added f4: runtime status -> not_ready NetworkReady when until=30s\n"},
      {{"fault", "add", "--crash", "--container", "app", "--exit-code", "1",
        "--after", "5s"},
       "added f5: process start container=app -> crash exit_code=1 "
       "delay=5s\n"},
      {{"fault", "add", "--hop", "image_pull", "--latency", "2s + 8ms/MiB",
        "--id", "slow-pulls", "--description", "registry is slow"},
       "added slow-pulls: image_pull * -> latency 2s + 8ms/MiB (registry is "
       "slow)\n"},
  };
  for (const Case& c : cases) {
    const CtlRun r = Ctl(c.args);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, c.printed);
  }
  EXPECT_EQ(server_->faults().size(), cases.size());
}

TEST_F(CtlE2E, FaultListShowsHitsAndJsonHasEveryField) {
  ASSERT_EQ(Ctl({"fault", "add", "--rpc", "PullImage", "--image", "nginx*",
                 "--code", "UNAVAILABLE"})
                .code,
            0);
  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("nginx");
  v1::PullImageResponse pulled;
  EXPECT_EQ(img_->PullImage(Ctx().get(), pull, &pulled).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  CtlRun r = Ctl({"fault", "list"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "ID  HITS  MATCHES  DESCRIPTION\n"
            "f1  1     1        cri PullImage image=nginx* -> error "
            "UNAVAILABLE\n");

  r = Ctl({"fault", "list", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["faults"].size(), 1u);
  EXPECT_EQ(j["faults"][0]["rule"]["id"], "f1");
  EXPECT_EQ(j["faults"][0]["rule"]["effect"]["code"], "UNAVAILABLE");
  EXPECT_EQ(j["faults"][0]["hits"], "1");  // uint64 is a string in JSON
}

TEST_F(CtlE2E, FaultRmAndClear) {
  ASSERT_EQ(Ctl({"fault", "add", "--rpc", "Version", "--hang"}).code, 0);
  ASSERT_EQ(Ctl({"fault", "add", "--rpc", "Status", "--hang"}).code, 0);
  CtlRun r = Ctl({"fault", "rm", "f1"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "removed f1\n");
  r = Ctl({"fault", "rm", "f1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "fakecri ctl: NOT_FOUND: no fault with id 'f1'\n");
  r = Ctl({"fault", "clear"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "removed 1 fault(s)\n");
  EXPECT_EQ(Ctl({"fault", "list"}).out, "no faults\n");
}

TEST_F(CtlE2E, FaultAddFromAFileIsAllOrNone) {
  const std::string good = dir_ + "/good.yaml";
  std::ofstream(good) << "version: 1\nfaults:\n"
                         "  - {hop: cri, operation: Version, effect: "
                         "{latency: 1ms}}\n"
                         "  - {hop: process, effect: {oom_kill: true}}\n";
  CtlRun r = Ctl({"fault", "add", "--file", good});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("added f1: cri Version -> latency 1ms\n"));
  EXPECT_THAT(r.out, HasSubstr("added f2: process * -> oom_kill"));

  const std::string bad = dir_ + "/bad.yaml";
  std::ofstream(bad) << "version: 1\nfaults:\n"
                        "  - {hop: cri, operation: Version, effect: "
                        "{latency: 1ms}}\n"
                        "  - {hop: cri, operation: Nope, effect: hang}\n";
  r = Ctl({"fault", "add", "--file", bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, StartsWith("fakecri ctl: INVALID_ARGUMENT: " + bad));
  EXPECT_EQ(server_->faults().size(), 2u);

  r = Ctl({"fault", "add", "--file", good, "--rpc", "Version"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--file: the rules come from the file"));
  EXPECT_EQ(server_->faults().size(), 2u);
}

TEST_F(CtlE2E, BadFlagsExitTwoNamingTheFlagAndAddNothing) {
  CtlRun r =
      Ctl({"fault", "add", "--rpc", "Version", "--latency", "uniform(2s,1s)"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "fakecri ctl: --latency: uniform max (1s) is less than min "
            "(2s)\n");

  r = Ctl({"fault", "add", "--rpc", "Version", "--latency", "1s", "--hang"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--hang: choose one effect per rule"));

  r = Ctl({"fault", "add", "--code", "UNAVAILABLE"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--code: say where: --rpc NAME"));

  r = Ctl({"fault", "add", "--rpc", "PullImages", "--code", "UNAVAILABLE"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--rpc: operation 'PullImages' matches no CRI"));

  r = Ctl({"fault", "add", "--condition", "NetworkReady=true"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--condition:"));

  r = Ctl({"fault", "add", "--rpc", "Version", "--code", "UNAVAILABLE",
           "--start-after", "10s", "--for", "later"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--for:"));

  r = Ctl({"fault", "add", "--bogus"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--bogus"));

  EXPECT_EQ(server_->faults().size(), 0u);
}

TEST_F(CtlE2E, SnapshotShowsThePodInTextAndJson) {
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = Pod("web");
  v1::RunPodSandboxResponse ran;
  ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), run, &ran).ok());

  CtlRun r = Ctl({"snapshot"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("pods (1)"));
  EXPECT_THAT(r.out, HasSubstr(ran.pod_sandbox_id().substr(0, 13) +
                               "  web   e2e        READY"));
  EXPECT_THAT(r.out, HasSubstr("containers (0)"));
  EXPECT_THAT(r.out, HasSubstr("seed 7"));
  EXPECT_THAT(r.out, HasSubstr("faults (0)"));

  r = Ctl({"snapshot", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sandboxes"][0]["metadata"]["name"], "web");
  EXPECT_EQ(j["sandboxes"][0]["state"], "SANDBOX_READY");
  EXPECT_EQ(j["seed"], "7");
  EXPECT_EQ(j["clock"]["kind"], "real");
}

TEST_F(CtlE2E, EventsWatchPrintsTheBacklogAsLinesOrJsonLines) {
  CtlRun r = Ctl({"events", "watch", "--since", "1", "--count", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("#1 "));
  EXPECT_THAT(r.out, HasSubstr(" info start fakecri started: seed 7"));

  v1::VersionResponse version;
  ASSERT_TRUE(rt_->Version(Ctx().get(), {}, &version).ok());
  r = Ctl({"events", "watch", "--since", "1", "--count", "2", "--kind", "info",
           "--kind", "rpc_out", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> events;
  while (std::getline(lines, line)) {
    events.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(events.size(), 2u);  // JSON lines: one event per line
  EXPECT_EQ(events[0]["seq"], "1");
  EXPECT_EQ(events[0]["kind"], "info");
  EXPECT_EQ(events[1]["kind"], "rpc_out");
  EXPECT_EQ(events[1]["subject"], "Version");

  r = Ctl({"events", "watch", "--kind", "gossip", "--count", "1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: kinds: unknown event kind "
                               "'gossip'"));
}

class VirtualCtlE2E : public CtlE2E {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "virtual"; }
};

TEST_F(VirtualCtlE2E, ClockShowsAndAdvancesVirtualTime) {
  const runtime::TimeNs t0 = server_->clock().Now();
  CtlRun r = Ctl({"clock"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "clock virtual: 2026-01-01T00:00:00.000Z "
            "(1767225600000000000 ns), moves only with `fakecri ctl "
            "clock advance`\n");
  r = Ctl({"clock", "advance", "1m30s"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("2026-01-01T00:01:30.000Z"));
  EXPECT_EQ(server_->clock().Now(), t0 + 90 * kSecond);

  r = Ctl({"clock", "resume"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION: the virtual clock"));
  r = Ctl({"clock", "scale", "fast"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("clock scale: expected a positive number"));
  r = Ctl({"clock", "rewind"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown action 'rewind'"));
}

TEST_F(CtlE2E, ClockPauseScaleResumeOnRealTime) {
  CtlRun r = Ctl({"clock", "pause"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("paused, scale 1x"));
  EXPECT_TRUE(server_->clock().Paused());
  r = Ctl({"clock", "scale", "10"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("clock scaled:"));
  EXPECT_THAT(r.out, HasSubstr("paused, scale 10x"));
  r = Ctl({"clock", "resume", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["clock"]["paused"], false);
  EXPECT_EQ(j["clock"]["scale"], 10);
  EXPECT_FALSE(server_->clock().Paused());
}

TEST_F(CtlE2E, NoServerIsAServerErrorNamingTheCode) {
  const CtlRun r =
      Exec({"fault", "list", "--timeout", "2s"}, "unix://" + dir_ + "/none");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, StartsWith("fakecri ctl: UNAVAILABLE: "));
}

}  // namespace
}  // namespace fakecri::testing
