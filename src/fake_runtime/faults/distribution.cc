// File: distribution.cc
// Parsing, validation, sampling and formatting of LatencyDistribution.
// Sampling uses closed forms (inverse CDFs and Box-Muller) over
// RandomStream::Next(), never <random> distributions, so that the numbers
// depend only on the seed.
#include "fake_runtime/faults/distribution.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::faults {
namespace {

using Kind = LatencyDistribution::Kind;

constexpr double kPi = 3.14159265358979323846;
// The standard normal's 99th percentile: lognormal(median, p99) has
// sigma = ln(p99 / median) / kZ99.
constexpr double kZ99 = 2.3263478740408408;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr std::string_view kPerMibSuffix = "/MiB";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits on `sep` outside parentheses.
std::vector<std::string_view> SplitTopLevel(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (s[i] == sep && depth == 0) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

DurationNs ClampToNs(double x) {
  if (!(x > 0)) return 0;  // also NaN
  if (x >= static_cast<double>(kMaxSampleNs)) return kMaxSampleNs;
  return static_cast<DurationNs>(std::llround(x));
}

// Shortest text that reads back as the same double.
std::string FormatNumber(double v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), v);
  if (r.ec != std::errc()) return "?";
  return std::string(buf, r.ptr);
}

// A standard normal deviate from two draws (Box-Muller, cosine branch).
double StandardNormal(runtime::RandomStream& rng) {
  const double u1 = 1.0 - UnitUniform(rng);  // (0, 1]: log is finite
  const double u2 = UnitUniform(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

absl::StatusOr<DurationNs> Arg(std::string_view name, std::string_view what,
                               std::string_view text) {
  absl::StatusOr<DurationNs> d = ParseDuration(text);
  if (!d.ok()) {
    return absl::InvalidArgumentError(
        StrCat(name, " ", what, ": ", d.status().message()));
  }
  return d;
}

struct Form {
  std::string_view name;
  Kind kind;
  std::string_view params;  // for messages
};
constexpr Form kForms[] = {
    {"fixed", Kind::kFixed, "(duration)"},
    {"uniform", Kind::kUniform, "(min,max)"},
    {"normal", Kind::kNormal, "(mean,stddev)"},
    {"lognormal", Kind::kLogNormal, "(median,p99)"},
    {"exponential", Kind::kExponential, "(mean)"},
    {"pareto", Kind::kPareto, "(scale,shape)"},
};

absl::StatusOr<LatencyDistribution> ParseBase(std::string_view s) {
  const size_t open = s.find('(');
  if (open == std::string_view::npos) {
    absl::StatusOr<DurationNs> d = ParseDuration(s);
    if (!d.ok()) {
      return absl::InvalidArgumentError(
          StrCat("'", s,
                 "' is neither a duration (like 300ms) nor a distribution "
                 "(like uniform(1s,2s))"));
    }
    return LatencyDistribution::Fixed(*d);
  }
  const std::string_view name = Trim(s.substr(0, open));
  const Form* form = nullptr;
  for (const Form& f : kForms) {
    if (f.name == name) form = &f;
  }
  if (form == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("unknown distribution '", name,
               "'; expected uniform, normal, lognormal, exponential, pareto "
               "or a fixed duration"));
  }
  if (s.back() != ')') {
    return absl::InvalidArgumentError(
        StrCat("missing ')' after the arguments of ", name));
  }
  std::vector<std::string_view> args =
      SplitTopLevel(s.substr(open + 1, s.size() - open - 2), ',');
  for (std::string_view& a : args) a = Trim(a);
  const size_t want =
      form->kind == Kind::kFixed || form->kind == Kind::kExponential ? 1 : 2;
  if (args.size() != want || args[0].empty()) {
    return absl::InvalidArgumentError(
        StrCat(name, " takes ", want, want == 1 ? " argument " : " arguments ",
               form->params, ", got ", args[0].empty() ? 0 : args.size()));
  }
  switch (form->kind) {
    case Kind::kFixed: {
      ASSIGN_OR_RETURN(DurationNs d, Arg(name, "duration", args[0]));
      return LatencyDistribution::Fixed(d);
    }
    case Kind::kUniform: {
      ASSIGN_OR_RETURN(DurationNs lo, Arg(name, "min", args[0]));
      ASSIGN_OR_RETURN(DurationNs hi, Arg(name, "max", args[1]));
      return LatencyDistribution::Uniform(lo, hi);
    }
    case Kind::kNormal: {
      ASSIGN_OR_RETURN(DurationNs mean, Arg(name, "mean", args[0]));
      ASSIGN_OR_RETURN(DurationNs sd, Arg(name, "stddev", args[1]));
      return LatencyDistribution::Normal(mean, sd);
    }
    case Kind::kLogNormal: {
      ASSIGN_OR_RETURN(DurationNs median, Arg(name, "median", args[0]));
      ASSIGN_OR_RETURN(DurationNs p99, Arg(name, "p99", args[1]));
      return LatencyDistribution::LogNormal(median, p99);
    }
    case Kind::kExponential: {
      ASSIGN_OR_RETURN(DurationNs mean, Arg(name, "mean", args[0]));
      return LatencyDistribution::Exponential(mean);
    }
    case Kind::kPareto: {
      ASSIGN_OR_RETURN(DurationNs scale, Arg(name, "scale", args[0]));
      double shape = 0;
      if (!absl::SimpleAtod(ToAbsl(args[1]), &shape)) {
        return absl::InvalidArgumentError(StrCat(
            "pareto shape: expected a number like 1.5, got '", args[1], "'"));
      }
      return LatencyDistribution::Pareto(scale, shape);
    }
  }
  return absl::InternalError("unreachable");
}

}  // namespace

double UnitUniform(runtime::RandomStream& rng) {
  return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53;
}

LatencyDistribution LatencyDistribution::Fixed(DurationNs d) {
  LatencyDistribution out;
  out.a_ = d;
  return out;
}

LatencyDistribution LatencyDistribution::Uniform(DurationNs min,
                                                 DurationNs max) {
  LatencyDistribution out;
  out.kind_ = Kind::kUniform;
  out.a_ = min;
  out.b_ = max;
  return out;
}

LatencyDistribution LatencyDistribution::Normal(DurationNs mean,
                                                DurationNs stddev) {
  LatencyDistribution out;
  out.kind_ = Kind::kNormal;
  out.a_ = mean;
  out.b_ = stddev;
  return out;
}

LatencyDistribution LatencyDistribution::LogNormal(DurationNs median,
                                                   DurationNs p99) {
  LatencyDistribution out;
  out.kind_ = Kind::kLogNormal;
  out.a_ = median;
  out.b_ = p99;
  return out;
}

LatencyDistribution LatencyDistribution::Exponential(DurationNs mean) {
  LatencyDistribution out;
  out.kind_ = Kind::kExponential;
  out.a_ = mean;
  return out;
}

LatencyDistribution LatencyDistribution::Pareto(DurationNs scale,
                                                double shape) {
  LatencyDistribution out;
  out.kind_ = Kind::kPareto;
  out.a_ = scale;
  out.shape_ = shape;
  return out;
}

LatencyDistribution LatencyDistribution::WithPerMib(DurationNs per_mib) const {
  LatencyDistribution out = *this;
  out.per_mib_ = per_mib;
  return out;
}

absl::StatusOr<LatencyDistribution> LatencyDistribution::Parse(
    std::string_view text) {
  const std::string_view s = Trim(text);
  if (s.empty()) {
    return absl::InvalidArgumentError("empty latency");
  }
  bool has_base = false;
  bool has_per_mib = false;
  LatencyDistribution out;
  DurationNs per_mib = 0;
  for (std::string_view term : SplitTopLevel(s, '+')) {
    term = Trim(term);
    if (term.empty()) {
      return absl::InvalidArgumentError(
          "empty term around '+'; expected '<latency> + <duration>/MiB'");
    }
    if (term.size() > kPerMibSuffix.size() &&
        term.substr(term.size() - kPerMibSuffix.size()) == kPerMibSuffix) {
      if (has_per_mib) {
        return absl::InvalidArgumentError("more than one per-MiB term");
      }
      has_per_mib = true;
      ASSIGN_OR_RETURN(
          per_mib,
          Arg("per-MiB", "latency",
              Trim(term.substr(0, term.size() - kPerMibSuffix.size()))));
      continue;
    }
    if (has_base) {
      return absl::InvalidArgumentError(
          "more than one base latency; only a per-MiB term (like 8ms/MiB) "
          "may be added");
    }
    has_base = true;
    ASSIGN_OR_RETURN(out, ParseBase(term));
  }
  out.per_mib_ = per_mib;
  RETURN_IF_ERROR(out.Validate());
  return out;
}

absl::Status LatencyDistribution::Validate() const {
  auto negative = [](std::string_view what, DurationNs d) {
    return absl::InvalidArgumentError(
        StrCat(what, " must not be negative, got ", FormatDuration(d)));
  };
  if (per_mib_ < 0) return negative("per-MiB latency", per_mib_);
  switch (kind_) {
    case Kind::kFixed:
      if (a_ < 0) return negative("latency", a_);
      break;
    case Kind::kUniform:
      if (a_ < 0) return negative("uniform min", a_);
      if (b_ < a_) {
        return absl::InvalidArgumentError(
            StrCat("uniform max (", FormatDuration(b_), ") is less than min (",
                   FormatDuration(a_), ")"));
      }
      break;
    case Kind::kNormal:
      if (a_ < 0) return negative("normal mean", a_);
      if (b_ < 0) return negative("normal stddev", b_);
      break;
    case Kind::kLogNormal:
      if (a_ <= 0) {
        return absl::InvalidArgumentError(StrCat(
            "lognormal median must be positive, got ", FormatDuration(a_)));
      }
      if (b_ < a_) {
        return absl::InvalidArgumentError(
            StrCat("lognormal p99 (", FormatDuration(b_),
                   ") is less than the median (", FormatDuration(a_), ")"));
      }
      break;
    case Kind::kExponential:
      if (a_ < 0) return negative("exponential mean", a_);
      break;
    case Kind::kPareto:
      if (a_ <= 0) {
        return absl::InvalidArgumentError(
            StrCat("pareto scale must be positive, got ", FormatDuration(a_)));
      }
      if (!(shape_ > 0) || !std::isfinite(shape_)) {
        return absl::InvalidArgumentError(
            StrCat("pareto shape must be a positive number, got ",
                   FormatNumber(shape_)));
      }
      break;
  }
  return absl::OkStatus();
}

DurationNs LatencyDistribution::SampleBase(runtime::RandomStream& rng) const {
  const double a = static_cast<double>(a_);
  const double b = static_cast<double>(b_);
  switch (kind_) {
    case Kind::kFixed:
      return a_ < 0 ? 0 : std::min(a_, kMaxSampleNs);
    case Kind::kUniform:
      return ClampToNs(a + std::floor(UnitUniform(rng) * (b - a)));
    case Kind::kNormal:
      return ClampToNs(a + b * StandardNormal(rng));
    case Kind::kLogNormal: {
      const double sigma = a > 0 && b > a ? std::log(b / a) / kZ99 : 0;
      return ClampToNs(a * std::exp(sigma * StandardNormal(rng)));
    }
    case Kind::kExponential:
      return ClampToNs(-a * std::log(1.0 - UnitUniform(rng)));
    case Kind::kPareto: {
      const double u = 1.0 - UnitUniform(rng);  // (0, 1]
      return ClampToNs(a / std::pow(u, 1.0 / shape_));
    }
  }
  return 0;
}

DurationNs LatencyDistribution::Sample(runtime::RandomStream& rng,
                                       uint64_t bytes) const {
  DurationNs base = SampleBase(rng);
  if (per_mib_ > 0 && bytes > 0) {
    const DurationNs extra = ClampToNs(static_cast<double>(per_mib_) *
                                       (static_cast<double>(bytes) / kMiB));
    base = extra > kMaxSampleNs - base ? kMaxSampleNs : base + extra;
  }
  return base;
}

std::string LatencyDistribution::ToString() const {
  std::string out;
  switch (kind_) {
    case Kind::kFixed:
      if (a_ != 0 || per_mib_ == 0) out = FormatDuration(a_);
      break;
    case Kind::kUniform:
      out =
          StrCat("uniform(", FormatDuration(a_), ",", FormatDuration(b_), ")");
      break;
    case Kind::kNormal:
      out = StrCat("normal(", FormatDuration(a_), ",", FormatDuration(b_), ")");
      break;
    case Kind::kLogNormal:
      out = StrCat("lognormal(", FormatDuration(a_), ",", FormatDuration(b_),
                   ")");
      break;
    case Kind::kExponential:
      out = StrCat("exponential(", FormatDuration(a_), ")");
      break;
    case Kind::kPareto:
      out =
          StrCat("pareto(", FormatDuration(a_), ",", FormatNumber(shape_), ")");
      break;
  }
  if (per_mib_ != 0) {
    StrAppend(&out, out.empty() ? "" : " + ", FormatDuration(per_mib_),
              kPerMibSuffix);
  }
  return out;
}

}  // namespace fakecri::faults
