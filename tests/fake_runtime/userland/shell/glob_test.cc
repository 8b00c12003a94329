// File: glob_test.cc
// Tests for GlobMatch: wildcards, bracket expressions, escapes, and a
// pathological pattern that must stay fast.
#include <gtest/gtest.h>

#include <string>

#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

TEST(ShellGlob, LiteralPatternsMatchExactly) {
  EXPECT_TRUE(GlobMatch("abc", "abc"));
  EXPECT_FALSE(GlobMatch("abc", "abcd"));
  EXPECT_FALSE(GlobMatch("abc", "ab"));
  EXPECT_TRUE(GlobMatch("", ""));
  EXPECT_FALSE(GlobMatch("", "a"));
}

TEST(ShellGlob, StarMatchesAnyRunIncludingEmpty) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("*", "anything/at all"));
  EXPECT_TRUE(GlobMatch("*.sh", "run.sh"));
  EXPECT_FALSE(GlobMatch("*.sh", "run.shx"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(GlobMatch("a*b*c", "abc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "acb"));
  EXPECT_TRUE(GlobMatch("**x", "yyx"));
  EXPECT_TRUE(GlobMatch("*ab", "aab"));
}

TEST(ShellGlob, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(GlobMatch("?", "a"));
  EXPECT_FALSE(GlobMatch("?", ""));
  EXPECT_FALSE(GlobMatch("?", "ab"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
}

TEST(ShellGlob, BracketSetsAndRanges) {
  EXPECT_TRUE(GlobMatch("[abc]", "b"));
  EXPECT_FALSE(GlobMatch("[abc]", "d"));
  EXPECT_TRUE(GlobMatch("[a-z]x", "qx"));
  EXPECT_FALSE(GlobMatch("[a-z]x", "Qx"));
  EXPECT_TRUE(GlobMatch("[0-9][0-9]", "42"));
  EXPECT_TRUE(GlobMatch("[a-cx-z]", "y"));
}

TEST(ShellGlob, NegatedBrackets) {
  EXPECT_TRUE(GlobMatch("[!x]", "y"));
  EXPECT_FALSE(GlobMatch("[!x]", "x"));
  EXPECT_TRUE(GlobMatch("[^0-9]", "a"));
  EXPECT_FALSE(GlobMatch("[^0-9]", "5"));
}

TEST(ShellGlob, BracketEdgeCases) {
  // A leading ']' is a member; a trailing '-' is literal.
  EXPECT_TRUE(GlobMatch("[]a]", "]"));
  EXPECT_TRUE(GlobMatch("[!]]", "a"));
  EXPECT_FALSE(GlobMatch("[!]]", "]"));
  EXPECT_TRUE(GlobMatch("[a-]", "-"));
  // Without a closing bracket '[' is an ordinary character.
  EXPECT_TRUE(GlobMatch("[ab", "[ab"));
  EXPECT_FALSE(GlobMatch("[ab", "a"));
}

TEST(ShellGlob, CharacterClasses) {
  EXPECT_TRUE(GlobMatch("[[:digit:]]*", "7up"));
  EXPECT_FALSE(GlobMatch("[[:digit:]]*", "up"));
  EXPECT_TRUE(GlobMatch("[[:alpha:]_]", "_"));
  EXPECT_TRUE(GlobMatch("[![:space:]]", "x"));
  EXPECT_FALSE(GlobMatch("[![:space:]]", " "));
}

TEST(ShellGlob, BackslashMakesTheNextCharacterLiteral) {
  EXPECT_TRUE(GlobMatch("\\*", "*"));
  EXPECT_FALSE(GlobMatch("\\*", "a"));
  EXPECT_TRUE(GlobMatch("a\\?", "a?"));
  EXPECT_FALSE(GlobMatch("a\\?", "ab"));
  EXPECT_TRUE(GlobMatch("\\[a]", "[a]"));
  EXPECT_TRUE(GlobMatch("[\\]]", "]"));
  EXPECT_TRUE(GlobMatch("\\\\", "\\"));
}

TEST(ShellGlob, PathologicalPatternStaysLinearish) {
  std::string text(5000, 'a');
  std::string pattern;
  for (int i = 0; i < 50; ++i) pattern += "a*";
  pattern += "b";
  EXPECT_FALSE(GlobMatch(pattern, text));
  EXPECT_TRUE(GlobMatch(pattern, text + "b"));
}

}  // namespace
}  // namespace fakecri::userland::sh
