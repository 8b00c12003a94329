// File: arith_test.cc
// Tests for EvalArith: literals, precedence, variables, assignments,
// short-circuiting, wrap-around and ash's error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "fake_runtime/userland/shell/parser.h"
#include "testing/status_matchers.h"

namespace fakecri::userland::sh {
namespace {

using ::fakecri::testing::StatusIs;

class MapEnv : public ArithEnv {
 public:
  std::string Get(std::string_view name) override {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? "" : it->second;
  }
  void Set(std::string_view name, std::string value) override {
    vars[std::string(name)] = std::move(value);
  }
  std::map<std::string, std::string> vars;
};

int64_t Eval(std::string_view expr, MapEnv& env) {
  absl::StatusOr<int64_t> value = EvalArith(expr, env);
  EXPECT_TRUE(value.ok()) << expr << ": " << value.status();
  return value.ok() ? *value : -999999;
}

int64_t Eval(std::string_view expr) {
  MapEnv env;
  return Eval(expr, env);
}

std::string ErrorOf(std::string_view expr, MapEnv& env) {
  absl::StatusOr<int64_t> value = EvalArith(expr, env);
  if (value.ok()) return "value " + std::to_string(*value);
  EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(value.status().message());
}

std::string ErrorOf(std::string_view expr) {
  MapEnv env;
  return ErrorOf(expr, env);
}

TEST(ShellArith, Literals) {
  EXPECT_EQ(Eval("42"), 42);
  EXPECT_EQ(Eval("0x1f"), 31);
  EXPECT_EQ(Eval("0X10"), 16);
  EXPECT_EQ(Eval("010"), 8);
  EXPECT_EQ(Eval("0"), 0);
  EXPECT_EQ(Eval("00"), 0);
  EXPECT_EQ(Eval("2#101"), 5);
  EXPECT_EQ(Eval("16#ff"), 255);
  EXPECT_EQ(Eval("36#Z"), 35);
  EXPECT_EQ(Eval("64#Z"), 61);
  EXPECT_EQ(Eval("64#_"), 63);
}

TEST(ShellArith, EmptyExpressionIsZero) {
  EXPECT_EQ(Eval(""), 0);
  EXPECT_EQ(Eval("  \n "), 0);
}

TEST(ShellArith, InvalidLiteralsAreSyntaxErrors) {
  for (std::string_view bad : {"08", "09", "0x", "1a", "1#1", "65#1", "2#2"}) {
    EXPECT_EQ(ErrorOf(bad), "arithmetic syntax error") << bad;
  }
}

TEST(ShellArith, CPrecedenceAndAssociativity) {
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(Eval("10 - 4 - 3"), 3);
  EXPECT_EQ(Eval("100 / 10 / 5"), 2);
  EXPECT_EQ(Eval("1 < 2 == 1"), 1);
  EXPECT_EQ(Eval("1 | 2 ^ 3 & 4"), 1 | (2 ^ (3 & 4)));
  EXPECT_EQ(Eval("1 << 4 + 1"), 32);
  EXPECT_EQ(Eval("5 > 3 && 2 <= 2 || 0"), 1);
  EXPECT_EQ(Eval("2 ** 3 ** 2"), 512);
  EXPECT_EQ(Eval("-2 ** 2"), 4);
  EXPECT_EQ(Eval("2 * 3 ** 2"), 18);
}

TEST(ShellArith, UnaryOperators) {
  EXPECT_EQ(Eval("-5"), -5);
  EXPECT_EQ(Eval("+5"), 5);
  EXPECT_EQ(Eval("!0 + !7"), 1);
  EXPECT_EQ(Eval("~0"), -1);
  EXPECT_EQ(Eval("- -3"), 3);
  // Without a variable to change, "--" and "++" are two signs.
  EXPECT_EQ(Eval("3 -- 2"), 5);
  EXPECT_EQ(Eval("++5"), 5);
}

TEST(ShellArith, DivisionAndRemainderTruncateTowardZero) {
  EXPECT_EQ(Eval("-7 / 2"), -3);
  EXPECT_EQ(Eval("-7 % 2"), -1);
  EXPECT_EQ(Eval("5 % -3"), 2);
}

TEST(ShellArith, ComparisonsAndLogic) {
  EXPECT_EQ(Eval("3 != 3"), 0);
  EXPECT_EQ(Eval("3 >= 3"), 1);
  EXPECT_EQ(Eval("2 > 3"), 0);
  EXPECT_EQ(Eval("7 && 0"), 0);
  EXPECT_EQ(Eval("0 || 9"), 1);
}

TEST(ShellArith, TernaryAndComma) {
  EXPECT_EQ(Eval("1 ? 2 : 3"), 2);
  EXPECT_EQ(Eval("0 ? 2 : 3"), 3);
  EXPECT_EQ(Eval("0 ? 1 : 2 ? 3 : 4"), 3);
  EXPECT_EQ(Eval("(1, 2)"), 2);
  EXPECT_EQ(ErrorOf("1 ? 2"), "malformed ?: operator");
}

TEST(ShellArith, VariablesByNameAndDollar) {
  MapEnv env;
  env.vars["x"] = "3";
  env.vars["n"] = " 12 ";
  EXPECT_EQ(Eval("x * 2", env), 6);
  EXPECT_EQ(Eval("$x * 2", env), 6);
  EXPECT_EQ(Eval("${x} + 1", env), 4);
  EXPECT_EQ(Eval("n + 1", env), 13);
  EXPECT_EQ(Eval("unset_var + 1", env), 1);
  env.vars["empty"] = "";
  EXPECT_EQ(Eval("empty", env), 0);
  env.vars["1"] = "7";
  EXPECT_EQ(Eval("$1 + 1", env), 8);
}

TEST(ShellArith, VariableValuesAreExpressionsAsInAsh) {
  MapEnv env;
  env.vars["x"] = "1+2";
  EXPECT_EQ(Eval("x * 2", env), 6);
  env.vars["y"] = "z";
  env.vars["z"] = "4";
  EXPECT_EQ(Eval("y", env), 4);
  env.vars["bad"] = "3 4";
  EXPECT_EQ(ErrorOf("bad + 1", env), "arithmetic syntax error");
  env.vars["oct"] = "08";
  EXPECT_EQ(ErrorOf("oct", env), "arithmetic syntax error");
}

TEST(ShellArith, SelfReferenceIsARecursionError) {
  MapEnv env;
  env.vars["x"] = "x";
  EXPECT_EQ(ErrorOf("x", env), "expression recursion loop detected");
  env.vars["a"] = "b";
  env.vars["b"] = "a + 1";
  EXPECT_EQ(ErrorOf("a", env), "expression recursion loop detected");
}

TEST(ShellArith, AssignmentsCallSet) {
  MapEnv env;
  EXPECT_EQ(Eval("x = 5", env), 5);
  EXPECT_EQ(env.vars["x"], "5");
  EXPECT_EQ(Eval("x += 2", env), 7);
  EXPECT_EQ(Eval("x -= 1", env), 6);
  EXPECT_EQ(Eval("x *= 3", env), 18);
  EXPECT_EQ(Eval("x /= 4", env), 4);
  EXPECT_EQ(Eval("x %= 3", env), 1);
  EXPECT_EQ(Eval("x <<= 3", env), 8);
  EXPECT_EQ(Eval("x >>= 1", env), 4);
  EXPECT_EQ(Eval("x |= 3", env), 7);
  EXPECT_EQ(Eval("x &= 5", env), 5);
  EXPECT_EQ(Eval("x ^= 1", env), 4);
  EXPECT_EQ(env.vars["x"], "4");
  EXPECT_EQ(Eval("a = b = 2", env), 2);
  EXPECT_EQ(env.vars["a"], "2");
  EXPECT_EQ(env.vars["b"], "2");
  EXPECT_EQ(Eval("x == 4", env), 1);  // comparison, not assignment
  EXPECT_EQ(env.vars["x"], "4");
}

TEST(ShellArith, IncrementAndDecrement) {
  MapEnv env;
  env.vars["x"] = "5";
  EXPECT_EQ(Eval("x++ + ++x", env), 12);
  EXPECT_EQ(env.vars["x"], "7");
  EXPECT_EQ(Eval("x--", env), 7);
  EXPECT_EQ(Eval("--x", env), 5);
  EXPECT_EQ(Eval("y++", env), 0);
  EXPECT_EQ(env.vars["y"], "1");
}

TEST(ShellArith, AssignmentToANonVariableIsASyntaxError) {
  EXPECT_EQ(ErrorOf("1 = 2"), "arithmetic syntax error");
  EXPECT_EQ(ErrorOf("5++"), "arithmetic syntax error");
  EXPECT_EQ(ErrorOf("x ="), "arithmetic syntax error");
}

TEST(ShellArith, ShortCircuitSkipsSideEffectsAndErrors) {
  MapEnv env;
  EXPECT_EQ(Eval("0 && (y = 5)", env), 0);
  EXPECT_EQ(Eval("1 || (z = 5)", env), 1);
  EXPECT_EQ(Eval("1 ? 5 : 1 / 0", env), 5);
  EXPECT_EQ(Eval("0 ? w++ : 6", env), 6);
  EXPECT_EQ(Eval("0 && 1 / 0", env), 0);
  EXPECT_EQ(env.vars.count("y"), 0u);
  EXPECT_EQ(env.vars.count("z"), 0u);
  EXPECT_EQ(env.vars.count("w"), 0u);
  // Skipped code must still be well-formed.
  EXPECT_EQ(ErrorOf("0 && (1 +)"), "arithmetic syntax error");
}

TEST(ShellArith, DivideByZero) {
  EXPECT_EQ(ErrorOf("1 / 0"), "divide by zero");
  EXPECT_EQ(ErrorOf("1 % 0"), "divide by zero");
  MapEnv env;
  env.vars["x"] = "5";
  EXPECT_EQ(ErrorOf("x /= 0", env), "divide by zero");
  EXPECT_EQ(env.vars["x"], "5");
}

TEST(ShellArith, SixtyFourBitWrapAround) {
  EXPECT_EQ(Eval("9223372036854775807 + 1"), INT64_MIN);
  EXPECT_EQ(Eval("-9223372036854775807 - 1"), INT64_MIN);
  EXPECT_EQ(Eval("(-9223372036854775807 - 1) / -1"), INT64_MIN);
  EXPECT_EQ(Eval("(-9223372036854775807 - 1) % -1"), 0);
  EXPECT_EQ(Eval("0x7fffffffffffffff * 2"), -2);
  EXPECT_EQ(Eval("1 << 63"), INT64_MIN);
  EXPECT_EQ(Eval("1 << 64"), 1);
  EXPECT_EQ(Eval("-8 >> 1"), -4);
  EXPECT_EQ(Eval("2 ** 64"), 0);
}

TEST(ShellArith, NegativeExponentIsAnError) {
  EXPECT_EQ(ErrorOf("2 ** -1"), "exponent less than 0");
  EXPECT_EQ(Eval("2 ** 0"), 1);
}

TEST(ShellArith, SyntaxErrors) {
  for (std::string_view bad :
       {"1 +", "1 2", "(1", "1)", "!0 ~0", "1 , ", "*", "x +* 2", "$", "@"}) {
    EXPECT_EQ(ErrorOf(bad), "arithmetic syntax error") << bad;
  }
}

TEST(ShellArith, NewlinesAndTabsAreBlanks) { EXPECT_EQ(Eval("1 +\n\t2"), 3); }

TEST(ShellArith, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  EXPECT_THAT(EvalArith(deep, *std::make_unique<MapEnv>()),
              StatusIs(absl::StatusCode::kInvalidArgument, "syntax error"));
  std::string minus(100000, '-');
  MapEnv env;
  EXPECT_EQ(ErrorOf(minus + "1", env), "arithmetic syntax error");
  std::string chain;
  for (int i = 0; i < 50000; ++i) chain += "2**";
  EXPECT_EQ(ErrorOf(chain + "1", env), "arithmetic syntax error");
  std::string assign;
  for (int i = 0; i < 50000; ++i) assign += "a=";
  EXPECT_EQ(ErrorOf(assign + "1", env), "arithmetic syntax error");
  std::string ternary;
  for (int i = 0; i < 50000; ++i) ternary += "0?1:";
  EXPECT_EQ(ErrorOf(ternary + "1", env), "arithmetic syntax error");
}

}  // namespace
}  // namespace fakecri::userland::sh
