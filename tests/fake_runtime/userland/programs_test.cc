// Built-in programs run as exec'd processes (as ExecSync runs them):
// output, error text and exit codes as busybox gives them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "userland_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class Programs : public UserlandTest {
 protected:
  void SetUp() override { Make(); }
};

TEST_F(Programs, EchoOptions) {
  EXPECT_EQ(Exec({"echo", "-n", "a", "b"}).out, "a b");
  EXPECT_EQ(Exec({"echo", "-e", "x\\ty\\n"}).out, "x\ty\n\n");
  EXPECT_EQ(Exec({"echo", "-e", "cut\\chere"}).out, "cut");
  EXPECT_EQ(Exec({"echo", "-x"}).out, "-x\n");
}

TEST_F(Programs, PrintfFormats) {
  EXPECT_EQ(
      Exec({"printf", "%s=%d|%5s|%-3s|%x\\n", "a", "42", "r", "l", "255"}).out,
      "a=42|    r|l  |ff\n");
  EXPECT_EQ(Exec({"printf", "%s\\n", "x", "y"}).out, "x\ny\n");
}

TEST_F(Programs, TrueFalse) {
  EXPECT_EQ(Exec({"true"}).status, 0);
  EXPECT_EQ(Exec({"false"}).status, 1);
}

TEST_F(Programs, CatMissingFile) {
  Result r = Exec({"cat", "/nope"});
  EXPECT_EQ(r.err, "cat: can't open '/nope': No such file or directory\n");
  EXPECT_EQ(r.status, 1);
}

TEST_F(Programs, TouchThenTestSeesIt) {
  EXPECT_EQ(Exec({"test", "-f", "/tmp/healthy"}).status, 1);
  EXPECT_EQ(Exec({"touch", "/tmp/healthy"}).status, 0);
  EXPECT_EQ(Exec({"test", "-f", "/tmp/healthy"}).status, 0);
  EXPECT_EQ(Exec({"cat", "/tmp/healthy"}).status, 0);
}

TEST_F(Programs, TestAndBracket) {
  EXPECT_EQ(Exec({"[", "1", "-lt", "2", "]"}).status, 0);
  EXPECT_EQ(Exec({"[", "abc", "=", "abd", "]"}).status, 1);
  EXPECT_EQ(Exec({"[", "-d", "/etc", "-a", "!", "-f", "/etc", "]"}).status, 0);
  Result r = Exec({"[", "1", "-lt", "2"});
  EXPECT_EQ(r.err, "[: missing ]\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(Exec({"test", "-z", ""}).status, 0);
  EXPECT_EQ(Exec({"test", "x", "-eq", "1"}).status, 2);
}

TEST_F(Programs, MkdirAndRm) {
  EXPECT_EQ(Exec({"mkdir", "/tmp/a/b"}).err,
            "mkdir: can't create directory '/tmp/a/b': No such file or "
            "directory\n");
  EXPECT_EQ(Exec({"mkdir", "-p", "/tmp/a/b"}).status, 0);
  Result r = Exec({"rm", "/tmp/a"});
  EXPECT_EQ(r.err, "rm: '/tmp/a' is a directory\n");
  EXPECT_EQ(Exec({"rm", "-r", "/tmp/a"}).status, 0);
  EXPECT_EQ(Exec({"rm", "/tmp/a"}).err,
            "rm: can't remove '/tmp/a': No such file or directory\n");
  EXPECT_EQ(Exec({"rm", "-f", "/tmp/a"}).status, 0);
}

TEST_F(Programs, LsListsSortedAndHidesDotfiles) {
  Exec({"mkdir", "/tmp/d"});
  Exec({"touch", "/tmp/d/b", "/tmp/d/a", "/tmp/d/.h"});
  EXPECT_EQ(Exec({"ls", "/tmp/d"}).out, "a\nb\n");
  EXPECT_EQ(Exec({"ls", "-A", "/tmp/d"}).out, ".h\na\nb\n");
  Result l = Exec({"ls", "-l", "/tmp/d"});
  EXPECT_THAT(l.out, StartsWith("-rw-r--r--"));
  EXPECT_EQ(Exec({"ls", "/nope"}).err,
            "ls: /nope: No such file or directory\n");
}

TEST_F(Programs, HeadTailWcGrep) {
  {
    fakecri::MutexLock l(&mu_);
    ASSERT_TRUE(
        ul_->fs().WriteFile("/tmp/n", "1\n2\n3\n4\n5\n", false, {}).ok());
  }
  EXPECT_EQ(Exec({"head", "-n", "2", "/tmp/n"}).out, "1\n2\n");
  EXPECT_EQ(Exec({"head", "-3", "/tmp/n"}).out, "1\n2\n3\n");
  EXPECT_EQ(Exec({"tail", "-n", "2", "/tmp/n"}).out, "4\n5\n");
  EXPECT_EQ(Exec({"wc", "-l", "/tmp/n"}).out, "      5 /tmp/n\n");
  EXPECT_EQ(Exec({"grep", "-c", "[24]", "/tmp/n"}).out, "2\n");
  EXPECT_EQ(Exec({"grep", "-q", "9", "/tmp/n"}).status, 1);
  EXPECT_EQ(Exec({"grep", "x", "/nope"}).status, 2);
}

TEST_F(Programs, UnknownProgramFailsToExec) {
  auto out = std::make_shared<userland::CaptureOut>(100);
  fakecri::MutexLock l(&mu_);
  auto pid = ul_->StartExec({"nosuch"}, out, out, [](int) {});
  EXPECT_FALSE(pid.ok());
  EXPECT_THAT(
      std::string(pid.status().message()),
      HasSubstr("exec: \"nosuch\": executable file not found in $PATH"));
}

TEST_F(Programs, HostnameAndUname) {
  EXPECT_EQ(Exec({"hostname"}).out, "web-0\n");
  EXPECT_EQ(Exec({"uname"}).out, "Linux\n");
}

TEST_F(Programs, DateUsesTheRuntimeClock) {
  // The virtual clock starts at 2026-01-01T00:00:00Z.
  EXPECT_EQ(Exec({"date", "+%Y-%m-%d %H:%M:%S"}).out, "2026-01-01 00:00:00\n");
  EXPECT_EQ(Exec({"date", "+%s"}).out, "1767225600\n");
}

TEST_F(Programs, SleepTakesClockTime) {
  uint32_t pid = 0;
  Result r = Exec({"sleep", "2"}, 1900 * kMs, &pid);
  EXPECT_FALSE(r.status.has_value());
  RunFor(200 * kMs);
  EXPECT_EQ(Exec({"sleep", "bad"}).err, "sleep: invalid number 'bad'\n");
}

TEST_F(Programs, SeqCounts) {
  EXPECT_EQ(Exec({"seq", "3"}).out, "1\n2\n3\n");
  EXPECT_EQ(Exec({"seq", "2", "2", "6"}).out, "2\n4\n6\n");
}

TEST_F(Programs, YesIntoHeadEndsThePipeline) {
  Result r = Exec({"sh", "-c", "yes | head -n 2"});
  EXPECT_EQ(r.out, "y\ny\n");
  EXPECT_EQ(r.status, 0);
}

TEST_F(Programs, PgrepAndKill) {
  ASSERT_TRUE(StartInit({"sh", "-c", "sleep 1000; echo after"}).ok());
  Result pg = Exec({"pgrep", "sleep"});
  ASSERT_EQ(pg.status, 0);
  EXPECT_EQ(pg.out, "2\n");
  // The sleep is not PID 1: TERM kills it (143) and the shell goes on.
  EXPECT_EQ(Exec({"kill", "2"}).status, 0);
  RunFor(kSecond);
  EXPECT_EQ(init_.out, "after\n");
  EXPECT_EQ(init_.status, 0);
  Result missing = Exec({"kill", "99"});
  EXPECT_EQ(missing.err, "kill: can't kill pid 99: No such process\n");
  EXPECT_EQ(missing.status, 1);
}

TEST_F(Programs, EnvPrintsAndRuns) {
  EXPECT_THAT(Exec({"env"}).out, HasSubstr("HOSTNAME=web-0\n"));
  EXPECT_EQ(Exec({"env", "A=1", "sh", "-c", "echo $A"}).out, "1\n");
}

}  // namespace
}  // namespace fakecri::testing
