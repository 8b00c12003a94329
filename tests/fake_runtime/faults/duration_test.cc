// File: duration_test.cc
// Go-style duration parsing and formatting, including the round trip.
#include "fake_runtime/faults/duration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "fake_runtime/common/random.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;

constexpr DurationNs kUs = 1'000;
constexpr DurationNs kMs = 1'000'000;
constexpr DurationNs kS = 1'000'000'000;

DurationNs Parsed(const std::string& text) {
  absl::StatusOr<DurationNs> d = ParseDuration(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status();
  return d.ok() ? *d : -1;
}

TEST(ParseDuration, ReadsGoStyleDurations) {
  EXPECT_EQ(Parsed("300ms"), 300 * kMs);
  EXPECT_EQ(Parsed("2s"), 2 * kS);
  EXPECT_EQ(Parsed("1m30s"), 90 * kS);
  EXPECT_EQ(Parsed("1.5s"), 1500 * kMs);
  EXPECT_EQ(Parsed("250us"), 250 * kUs);
  EXPECT_EQ(Parsed("250\xC2\xB5s"), 250 * kUs);  // micro sign
  EXPECT_EQ(Parsed("10ns"), 10);
  EXPECT_EQ(Parsed("1h"), 3600 * kS);
  EXPECT_EQ(Parsed("1h30m0.25s"), 5400 * kS + 250 * kMs);
  EXPECT_EQ(Parsed(".5s"), 500 * kMs);
  EXPECT_EQ(Parsed("0"), 0);
  EXPECT_EQ(Parsed("+2s"), 2 * kS);
  EXPECT_EQ(Parsed("-1.5ms"), -1500 * kUs);
}

TEST(ParseDuration, TruncatesFractionsBelowANanosecondLikeGo) {
  EXPECT_EQ(Parsed("1.9ns"), 1);
  EXPECT_EQ(Parsed("0.0000000019s"), 1);
}

TEST(ParseDuration, RejectsMalformedTextAndQuotesIt) {
  for (const char* bad :
       {"soon", "", "10", "1x", "s", "1..5s", "--1s", "1s2", "ms", "1 s"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(ParseDuration(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                             std::string("'") + bad + "'"));
  }
  EXPECT_THAT(ParseDuration("5d"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "unknown unit 'd'; expected one of ns, us, ms, s, m, "
                       "h"));
  EXPECT_THAT(ParseDuration("10"),
              StatusIs(absl::StatusCode::kInvalidArgument, "missing unit"));
}

TEST(ParseDuration, RejectsValuesBeyondInt64Nanoseconds) {
  EXPECT_THAT(ParseDuration("2562048h"),
              StatusIs(absl::StatusCode::kInvalidArgument, "out of range"));
  EXPECT_THAT(ParseDuration("9223372036854775808ns"),
              StatusIs(absl::StatusCode::kInvalidArgument, "out of range"));
  EXPECT_EQ(Parsed("9223372036854775807ns"),
            std::numeric_limits<DurationNs>::max());
  EXPECT_EQ(Parsed("-9223372036854775808ns"),
            std::numeric_limits<DurationNs>::min());
}

TEST(FormatDuration, UsesTheShortestReadableForm) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(10), "10ns");
  EXPECT_EQ(FormatDuration(1500), "1.5us");
  EXPECT_EQ(FormatDuration(250 * kUs), "250us");
  EXPECT_EQ(FormatDuration(1500 * kUs), "1.5ms");
  EXPECT_EQ(FormatDuration(300 * kMs), "300ms");
  EXPECT_EQ(FormatDuration(2 * kS), "2s");
  EXPECT_EQ(FormatDuration(1500 * kMs), "1.5s");
  EXPECT_EQ(FormatDuration(90 * kS), "1m30s");
  EXPECT_EQ(FormatDuration(3605 * kS), "1h5s");
  EXPECT_EQ(FormatDuration(7200 * kS), "2h");
  EXPECT_EQ(FormatDuration(-250 * kUs), "-250us");
  EXPECT_EQ(FormatDuration(kS + 1), "1.000000001s");
}

TEST(FormatDuration, ParsesBackToTheSameValue) {
  runtime::RandomStream rng(7, "duration_test");
  std::vector<DurationNs> values = {std::numeric_limits<DurationNs>::max(),
                                    std::numeric_limits<DurationNs>::min(),
                                    1,
                                    -1,
                                    999,
                                    1000,
                                    999'999'999,
                                    kS};
  for (int i = 0; i < 2000; ++i) {
    // Spread over magnitudes: ns to decades.
    const uint64_t r = rng.Next();
    values.push_back(static_cast<DurationNs>(r >> (1 + r % 63)) *
                     ((r & 1) != 0 ? -1 : 1));
  }
  for (DurationNs d : values) {
    const std::string text = FormatDuration(d);
    absl::StatusOr<DurationNs> back = ParseDuration(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status();
    EXPECT_EQ(*back, d) << text;
  }
}

}  // namespace
}  // namespace fakecri::faults
