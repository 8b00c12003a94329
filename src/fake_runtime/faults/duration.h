// File: duration.h
// Go-style duration text ("300ms", "1m30s", "1.5s", "250us", "10ns") to
// int64 nanoseconds and back. Fault rules are written by people who know
// kubectl and Go tooling, so their durations read the same way.
#ifndef FAKECRI_FAULTS_DURATION_H_
#define FAKECRI_FAULTS_DURATION_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "fake_runtime/clock/clock.h"

namespace fakecri::faults {

using runtime::DurationNs;

// Accepts what Go's time.ParseDuration accepts: an optional sign, then one
// or more <number><unit> terms with units ns, us (or µs), ms, s, m, h and
// optional decimal fractions ("1.5h", "1h30m0.25s"); a bare "0" is zero.
// Fractions are truncated to whole nanoseconds, as in Go. Errors are
// InvalidArgument and quote the text.
absl::StatusOr<DurationNs> ParseDuration(std::string_view text);

// The shortest form ParseDuration reads back to the same value: "0s",
// "10ns", "1.5ms", "300ms", "2s", "1m30s", "1h5s", "-250us".
std::string FormatDuration(DurationNs d);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_DURATION_H_
