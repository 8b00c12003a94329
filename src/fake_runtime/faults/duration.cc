// File: duration.cc
// Go-compatible duration parsing (same grammar, same truncation of
// fractions) and a compact formatter that parses back exactly.
#include "fake_runtime/faults/duration.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::faults {
namespace {

constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;  // |INT64_MIN|
constexpr uint64_t kMicro = 1'000;
constexpr uint64_t kMilli = 1'000'000;
constexpr uint64_t kSec = 1'000'000'000;
constexpr uint64_t kMin = 60 * kSec;
constexpr uint64_t kHour = 60 * kMin;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

uint64_t UnitNs(std::string_view unit) {
  if (unit == "ns") return 1;
  // Go accepts both the micro sign (U+00B5) and Greek mu (U+03BC).
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return kMicro;
  if (unit == "ms") return kMilli;
  if (unit == "s") return kSec;
  if (unit == "m") return kMin;
  if (unit == "h") return kHour;
  return 0;
}

absl::Status Invalid(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(
      StrCat("invalid duration '", text, "': ", why));
}

constexpr std::string_view kExpected =
    "expected a number followed by a unit (ns, us, ms, s, m, h), like "
    "300ms, 2s or 1m30s";

// "<whole>[.<fraction>]" of `u` in units of `unit` (a power of ten), with
// the fraction's trailing zeros dropped.
void AppendScaled(std::string* out, uint64_t u, uint64_t unit) {
  StrAppend(out, u / unit);
  uint64_t frac = u % unit;
  if (frac == 0) return;
  int digits = 0;
  for (uint64_t p = unit; p > 1; p /= 10) ++digits;
  std::string f(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    f[static_cast<size_t>(i)] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  while (!f.empty() && f.back() == '0') f.pop_back();
  StrAppend(out, ".", f);
}

}  // namespace

absl::StatusOr<DurationNs> ParseDuration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return DurationNs{0};
  if (s.empty()) return Invalid(text, kExpected);

  uint64_t total = 0;
  while (!s.empty()) {
    if (!IsDigit(s.front()) && s.front() != '.') {
      return Invalid(text, kExpected);
    }
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
      if (whole > (kMaxMagnitude - digit) / 10) {
        return Invalid(text, "out of range (at most about 2562047h)");
      }
      whole = whole * 10 + digit;
    }
    const bool has_whole = i > 0;
    s.remove_prefix(i);

    // Like Go: fraction digits beyond what fits are ignored, and the
    // fraction's contribution is truncated to whole nanoseconds.
    uint64_t frac = 0;
    double scale = 1;
    bool has_frac = false;
    if (!s.empty() && s.front() == '.') {
      s.remove_prefix(1);
      i = 0;
      bool saturated = false;
      for (; i < s.size() && IsDigit(s[i]); ++i) {
        has_frac = true;
        if (saturated || frac > (kMaxMagnitude - 1) / 10) {
          saturated = true;
          continue;
        }
        frac = frac * 10 + static_cast<uint64_t>(s[i] - '0');
        scale *= 10;
      }
      s.remove_prefix(i);
    }
    if (!has_whole && !has_frac) return Invalid(text, kExpected);

    i = 0;
    while (i < s.size() && s[i] != '.' && !IsDigit(s[i])) ++i;
    if (i == 0) {
      return Invalid(text, "missing unit; expected one of ns, us, ms, s, m, h");
    }
    const std::string_view unit_text = s.substr(0, i);
    const uint64_t unit = UnitNs(unit_text);
    if (unit == 0) {
      return Invalid(text, StrCat("unknown unit '", unit_text,
                                  "'; expected one of ns, us, ms, s, m, h"));
    }
    s.remove_prefix(i);

    if (whole > kMaxMagnitude / unit) {
      return Invalid(text, "out of range (at most about 2562047h)");
    }
    uint64_t term = whole * unit;
    if (frac > 0) {
      term += static_cast<uint64_t>(static_cast<double>(frac) *
                                    (static_cast<double>(unit) / scale));
    }
    if (term > kMaxMagnitude || total > kMaxMagnitude - term) {
      return Invalid(text, "out of range (at most about 2562047h)");
    }
    total += term;
  }
  if (negative) {
    return total == kMaxMagnitude ? std::numeric_limits<DurationNs>::min()
                                  : -static_cast<DurationNs>(total);
  }
  if (total == kMaxMagnitude) {
    return Invalid(text, "out of range (at most about 2562047h)");
  }
  return static_cast<DurationNs>(total);
}

std::string FormatDuration(DurationNs d) {
  if (d == 0) return "0s";
  std::string out;
  uint64_t u = static_cast<uint64_t>(d);
  if (d < 0) {
    out = "-";
    u = 0 - u;
  }
  if (u < kMicro) {
    StrAppend(&out, u, "ns");
  } else if (u < kMilli) {
    AppendScaled(&out, u, kMicro);
    out += "us";
  } else if (u < kSec) {
    AppendScaled(&out, u, kMilli);
    out += "ms";
  } else {
    const uint64_t hours = u / kHour;
    const uint64_t minutes = u % kHour / kMin;
    const uint64_t rest = u % kMin;
    if (hours > 0) StrAppend(&out, hours, "h");
    if (minutes > 0) StrAppend(&out, minutes, "m");
    if (rest > 0) {
      AppendScaled(&out, rest, kSec);
      out += "s";
    }
  }
  return out;
}

}  // namespace fakecri::faults
