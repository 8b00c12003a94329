// Simulated processes seen through the CRI socket: containers that print
// and exit, their CRI log files, ExecSync, stop with and without a handler,
// log reopening. The server runs on virtual time, advanced by the tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <sstream>

#include "fake_runtime/clock/virtual_clock.h"
#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class ProcessesE2E : public SocketTest {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "virtual"; }

  runtime::VirtualClock& vclock() {
    return dynamic_cast<runtime::VirtualClock&>(server_->clock());
  }

  std::string RunPod(const std::string& name) { return cri_->RunPod(name); }

  // Pull, create (logging to <name>/0.log) and start.
  std::string Start(const std::string& pod, const std::string& name,
                    const std::string& image,
                    const std::vector<std::string>& command) {
    return cri_->Start(pod, name, image, command,
                       {.log_path = name + "/0.log"});
  }

  v1::ContainerStatus Status(const std::string& id) { return cri_->Status(id); }

  grpc::Status Exec(const std::string& id, const std::vector<std::string>& cmd,
                    v1::ExecSyncResponse* resp, int64_t timeout = 0) {
    return cri_->Exec(id, cmd, resp, timeout);
  }

  // Runs `call` on a thread while virtual time moves on by `advance`.
  template <typename F>
  grpc::Status WhileAdvancing(runtime::DurationNs advance, F call) {
    return ::fakecri::testing::WhileAdvancing(vclock(), advance / 100, call,
                                              /*max_steps=*/400);
  }
};

TEST_F(ProcessesE2E, ContainerPrintsExitsAndLogsInCriFormat) {
  std::string pod = RunPod("printer");
  std::string id =
      Start(pod, "app", "busybox",
            {"sh", "-c", "echo line1; echo oops >&2; printf partial; exit 3"});
  v1::ContainerStatus st = Status(id);
  EXPECT_EQ(st.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st.exit_code(), 3);
  EXPECT_EQ(st.reason(), "Error");
  EXPECT_GT(st.finished_at(), 0);
  EXPECT_EQ(st.log_path(), dir_ + "/pods/p/app/0.log");
  server_->SyncLogs();
  // Virtual time starts at 2026-01-01T00:00:00Z; the fraction is dropped
  // when zero, as Go's RFC3339Nano does. A tail without a newline is a
  // partial record, as containerd writes it at EOF.
  EXPECT_EQ(ReadFile(st.log_path()),
            "2026-01-01T00:00:00Z stdout F line1\n"
            "2026-01-01T00:00:00Z stderr F oops\n"
            "2026-01-01T00:00:00Z stdout P partial\n");
}

TEST_F(ProcessesE2E, EventsFollowTheProcess) {
  std::string pod = RunPod("events");
  std::string id = Start(pod, "app", "busybox", {"sh", "-c", "exit 0"});
  v1::ContainerStatus st = Status(id);
  EXPECT_EQ(st.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st.reason(), "Completed");
  std::vector<std::string> transitions;
  for (const auto& e : server_->event_log().Since(0)) {
    if (e->kind == runtime::EventKind::kTransition && e->object_id == id) {
      transitions.push_back(e->detail);
    }
  }
  ASSERT_EQ(transitions.size(), 3u);
  EXPECT_THAT(transitions[2], HasSubstr("exit code 0"));
}

TEST_F(ProcessesE2E, ExecSyncSharesTheContainerFilesystem) {
  std::string pod = RunPod("probe");
  std::string id = Start(pod, "app", "busybox", {"sleep", "3600"});
  v1::ExecSyncResponse r;
  ASSERT_TRUE(Exec(id, {"cat", "/tmp/healthy"}, &r).ok());
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_EQ(r.stderr(),
            "cat: can't open '/tmp/healthy': No such file or directory\n");
  ASSERT_TRUE(Exec(id, {"touch", "/tmp/healthy"}, &r).ok());
  ASSERT_TRUE(Exec(id, {"sh", "-c", "cat /tmp/healthy && echo ok"}, &r).ok());
  EXPECT_EQ(r.exit_code(), 0);
  EXPECT_EQ(r.stdout(), "ok\n");
  ASSERT_TRUE(Exec(id, {"hostname"}, &r).ok());
  EXPECT_EQ(r.stdout(), "probe\n");
}

TEST_F(ProcessesE2E, ExecSyncTimeoutIsDeadlineExceeded) {
  std::string pod = RunPod("slow");
  std::string id = Start(pod, "app", "busybox", {"sleep", "3600"});
  v1::ExecSyncResponse r;
  grpc::Status st = WhileAdvancing(3 * runtime::kSecond, [&] {
    return Exec(id, {"sleep", "5"}, &r, /*timeout=*/1);
  });
  EXPECT_EQ(st.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(st.error_message(),
            "timeout 1s exceeded: context deadline exceeded");
}

TEST_F(ProcessesE2E, ExecSyncOnExitedContainerFails) {
  std::string pod = RunPod("gone");
  std::string id = Start(pod, "app", "busybox", {"true"});
  v1::ExecSyncResponse r;
  grpc::Status st = Exec(id, {"true"}, &r);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(st.error_message(), "container is in CONTAINER_EXITED state");
}

TEST_F(ProcessesE2E, StopKillsPid1WithoutHandlerAtTheTimeout) {
  std::string pod = RunPod("stubborn");
  std::string id = Start(pod, "app", "busybox", {"sleep", "1000"});
  v1::StopContainerRequest req;
  req.set_container_id(id);
  req.set_timeout(10);
  v1::StopContainerResponse resp;
  const runtime::TimeNs before = vclock().Now();
  grpc::Status st = WhileAdvancing(20 * runtime::kSecond, [&] {
    return rt_->StopContainer(Ctx(30).get(), req, &resp);
  });
  ASSERT_TRUE(st.ok()) << st.error_message();
  v1::ContainerStatus s = Status(id);
  EXPECT_EQ(s.exit_code(), 137);
  EXPECT_EQ(s.reason(), "Error");
  EXPECT_GE(s.finished_at() - before, 10 * runtime::kSecond);
}

TEST_F(ProcessesE2E, StopEndsNginxGracefullyAtOnce) {
  std::string pod = RunPod("web");
  std::string id = Start(pod, "nginx", "nginx", {});
  v1::StopContainerRequest req;
  req.set_container_id(id);
  req.set_timeout(30);
  v1::StopContainerResponse resp;
  // nginx handles SIGQUIT once its start-up is done (a few ms of CPU).
  const runtime::TimeNs before = vclock().Now();
  ASSERT_TRUE(WhileAdvancing(runtime::kSecond, [&] {
                return rt_->StopContainer(Ctx().get(), req, &resp);
              }).ok());
  EXPECT_LT(vclock().Now() - before, runtime::kSecond);
  v1::ContainerStatus s = Status(id);
  EXPECT_EQ(s.state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s.exit_code(), 0);
  EXPECT_EQ(s.reason(), "Completed");
  server_->SyncLogs();
  EXPECT_THAT(ReadFile(s.log_path()),
              HasSubstr("signal 3 (SIGQUIT) received, shutting down"));
}

TEST_F(ProcessesE2E, ReopenContainerLogStartsANewFile) {
  std::string pod = RunPod("ticker");
  std::string id =
      Start(pod, "app", "busybox",
            {"sh", "-c", "while true; do echo tick; sleep 1; done"});
  vclock().AdvanceBy(1500 * runtime::kMillisecond);
  server_->SyncLogs();
  const std::string path = Status(id).log_path();
  const std::string first = ReadFile(path);
  EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 2);
  std::filesystem::rename(path, path + ".1");
  v1::ReopenContainerLogRequest req;
  req.set_container_id(id);
  v1::ReopenContainerLogResponse resp;
  ASSERT_TRUE(rt_->ReopenContainerLog(Ctx().get(), req, &resp).ok());
  EXPECT_TRUE(std::filesystem::exists(path));
  vclock().AdvanceBy(runtime::kSecond);
  server_->SyncLogs();
  EXPECT_EQ(ReadFile(path), "2026-01-01T00:00:02Z stdout F tick\n");
  EXPECT_EQ(ReadFile(path + ".1"), first);
}

TEST_F(ProcessesE2E, StatsReflectWork) {
  std::string pod = RunPod("busy");
  std::string id =
      Start(pod, "app", "busybox",
            {"sh", "-c", "echo data > /tmp/out; while :; do :; done"});
  vclock().AdvanceBy(2 * runtime::kSecond);
  v1::ContainerStatsRequest req;
  req.set_container_id(id);
  v1::ContainerStatsResponse resp;
  ASSERT_TRUE(rt_->ContainerStats(Ctx().get(), req, &resp).ok());
  EXPECT_GT(resp.stats().cpu().usage_core_nano_seconds().value(),
            runtime::kSecond);
  EXPECT_GT(resp.stats().cpu().usage_nano_cores().value(), 900'000'000u);
  EXPECT_GT(resp.stats().memory().working_set_bytes().value(), 0u);
  EXPECT_GE(resp.stats().writable_layer().used_bytes().value(), 5u);
}

}  // namespace
}  // namespace fakecri::testing
