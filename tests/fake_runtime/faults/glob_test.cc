// File: glob_test.cc
// Selector globs: the fast shapes and the general matcher agree with the
// usual shell semantics of '*' and '?'.
#include "fake_runtime/faults/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace fakecri::faults {
namespace {

struct Case {
  const char* pattern;
  const char* text;
  bool match;
};

TEST(Glob, MatchesLikeAShellPattern) {
  const Case cases[] = {
      {"", "", true},
      {"", "anything", true},
      {"*", "", true},
      {"**", "x", true},
      {"web", "web", true},
      {"web", "web-1", false},
      {"web-*", "web-1", true},
      {"web-*", "web-", true},
      {"web-*", "db-1", false},
      {"*-db", "pg-db", true},
      {"*-db", "pg-db-0", false},
      {"*ngin*", "docker.io/library/nginx:1.25", true},
      {"*ngin*", "httpd", false},
      {"w?b", "web", true},
      {"w?b", "wb", false},
      {"a*b*c", "aXXbYYc", true},
      {"a*b*c", "aXXcYYb", false},
      {"a*b?c", "abbbxc", true},
      {"*a*a*a", "aaaaaaaaaaaaaaaaaaab", false},
      {"Pull*", "PullImage", true},
      {"Pull*", "ListImages", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.pattern) + " ~ " + c.text);
    EXPECT_EQ(Glob(c.pattern).Matches(c.text), c.match);
    // The general matcher is the reference for every shape ("" excepted:
    // as a selector it means "any").
    if (*c.pattern != '\0') {
      EXPECT_EQ(GlobMatch(c.pattern, c.text), c.match);
    }
  }
}

TEST(Glob, EmptyAndStarMatchEverything) {
  EXPECT_TRUE(Glob().MatchesEverything());
  EXPECT_TRUE(Glob("*").MatchesEverything());
  EXPECT_FALSE(Glob("a*").MatchesEverything());
  EXPECT_TRUE(HasWildcard("a?"));
  EXPECT_FALSE(HasWildcard("PullImage"));
}

}  // namespace
}  // namespace fakecri::faults
