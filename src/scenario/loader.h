// File: loader.h
// Reads a scenario file (docs/scenarios.md) into a Scenario. Strict: unknown
// keys, wrong types, bad durations, unknown pods or containers named by an
// expectation are errors reading `file:line:col: what was expected`. The
// loader needs no runtime; ValidateAgainstRuntime (validate.h) also checks
// the fault rules and image catalogue the way the runtime reads them.
#ifndef FAKECRI_SCENARIO_LOADER_H_
#define FAKECRI_SCENARIO_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scenario/scenario.h"

namespace fakecri::scenario {

// `source_name` is used in messages and to resolve relative file names
// (runtime.imagesFile) against its directory.
absl::StatusOr<Scenario> ParseScenario(absl::string_view yaml,
                                       absl::string_view source_name);
absl::StatusOr<Scenario> LoadScenarioFile(const std::string& path);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_LOADER_H_
