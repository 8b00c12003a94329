// File: duration.cc
// The grammar and the formatting are the fault rules' own
// (fake_runtime/faults/duration.h), so a scenario's durations read exactly
// as its fault rules'; a scenario adds only its limits.
#include "scenario/duration.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "fake_runtime/faults/duration.h"

namespace fakecri::scenario {
namespace {

// A year is plenty for a scenario and far from overflow.
constexpr DurationNs kMaxScenarioDuration =
    DurationNs{366} * 24 * 3600 * kSecond;

absl::Status Bad(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(
      "expected a duration such as 300ms, 1.5s or 1m30s, got '", text, "'"));
}

}  // namespace

absl::StatusOr<DurationNs> ParseDuration(absl::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    return Bad(text);  // times in a scenario only go forward
  }
  absl::StatusOr<DurationNs> d =
      faults::ParseDuration(std::string_view(text.data(), text.size()));
  if (!d.ok()) {
    if (d.status().message().find("out of range") == absl::string_view::npos) {
      return Bad(text);
    }
  } else if (*d <= kMaxScenarioDuration) {
    return *d;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("duration '", text, "' is longer than a year"));
}

std::string FormatDuration(DurationNs d) { return faults::FormatDuration(d); }

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
