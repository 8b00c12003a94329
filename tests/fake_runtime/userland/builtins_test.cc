// File: builtins_test.cc
// The shell's builtin table: what it names, and that the builtins which
// are also programs find their program.
#include "fake_runtime/userland/shell/builtins.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_runtime/userland/process/program.h"
#include "userland_fixture.h"

namespace fakecri::testing {
namespace {

using ::fakecri::userland::FindBuiltinProgram;
using ::fakecri::userland::sh::BuiltinNames;
using ::fakecri::userland::sh::FindBuiltin;
using ::testing::ElementsAre;

TEST(ShellBuiltins, TableNamesEveryBuiltin) {
  EXPECT_THAT(
      BuiltinNames(),
      ElementsAre(".", ":", "[", "break", "cd", "command", "continue", "echo",
                  "eval", "exec", "exit", "export", "false", "kill", "local",
                  "printf", "pwd", "read", "readonly", "return", "set", "shift",
                  "source", "test", "trap", "true", "type", "unset", "wait"));
}

TEST(ShellBuiltins, ProgramsAndUnknownNamesAreNotBuiltins) {
  EXPECT_EQ(FindBuiltin("sleep"), nullptr);
  EXPECT_EQ(FindBuiltin("sh"), nullptr);
  EXPECT_EQ(FindBuiltin(""), nullptr);
  EXPECT_EQ(FindBuiltin("exitt"), nullptr);
  ASSERT_NE(FindBuiltin("cd"), nullptr);
  EXPECT_EQ(FindBuiltin("cd")->name, "cd");
}

TEST(ShellBuiltins, InShellProgramsAreRegisteredPrograms) {
  // These run a program's code inside the shell; each must have one.
  for (const char* name :
       {"echo", "printf", "test", "[", "true", "false", "kill"}) {
    EXPECT_NE(FindBuiltinProgram(name), nullptr) << name;
  }
}

using ShellBuiltin = UserlandTest;

TEST_F(ShellBuiltin, CommandSkipsAFunctionOfTheSameName) {
  Result r = Sh("echo() { printf 'fn\\n'; }; echo a; command echo b");
  EXPECT_EQ(r.out, "fn\nb\n");
  EXPECT_EQ(r.status, 0);
}

TEST_F(ShellBuiltin, CommandRunsAProgramWhenNoBuiltinHasTheName) {
  Result r = Sh("command seq 2; command -v seq; command nosuch");
  EXPECT_EQ(r.out, "1\n2\n/bin/seq\n");
  EXPECT_EQ(r.status, 127);
}

}  // namespace
}  // namespace fakecri::testing
