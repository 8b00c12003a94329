// File: scenario_loader_fuzzer.cc
// The scenario loader (ParseScenario, src/scenario/loader.h) on arbitrary
// bytes. Checked: no crash, no sanitizer report, no exception escaping;
// an error names its place ("fuzz.yaml:<line>:<col>: ..."); an accepted
// scenario keeps the promises of scenario.h: a named scenario with at
// least one step, the steps in time order and none after the duration.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "scenario/loader.h"

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "scenario_loader_fuzzer: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = fakecri::scenario::ParseScenario(text, "fuzz.yaml");
  if (!s.ok()) {
    if (!absl::StartsWith(s.status().message(), "fuzz.yaml:")) {
      Fail("error without a place: " + s.status().ToString());
    }
    return 0;
  }
  if (s->name.empty()) Fail("accepted a scenario without a name");
  if (s->timeline.empty()) Fail("accepted a scenario without steps");
  fakecri::TimeNs prev = 0;
  for (const auto& step : s->timeline) {
    if (step.at < prev) Fail("timeline steps out of time order");
    if (step.at > s->duration) Fail("a step after the scenario's duration");
    prev = step.at;
  }
  return 0;
}
