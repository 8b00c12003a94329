// Process semantics: PID 1 and signals, traps, servers' shutdown, OOM
// kills, CPU accounting, credentials and filesystem restrictions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_runtime/common/signal_names.h"
#include "userland_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;

using Processes = UserlandTest;

TEST_F(Processes, Pid1IgnoresSignalsItHasNoHandlerFor) {
  ASSERT_TRUE(StartInit({"sleep", "1000"}).ok());
  Signal(1, kSigTerm);
  RunFor(kSecond);
  EXPECT_FALSE(init_.status.has_value());
  Signal(1, kSigKill);
  EXPECT_EQ(init_.status, 137);
}

TEST_F(Processes, ANonInitProcessDiesFromTerm) {
  ASSERT_TRUE(StartInit({"sleep", "1000"}).ok());
  uint32_t pid = 0;
  Result r = Exec({"sleep", "100"}, 0, &pid);
  ASSERT_NE(pid, 0u);
  auto status = std::make_shared<std::optional<int>>();
  {
    fakecri::MutexLock l(&mu_);
    ul_->Find(pid)->run().on_exit.push_back([status](int s) { *status = s; });
  }
  Signal(pid, kSigTerm);
  EXPECT_EQ(*status, 143);
}

TEST_F(Processes, ShellTrapOnTermExitsZero) {
  ASSERT_TRUE(StartInit({"sh", "-c",
                         "trap 'echo bye; exit 0' TERM; "
                         "while true; do sleep 1; done"})
                  .ok());
  RunFor(2500 * kMs);
  Signal(1, kSigTerm);
  // The trap runs once the foreground sleep ends (POSIX), within a second.
  RunFor(1100 * kMs);
  EXPECT_EQ(init_.out, "bye\n");
  EXPECT_EQ(init_.status, 0);
}

TEST_F(Processes, ShellWithoutTrapIgnoresTermAsInit) {
  ASSERT_TRUE(StartInit({"sh", "-c", "while true; do sleep 1; done"}).ok());
  Signal(1, kSigTerm);
  RunFor(3 * kSecond);
  EXPECT_FALSE(init_.status.has_value());
}

TEST_F(Processes, NginxShutsDownGracefullyOnQuit) {
  ASSERT_TRUE(
      StartInit({"/docker-entrypoint.sh", "nginx", "-g", "daemon off;"}).ok());
  EXPECT_THAT(init_.out,
              HasSubstr("Configuration complete; ready for start up"));
  EXPECT_THAT(init_.err, HasSubstr("[notice] 1#1: start worker process 2"));
  Signal(1, kSigQuit);
  RunFor(100 * kMs);  // start-up CPU first, then the signal
  EXPECT_EQ(init_.status, 0);
  EXPECT_THAT(init_.err,
              HasSubstr("signal 3 (SIGQUIT) received, shutting down"));
  EXPECT_THAT(init_.err, HasSubstr("[notice] 1#1: exit\n"));
}

TEST_F(Processes, RedisExitsZeroOnTerm) {
  ASSERT_TRUE(StartInit({"redis-server"}).ok());
  EXPECT_THAT(init_.out, HasSubstr("Ready to accept connections tcp"));
  Signal(1, kSigTerm);
  RunFor(100 * kMs);
  EXPECT_EQ(init_.status, 0);
  EXPECT_THAT(init_.out, HasSubstr("Redis is now ready to exit, bye bye..."));
}

TEST_F(Processes, PauseExitsZeroOnTerm) {
  ASSERT_TRUE(StartInit({"/pause"}).ok());
  Signal(1, kSigTerm);
  EXPECT_EQ(init_.status, 0);
}

TEST_F(Processes, InitExitKillsEveryOtherProcess) {
  ASSERT_TRUE(StartInit({"sh", "-c", "sleep 5"}).ok());
  uint32_t pid = 0;
  Exec({"sleep", "100"}, 0, &pid);
  RunFor(6 * kSecond);
  EXPECT_EQ(init_.status, 0);
  fakecri::MutexLock l(&mu_);
  EXPECT_TRUE(ul_->Processes().empty());
}

TEST_F(Processes, OomKillOverTheMemoryLimit) {
  userland::UserlandConfig cfg;
  cfg.memory_limit = 64 << 20;
  Make(cfg);
  ASSERT_TRUE(StartInit({"stress", "--vm", "1", "--vm-bytes", "128M"}).ok());
  RunFor(kSecond);
  EXPECT_EQ(init_.status, 137);
  fakecri::MutexLock l(&mu_);
  EXPECT_TRUE(ul_->oom_killed());
}

TEST_F(Processes, WithinTheLimitNoOom) {
  userland::UserlandConfig cfg;
  cfg.memory_limit = 256 << 20;
  Make(cfg);
  ASSERT_TRUE(StartInit({"stress", "--vm-bytes", "100M"}).ok());
  RunFor(2 * kSecond);
  EXPECT_FALSE(init_.status.has_value());
  fakecri::MutexLock l(&mu_);
  EXPECT_GT(ul_->MemoryBytes(), 100u << 20);
  EXPECT_FALSE(ul_->oom_killed());
}

TEST_F(Processes, BusyLoopUsesAFullCore) {
  ASSERT_TRUE(StartInit({"sh", "-c", "while true; do :; done"}).ok());
  RunFor(2 * kSecond);
  int64_t busy;
  {
    fakecri::MutexLock l(&mu_);
    busy = ul_->CpuUsageNs();
  }
  // A busy loop keeps one core busy: ~2 s of CPU in 2 s.
  EXPECT_GT(busy, 1800 * kMs);
  EXPECT_LE(busy, 2100 * kMs);
}

TEST_F(Processes, SleepingLoopUsesLittleCpu) {
  ASSERT_TRUE(StartInit({"sh", "-c", "while true; do sleep 1; done"}).ok());
  RunFor(10 * kSecond);
  fakecri::MutexLock l(&mu_);
  // One fork+exec of sleep and a few builtins per second: well under 1%
  // of a core.
  EXPECT_LT(ul_->CpuUsageNs(), 100 * kMs);
  EXPECT_GT(ul_->CpuUsageNs(), 0);
}

TEST_F(Processes, IdShowsTheCredentials) {
  userland::UserlandConfig cfg;
  cfg.cred = {.uid = 1000, .gid = 3000, .groups = {2000}};
  Make(cfg);
  EXPECT_EQ(Exec({"id"}).out, "uid=1000 gid=3000 groups=3000,2000\n");
  EXPECT_EQ(Exec({"id", "-u"}).out, "1000\n");
  EXPECT_EQ(Exec({"id", "-G"}).out, "3000 2000\n");
  Result who = Exec({"whoami"});
  EXPECT_EQ(who.err, "whoami: unknown uid 1000\n");
  EXPECT_EQ(who.status, 1);
}

TEST_F(Processes, IdForRootHasNames) {
  Make();
  EXPECT_EQ(Exec({"id", "-un"}).out, "root\n");
  EXPECT_THAT(Exec({"id"}).out, HasSubstr("uid=0(root) gid=0(root)"));
  EXPECT_EQ(Exec({"whoami"}).out, "root\n");
}

TEST_F(Processes, NonRootCannotWriteRootOwnedDirs) {
  userland::UserlandConfig cfg;
  cfg.cred = {.uid = 1000, .gid = 1000, .groups = {}};
  Make(cfg);
  Result r = Exec({"touch", "/etc/x"});
  EXPECT_EQ(r.err, "touch: /etc/x: Permission denied\n");
  EXPECT_EQ(Exec({"touch", "/tmp/mine"}).status, 0);
}

TEST_F(Processes, ReadOnlyRootfsRefusesWrites) {
  userland::UserlandConfig cfg;
  cfg.fs.readonly_rootfs = true;
  Make(cfg);
  Result t = Exec({"touch", "/tmp/x"});
  EXPECT_EQ(t.err, "touch: /tmp/x: Read-only file system\n");
  EXPECT_EQ(t.status, 1);
  Result sh = Exec({"sh", "-c", "echo a > /y"});
  EXPECT_EQ(sh.err, "sh: can't create /y: Read-only file system\n");
  EXPECT_NE(sh.status, 0);
}

userland::UserlandConfig WithImageProgram(userland::ImageBehavior b) {
  userland::UserlandConfig cfg;
  cfg.image_programs.push_back(userland::MakeImageProgram(
      "app", std::make_shared<userland::ImageBehavior>(std::move(b))));
  return cfg;
}

TEST_F(Processes, ImageBehaviorPrintsPeriodicallyAndExits) {
  userland::ImageBehavior b;
  b.run = userland::ImageBehavior::Run::kExit;
  b.exit_after = 3500 * kMs;
  b.exit_code = 3;
  b.startup_lines = {"starting"};
  b.periodic_line = "working";
  b.period = kSecond;
  Make(WithImageProgram(b));
  ASSERT_TRUE(StartInit({"/usr/bin/app"}).ok());
  RunFor(3 * kSecond);
  EXPECT_EQ(init_.out, "starting\nworking\nworking\nworking\n");
  EXPECT_FALSE(init_.status.has_value());
  RunFor(kSecond);
  EXPECT_EQ(init_.status, 3);
}

TEST_F(Processes, ImageBehaviorCrashIsSegfault) {
  userland::ImageBehavior b;
  b.run = userland::ImageBehavior::Run::kCrash;
  b.exit_after = kSecond;
  Make(WithImageProgram(b));
  ASSERT_TRUE(StartInit({"app"}).ok());
  RunFor(2 * kSecond);
  EXPECT_EQ(init_.status, 139);
  EXPECT_THAT(init_.err, HasSubstr("SIGSEGV"));
}

TEST_F(Processes, ImageBehaviorMemoryGrowthHitsTheLimit) {
  userland::ImageBehavior b;
  b.memory_start = 10 << 20;
  b.memory_growth_per_s = 10 << 20;
  userland::UserlandConfig cfg = WithImageProgram(b);
  cfg.memory_limit = 45 << 20;
  Make(cfg);
  ASSERT_TRUE(StartInit({"app"}).ok());
  RunFor(3 * kSecond + 500 * kMs);
  EXPECT_FALSE(init_.status.has_value());
  RunFor(kSecond);
  EXPECT_EQ(init_.status, 137);
  fakecri::MutexLock l(&mu_);
  EXPECT_TRUE(ul_->oom_killed());
}

TEST_F(Processes, ImageBehaviorHandlesTermUnlessTold) {
  userland::ImageBehavior b;
  b.handles_term = false;
  Make(WithImageProgram(b));
  ASSERT_TRUE(StartInit({"app"}).ok());
  Signal(1, kSigTerm);
  RunFor(kSecond);
  EXPECT_FALSE(init_.status.has_value());  // PID 1 without a handler
}

TEST_F(Processes, ProcShowsProcesses) {
  ASSERT_TRUE(StartInit({"sleep", "1000"}).ok());
  EXPECT_EQ(Exec({"cat", "/proc/1/cmdline"}).out, std::string("sleep\0"
                                                              "1000\0",
                                                              11));
  // The first exec was pid 2; this cat is pid 3 and reads itself.
  EXPECT_THAT(Exec({"cat", "/proc/self/status"}).out, HasSubstr("Pid:\t3\n"));
}

}  // namespace
}  // namespace fakecri::testing

namespace fakecri::testing {
namespace {

TEST_F(Processes, WritableLayerFillsUpWithEnospc) {
  userland::UserlandConfig cfg;
  cfg.fs.writable_limit_bytes = 1000;
  Make(cfg);
  fakecri::MutexLock l(&mu_);
  EXPECT_TRUE(
      ul_->fs().WriteFile("/tmp/a", std::string(900, 'x'), false, {}).ok());
  auto full = ul_->fs().WriteFile("/tmp/b", std::string(200, 'x'), false, {});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error(), userland::Errno::kNoSpace);
}

}  // namespace
}  // namespace fakecri::testing
