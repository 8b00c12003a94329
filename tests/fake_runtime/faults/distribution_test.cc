// File: distribution_test.cc
// LatencyDistribution: text forms and their round trip, parameter
// validation, and sample statistics over 20,000 seeded draws.
#include "fake_runtime/faults/distribution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "fake_runtime/common/random.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;

constexpr DurationNs kMs = 1'000'000;
constexpr DurationNs kS = 1'000'000'000;
constexpr int kDraws = 20'000;

LatencyDistribution Dist(const std::string& text) {
  absl::StatusOr<LatencyDistribution> d = LatencyDistribution::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status();
  return d.ok() ? *d : LatencyDistribution();
}

struct Stats {
  double mean = 0;
  double stddev = 0;
  std::vector<DurationNs> sorted;
  double Quantile(double q) const {
    return static_cast<double>(
        sorted[static_cast<size_t>(q * static_cast<double>(sorted.size()))]);
  }
};

Stats Draw(const LatencyDistribution& d, uint64_t seed = 1) {
  runtime::RandomStream rng(seed, "distribution_test");
  Stats s;
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const DurationNs v = d.Sample(rng);
    s.sorted.push_back(v);
    sum += static_cast<double>(v);
    sum2 += static_cast<double>(v) * static_cast<double>(v);
  }
  std::sort(s.sorted.begin(), s.sorted.end());
  s.mean = sum / kDraws;
  s.stddev = std::sqrt(sum2 / kDraws - s.mean * s.mean);
  return s;
}

TEST(LatencyDistributionParse, ReadsEveryFormAndPrintsItBack) {
  const std::pair<const char*, const char*> cases[] = {
      {"300ms", "300ms"},
      {"fixed(2s)", "2s"},
      {"uniform(1s,2s)", "uniform(1s,2s)"},
      {" uniform( 1s , 2s ) ", "uniform(1s,2s)"},
      {"normal(2s,500ms)", "normal(2s,500ms)"},
      {"lognormal(1s,5s)", "lognormal(1s,5s)"},
      {"exponential(200ms)", "exponential(200ms)"},
      {"pareto(100ms,1.5)", "pareto(100ms,1.5)"},
      {"pareto(100ms,2)", "pareto(100ms,2)"},
      {"2s + 8ms/MiB", "2s + 8ms/MiB"},
      {"8ms/MiB", "8ms/MiB"},
      {"1.5ms/MiB+uniform(1s,1m30s)", "uniform(1s,1m30s) + 1.5ms/MiB"},
  };
  for (const auto& [text, canonical] : cases) {
    SCOPED_TRACE(text);
    const LatencyDistribution d = Dist(text);
    EXPECT_EQ(d.ToString(), canonical);
    EXPECT_EQ(Dist(d.ToString()), d);
  }
  const LatencyDistribution d = Dist("uniform(1s,2s) + 8ms/MiB");
  EXPECT_EQ(d.kind(), LatencyDistribution::Kind::kUniform);
  EXPECT_EQ(d.a(), kS);
  EXPECT_EQ(d.b(), 2 * kS);
  EXPECT_EQ(d.per_mib(), 8 * kMs);
}

TEST(LatencyDistributionParse, SaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty latency"},
      {"fast", "'fast' is neither a duration (like 300ms) nor a distribution"},
      {"gauss(1s,2s)", "unknown distribution 'gauss'"},
      {"uniform(2s)", "uniform takes 2 arguments (min,max), got 1"},
      {"uniform(1s,2s", "missing ')' after the arguments of uniform"},
      {"uniform(2s,1s)", "uniform max (1s) is less than min (2s)"},
      {"uniform(1s,later)", "uniform max: invalid duration 'later'"},
      {"normal(1s,-1s)", "normal stddev must not be negative, got -1s"},
      {"lognormal(1s,500ms)",
       "lognormal p99 (500ms) is less than the median (1s)"},
      {"lognormal(0s,1s)", "lognormal median must be positive, got 0s"},
      {"pareto(0s,1.5)", "pareto scale must be positive, got 0s"},
      {"pareto(1s,-2)", "pareto shape must be a positive number, got -2"},
      {"pareto(1s,heavy)", "pareto shape: expected a number like 1.5"},
      {"-5ms", "latency must not be negative, got -5ms"},
      {"1s + 2s", "more than one base latency"},
      {"1ms/MiB + 2ms/MiB", "more than one per-MiB term"},
      {"1s +", "empty term around '+'"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    EXPECT_THAT(LatencyDistribution::Parse(text),
                StatusIs(absl::StatusCode::kInvalidArgument, message));
  }
}

TEST(LatencyDistributionSample, FixedIsExact) {
  const Stats s = Draw(Dist("300ms"));
  EXPECT_EQ(s.sorted.front(), 300 * kMs);
  EXPECT_EQ(s.sorted.back(), 300 * kMs);
}

TEST(LatencyDistributionSample, UniformCoversItsRangeEvenly) {
  const Stats s = Draw(Dist("uniform(1s,2s)"));
  EXPECT_GE(s.sorted.front(), kS);
  EXPECT_LT(s.sorted.back(), 2 * kS);
  EXPECT_NEAR(s.mean, 1.5e9, 0.01e9);
  EXPECT_NEAR(s.stddev, 1e9 / std::sqrt(12.0), 0.01e9);
  EXPECT_NEAR(s.Quantile(0.25), 1.25e9, 0.02e9);
}

TEST(LatencyDistributionSample, NormalHasItsMeanAndStddev) {
  const Stats s = Draw(Dist("normal(2s,500ms)"));
  EXPECT_NEAR(s.mean, 2e9, 0.02e9);
  EXPECT_NEAR(s.stddev, 0.5e9, 0.015e9);
  EXPECT_NEAR(s.Quantile(0.5), 2e9, 0.03e9);
}

TEST(LatencyDistributionSample, NormalIsClampedAtZero) {
  const Stats s = Draw(Dist("normal(100ms,1s)"));
  EXPECT_EQ(s.sorted.front(), 0);
  // About 46% of a N(0.1, 1) falls below zero.
  EXPECT_NEAR(s.Quantile(0.40), 0, 0);
  EXPECT_GT(s.Quantile(0.50), 0);
}

TEST(LatencyDistributionSample, LogNormalHasItsMedianAndP99) {
  const Stats s = Draw(Dist("lognormal(1s,5s)"));
  EXPECT_NEAR(s.Quantile(0.5), 1e9, 0.04e9);
  EXPECT_NEAR(s.Quantile(0.99), 5e9, 0.5e9);
  EXPECT_GT(s.sorted.front(), 0);
}

TEST(LatencyDistributionSample, ExponentialHasItsMean) {
  const Stats s = Draw(Dist("exponential(200ms)"));
  EXPECT_NEAR(s.mean, 200e6, 6e6);
  EXPECT_NEAR(s.stddev, 200e6, 10e6);
  EXPECT_NEAR(s.Quantile(0.5), 200e6 * std::log(2.0), 8e6);
}

TEST(LatencyDistributionSample, ParetoStartsAtItsScaleWithTheRightMean) {
  // Mean of Pareto(scale, shape) = shape * scale / (shape - 1) = 150ms.
  const Stats s = Draw(Dist("pareto(100ms,3)"));
  EXPECT_GE(s.sorted.front(), 100 * kMs);
  EXPECT_NEAR(s.mean, 150e6, 4e6);
  // Median = scale * 2^(1/shape).
  EXPECT_NEAR(s.Quantile(0.5), 100e6 * std::pow(2.0, 1.0 / 3), 3e6);
}

TEST(LatencyDistributionSample, HeavyTailsAreClamped) {
  const Stats s = Draw(Dist("pareto(1h,0.01)"));
  EXPECT_EQ(s.sorted.back(), kMaxSampleNs);
  EXPECT_GE(s.sorted.front(), 3600 * kS);
}

TEST(LatencyDistributionSample, PerMibAddsInProportionToTheSize) {
  runtime::RandomStream rng(1, "per_mib");
  const LatencyDistribution d = Dist("1s + 8ms/MiB");
  EXPECT_EQ(d.Sample(rng, 10 * 1024 * 1024), 1080 * kMs);
  EXPECT_EQ(d.Sample(rng, 512 * 1024), 1004 * kMs);
  EXPECT_EQ(d.Sample(rng), kS);
}

TEST(LatencyDistributionSample, DependsOnlyOnTheSeed) {
  // Pinned draws: the algorithms sit on mt19937_64 (fully specified by the
  // standard) and closed forms, so these hold on every platform.
  runtime::RandomStream rng(42, "pinned");
  const LatencyDistribution u = Dist("uniform(0s,1s)");
  std::vector<DurationNs> got;
  for (int i = 0; i < 3; ++i) got.push_back(u.Sample(rng));
  runtime::RandomStream again(42, "pinned");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(u.Sample(again), got[i]);
  EXPECT_THAT(got, ::testing::ElementsAre(116155130, 293114320, 618122671));

  // Each kind consumes a fixed number of draws, so a stream's position
  // after N samples does not depend on the values drawn.
  runtime::RandomStream a(5, "x");
  runtime::RandomStream b(5, "x");
  Dist("normal(1s,1s)").Sample(a);
  b.Next();
  b.Next();
  EXPECT_EQ(a.Next(), b.Next());
}

}  // namespace
}  // namespace fakecri::faults
