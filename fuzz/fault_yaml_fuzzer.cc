// File: fault_yaml_fuzzer.cc
// The fault YAML loader (ParseFaultsYaml). Checked: no crash, no sanitizer
// report; an error names its place ("fuzz.yaml:<line>:<col>: ..."); every
// rule it accepts also goes through the control API's conversion
// (RuleToProto, then RuleFromProto accepts it) and into a FaultEngine.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/faults/fault_yaml.h"

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "fault_yaml_fuzzer: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = fakecri::faults::ParseFaultsYaml(text, "fuzz.yaml");
  if (!rules.ok()) {
    if (!absl::StartsWith(rules.status().message(), "fuzz.yaml:")) {
      Fail("error without a place: " + rules.status().ToString());
    }
    return 0;
  }
  for (const auto& rule : *rules) {
    auto back =
        fakecri::control::RuleFromProto(fakecri::control::RuleToProto(rule));
    if (!back.ok()) {
      Fail("a rule from YAML does not convert back from its proto: " +
           back.status().ToString());
    }
  }
  fakecri::runtime::VirtualClock clock;
  fakecri::faults::FaultEngine engine(1, clock);
  (void)engine.AddAll(*std::move(rules));
  return 0;
}
