// File: duration.cc
#include "scenario/duration.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"

namespace fakecri::scenario {
namespace {

// Units longest-prefix first so "ms" is not read as "m".
struct Unit {
  absl::string_view name;
  DurationNs ns;
};
constexpr Unit kUnits[] = {
    {"ns", 1},      {"us", 1000},        {"\xC2\xB5s", 1000},   {"ms", 1000000},
    {"s", kSecond}, {"m", 60 * kSecond}, {"h", 3600 * kSecond},
};

absl::Status Bad(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(
      "expected a duration such as 300ms, 1.5s or 1m30s, got '", text, "'"));
}

}  // namespace

absl::StatusOr<DurationNs> ParseDuration(absl::string_view text) {
  if (text == "0") return 0;
  if (text.empty()) return Bad(text);
  size_t i = 0;
  long double total = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() &&
           ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
      ++i;
    }
    if (i == start) return Bad(text);
    std::string number(text.substr(start, i - start));
    if (number.find('.') != number.rfind('.') || number == ".") {
      return Bad(text);
    }
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (text.substr(i, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (unit == nullptr) return Bad(text);
    i += unit->name.size();
    total += std::stold(number) * static_cast<long double>(unit->ns);
    // A year is plenty for a scenario and far from overflow.
    if (total > 366.0L * 24 * 3600 * kSecond) {
      return absl::InvalidArgumentError(
          absl::StrCat("duration '", text, "' is longer than a year"));
    }
  }
  return static_cast<DurationNs>(std::llround(static_cast<double>(total)));
}

std::string FormatDuration(DurationNs d) {
  if (d == 0) return "0s";
  std::string out;
  if (d < 0) {
    out = "-";
    d = -d;
  }
  if (d < kSecond) {
    if (d % kMillisecond == 0) return absl::StrCat(out, d / kMillisecond, "ms");
    if (d % 1000 == 0) return absl::StrCat(out, d / 1000, "us");
    return absl::StrCat(out, d, "ns");
  }
  const DurationNs h = d / (3600 * kSecond);
  d %= 3600 * kSecond;
  const DurationNs m = d / (60 * kSecond);
  d %= 60 * kSecond;
  if (h > 0) absl::StrAppend(&out, h, "h");
  if (m > 0) absl::StrAppend(&out, m, "m");
  if (d > 0 || (h == 0 && m == 0)) {
    const DurationNs s = d / kSecond;
    DurationNs frac = d % kSecond;
    absl::StrAppend(&out, s);
    if (frac > 0) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(frac));
      std::string f(buf);
      while (!f.empty() && f.back() == '0') f.pop_back();
      absl::StrAppend(&out, ".", f);
    }
    absl::StrAppend(&out, "s");
  }
  return out;
}

std::string FormatOffset(DurationNs d) {
  const char* sign = d < 0 ? "-" : "+";
  if (d < 0) d = -d;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%03llds", sign,
                static_cast<long long>(d / kSecond),
                static_cast<long long>((d % kSecond) / kMillisecond));
  return buf;
}

}  // namespace fakecri::scenario
