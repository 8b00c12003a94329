// File: distribution.h
// LatencyDistribution: how long an injected delay lasts, as a small value
// type with a text form. Samples are computed here from raw 64-bit draws
// (not with <random> distributions, whose algorithms are implementation-
// defined), so a seed gives the same latencies with any standard library.
//
// Text forms (parameters are Go-style durations unless noted):
//   300ms                  fixed
//   uniform(1s,2s)         uniform in [min, max)
//   normal(2s,500ms)       mean, standard deviation; negative draws give 0
//   lognormal(1s,5s)       median, 99th percentile (p99 >= median): "usually
//                          about 1s, one call in a hundred takes 5s or more"
//   exponential(200ms)     mean
//   pareto(100ms,1.5)      scale (the minimum), shape (a number > 0; the
//                          smaller, the heavier the tail)
// Any of them may add a per-MiB term for image pulls, "<duration>/MiB":
//   "2s + 8ms/MiB"  or just "8ms/MiB" (no base latency).
// Samples are clamped to [0, 8760h] so that heavy tails stay representable.
#ifndef FAKECRI_FAULTS_DISTRIBUTION_H_
#define FAKECRI_FAULTS_DISTRIBUTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/common/random.h"
#include "fake_runtime/faults/duration.h"

namespace fakecri::faults {

// The upper clamp of every sample: one year.
inline constexpr DurationNs kMaxSampleNs = 8760LL * 3600 * 1'000'000'000;

// Uniform in [0, 1) from the top 53 bits of one draw.
double UnitUniform(runtime::RandomStream& rng);

class LatencyDistribution {
 public:
  enum class Kind : uint8_t {
    kFixed,
    kUniform,
    kNormal,
    kLogNormal,
    kExponential,
    kPareto,
  };

  // Fixed zero.
  LatencyDistribution() = default;

  // Builders store their arguments unchecked; Validate() (and Parse) say
  // what is wrong with them.
  static LatencyDistribution Fixed(DurationNs d);
  static LatencyDistribution Uniform(DurationNs min, DurationNs max);
  static LatencyDistribution Normal(DurationNs mean, DurationNs stddev);
  static LatencyDistribution LogNormal(DurationNs median, DurationNs p99);
  static LatencyDistribution Exponential(DurationNs mean);
  static LatencyDistribution Pareto(DurationNs scale, double shape);
  LatencyDistribution WithPerMib(DurationNs per_mib) const;

  // Reads the text forms above. Errors are InvalidArgument and say which
  // form was expected.
  static absl::StatusOr<LatencyDistribution> Parse(std::string_view text);

  // OK, or InvalidArgument naming the bad parameter ("uniform max (1s) is
  // less than min (2s)").
  absl::Status Validate() const;

  // One draw in nanoseconds, in [0, kMaxSampleNs], plus per_mib for every
  // MiB of `bytes` (pro rata). Consumes a fixed number of draws per kind:
  // fixed 0, uniform / exponential / pareto 1, normal / lognormal 2.
  DurationNs Sample(runtime::RandomStream& rng, uint64_t bytes = 0) const;

  // The text form; Parse(ToString()) == *this.
  std::string ToString() const;

  // True for a fixed zero with no per-MiB term.
  bool IsZero() const {
    return kind_ == Kind::kFixed && a_ == 0 && per_mib_ == 0;
  }

  Kind kind() const { return kind_; }
  // First / second duration parameter (fixed: value; uniform: min, max;
  // normal: mean, stddev; lognormal: median, p99; exponential: mean;
  // pareto: scale).
  DurationNs a() const { return a_; }
  DurationNs b() const { return b_; }
  double shape() const { return shape_; }
  DurationNs per_mib() const { return per_mib_; }

  bool operator==(const LatencyDistribution&) const = default;

 private:
  DurationNs SampleBase(runtime::RandomStream& rng) const;

  Kind kind_ = Kind::kFixed;
  DurationNs a_ = 0;
  DurationNs b_ = 0;
  double shape_ = 0;
  DurationNs per_mib_ = 0;
};

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_DISTRIBUTION_H_
