// The simulated shell, feature by feature, run as PID 1 of a userland on
// virtual time. Expected texts are what busybox ash prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "userland_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;

using Shell = UserlandTest;

TEST_F(Shell, EchoThenExitCode) {
  Result r = Sh("echo hi; exit 3");
  EXPECT_EQ(r.out, "hi\n");
  EXPECT_EQ(r.status, 3);
}

TEST_F(Shell, LastStatusIsTheScriptStatus) {
  EXPECT_EQ(Sh("true; false").status, 1);
}

TEST_F(Shell, AndOrChains) {
  Result r = Sh("false && echo no || echo yes; true || echo skipped");
  EXPECT_EQ(r.out, "yes\n");
  EXPECT_EQ(r.status, 0);
}

TEST_F(Shell, DollarQuestionMark) {
  EXPECT_EQ(Sh("false; echo $?; (exit 7); echo $?").out, "1\n7\n");
}

TEST_F(Shell, PipeFeedsTheNextCommand) {
  Result r = Sh("printf 'a\\nb\\nc\\n' | grep b | wc -l");
  EXPECT_EQ(r.out, "1\n");
  EXPECT_EQ(r.status, 0);
}

TEST_F(Shell, PipelineStatusIsTheLastCommands) {
  EXPECT_EQ(Sh("false | true").status, 0);
  EXPECT_EQ(Sh("true | false").status, 1);
  EXPECT_EQ(Sh("! true | false").status, 0);
}

TEST_F(Shell, IfElifElse) {
  EXPECT_EQ(Sh("if false; then echo a; elif true; then echo b; else echo c; "
               "fi")
                .out,
            "b\n");
}

TEST_F(Shell, WhileLoopWithArithmetic) {
  EXPECT_EQ(Sh("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done").out,
            "0\n1\n2\n");
}

TEST_F(Shell, UntilLoopAndBreakContinue) {
  EXPECT_EQ(Sh("i=0; until [ $i -ge 10 ]; do i=$((i+1)); "
               "[ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo $i; "
               "done")
                .out,
            "1\n3\n");
}

TEST_F(Shell, ForLoopOverWords) {
  EXPECT_EQ(Sh("for x in a b c; do printf %s $x; done").out, "abc");
}

TEST_F(Shell, CaseMatchesGlobPatterns) {
  EXPECT_EQ(Sh("case web-0 in db*) echo db;; web-*|api) echo web;; esac").out,
            "web\n");
}

TEST_F(Shell, FunctionsTakeArguments) {
  EXPECT_EQ(
      Sh("greet() { echo \"hello $1\"; return 4; }; greet you; echo $?").out,
      "hello you\n4\n");
}

TEST_F(Shell, QuotingControlsFieldSplitting) {
  EXPECT_EQ(Sh("x='a   b'; echo \"$x\"; echo $x; echo '$x'").out,
            "a   b\na b\n$x\n");
}

TEST_F(Shell, ParameterDefaults) {
  EXPECT_EQ(Sh("echo ${UNSET:-dflt} ${#HOSTNAME}; : ${Y:=set}; echo $Y").out,
            "dflt 5\nset\n");
}

TEST_F(Shell, EnvironmentIsExported) {
  userland::UserlandConfig cfg;
  cfg.env = {"PATH=/bin", "GREETING=hi"};
  Make(cfg);
  EXPECT_EQ(Sh("echo $GREETING; env | grep GREETING").out, "hi\nGREETING=hi\n");
}

TEST_F(Shell, CommandSubstitution) {
  EXPECT_EQ(Sh("echo \"x$(echo y)z\" `echo w`").out, "xyz w\n");
}

TEST_F(Shell, RedirectionsWriteContainerFiles) {
  Result r =
      Sh("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l < /tmp/f");
  EXPECT_EQ(r.out, "one\ntwo\n2\n");
  fakecri::MutexLock l(&mu_);
  auto data = ul_->fs().ReadFile("/tmp/f", {});
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "one\ntwo\n");
}

TEST_F(Shell, StderrToStdout) {
  Result r = Sh("ls /nope 2>&1; echo status=$?");
  EXPECT_EQ(r.out, "ls: /nope: No such file or directory\nstatus=1\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Shell, DevNullSwallowsOutput) {
  Result r = Sh("echo hidden >/dev/null; cat /nope 2>/dev/null; echo $?");
  EXPECT_EQ(r.out, "1\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Shell, UnknownCommandIsNotFound127) {
  Result r = Sh("nosuch arg");
  EXPECT_EQ(r.err, "sh: nosuch: not found\n");
  EXPECT_EQ(r.status, 127);
}

TEST_F(Shell, SyntaxErrorExits2) {
  Result r = Sh("if true; then echo x");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("syntax error"));
  EXPECT_EQ(r.out, "");
}

TEST_F(Shell, ExitStatusWrapsAt256) { EXPECT_EQ(Sh("exit 257").status, 1); }

TEST_F(Shell, SetEStopsAtFirstFailure) {
  Result r = Sh("set -e; echo a; false; echo b");
  EXPECT_EQ(r.out, "a\n");
  EXPECT_EQ(r.status, 1);
}

TEST_F(Shell, ReadSplitsALine) {
  EXPECT_EQ(Sh("echo 'x y z' | { read a b; echo \"$b-$a\"; }").out, "y z-x\n");
}

TEST_F(Shell, BackgroundJobAndWait) {
  Result r =
      Sh("(sleep 2; echo late) & echo early; wait; echo done", 5 * kSecond);
  EXPECT_EQ(r.out, "early\nlate\ndone\n");
  EXPECT_EQ(r.status, 0);
}

TEST_F(Shell, ScriptFromAFile) {
  Make();
  {
    fakecri::MutexLock l(&mu_);
    ASSERT_TRUE(
        ul_->fs()
            .WriteFile("/tmp/s.sh", "echo \"$0 $1\"\nexit 5\n", false, {})
            .ok());
  }
  ASSERT_TRUE(StartInit({"sh", "/tmp/s.sh", "arg"}).ok());
  RunFor(kSecond);
  EXPECT_EQ(init_.out, "/tmp/s.sh arg\n");
  EXPECT_EQ(init_.status, 5);
}

TEST_F(Shell, MissingScriptFile) {
  ASSERT_TRUE(StartInit({"sh", "/nope.sh"}).ok());
  RunFor(kSecond);
  EXPECT_EQ(init_.err,
            "sh: can't open '/nope.sh': No such file or directory\n");
  EXPECT_EQ(init_.status, 2);
}

TEST_F(Shell, NoCommandAndNoInputExitsAtOnce) {
  // busybox's default command: sh with nothing on stdin.
  ASSERT_TRUE(StartInit({"sh"}).ok());
  EXPECT_EQ(init_.status, 0);
}

TEST_F(Shell, GlobExpandsAgainstTheFilesystem) {
  EXPECT_EQ(Sh("touch /tmp/a.log /tmp/b.log /tmp/c.txt; echo /tmp/*.log").out,
            "/tmp/a.log /tmp/b.log\n");
}

}  // namespace
}  // namespace fakecri::testing

namespace fakecri::testing {
namespace {

TEST_F(Shell, HereDocumentFeedsStdin) {
  EXPECT_EQ(
      Sh("name=x\ncat <<EOF\nhello $name\nEOF\ncat <<'EOF'\n$name\nEOF").out,
      "hello x\n$name\n");
}

TEST_F(Shell, PrefixSuffixRemovalAndSubstrings) {
  EXPECT_EQ(Sh("f=/a/b/c.tar.gz; echo ${f##*/} ${f%.*} ${f%%.*} ${f#/a/}; "
               "s=hello; echo ${s:1:3} ${s/l/L} ${s//l/L}")
                .out,
            "c.tar.gz /a/b/c.tar /a/b/c b/c.tar.gz\nell heLlo heLLo\n");
}

}  // namespace
}  // namespace fakecri::testing

namespace fakecri::testing {
namespace {

TEST_F(Shell, RunawayRecursionIsAnErrorNotACrash) {
  Result r = Sh("f() { f; }; f; echo never");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("function nesting too deep"));
  Result e = Sh("x='eval \"$x\"'; eval \"$x\"");
  EXPECT_THAT(e.err, ::testing::HasSubstr("eval: nesting too deep"));
}

}  // namespace
}  // namespace fakecri::testing
