// File: duration_test.cc
#include "scenario/duration.h"

#include <gtest/gtest.h>

namespace fakecri::scenario {
namespace {

TEST(ScenarioDuration, ParsesGoStyleDurations) {
  EXPECT_EQ(*ParseDuration("300ms"), 300 * kMillisecond);
  EXPECT_EQ(*ParseDuration("1m30s"), 90 * kSecond);
  EXPECT_EQ(*ParseDuration("1.5s"), 1500 * kMillisecond);
  EXPECT_EQ(*ParseDuration("250us"), 250'000);
  EXPECT_EQ(*ParseDuration("2h"), 7200 * kSecond);
  EXPECT_EQ(*ParseDuration("0"), 0);
}

TEST(ScenarioDuration, RejectsNumbersWithoutUnitsAndGarbage) {
  for (const char* bad :
       {"", "10", "1.2.3s", "s", "5 s", "-1s", "3d", "1e3s"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
  EXPECT_FALSE(ParseDuration("9000h").ok());
}

TEST(ScenarioDuration, FormatsShortestExactText) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(90 * kSecond), "1m30s");
  EXPECT_EQ(FormatDuration(1500 * kMillisecond), "1.5s");
  EXPECT_EQ(FormatDuration(250 * kMillisecond), "250ms");
  EXPECT_EQ(FormatDuration(3600 * kSecond), "1h");
  EXPECT_EQ(FormatOffset(12 * kSecond + 3 * kMillisecond), "+12.003s");
}

}  // namespace
}  // namespace fakecri::scenario
