// File: duration.h
// Go-style durations ("300ms", "1m30s", "1.5s", "250us"), the form
// docs/faults.md uses, so a scenario reads the same as its fault rules.
#ifndef FAKECRI_SCENARIO_DURATION_H_
#define FAKECRI_SCENARIO_DURATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fakecri/clock.h"

namespace fakecri::scenario {

// A non-negative duration. "0" alone is allowed; any other number needs a
// unit (ns, us, µs, ms, s, m, h). InvalidArgument says what was expected.
absl::StatusOr<DurationNs> ParseDuration(absl::string_view text);

// The shortest exact Go-style text: 0s, 250ms, 1m30s, 1.5s.
std::string FormatDuration(DurationNs d);

// "+12.000s": an offset from the start of a run, millisecond precision.
std::string FormatOffset(DurationNs d);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_DURATION_H_
