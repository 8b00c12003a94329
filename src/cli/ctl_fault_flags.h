// File: ctl_fault_flags.h
// `fakecri ctl fault add` flags and their translation into a FaultRule.
// The effect flags and their parameter flags come from the effect registry
// (one per EffectSpec / ParamInfo), so a new effect brings its own flag.
// Each flag picks the hop its effect belongs to (--crash: process start,
// --condition: runtime status, ...), so the common cases need no --hop;
// every error names the flag that caused it ("--latency: uniform max (1s)
// is less than min (2s)").
#ifndef FAKECRI_CLI_CTL_FAULT_FLAGS_H_
#define FAKECRI_CLI_CTL_FAULT_FLAGS_H_

#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fake_runtime/faults/fault_rule.h"

namespace fakecri::cli {

struct FaultFlags {
  std::string file = "";  // --file: a whole fault file instead
  int rule_flags = 0;     // how many other flags were given

  // Where.
  std::string rpc = "";
  std::string hop = "";
  std::string op = "";

  // Which targets.
  std::string pod = "";
  std::string pod_namespace = "";
  std::string uid = "";
  std::vector<std::string> labels = {};  // k=v
  std::string container = "";
  std::string image = "";
  std::string handler = "";

  // What: exactly one effect flag (--code alone is the error effect) and
  // its parameter flags, as the effect registry describes them
  // (faults/effects/effect_registry.h). Flag name -> value as given ("" for
  // a boolean flag): "--latency" -> "300ms", "--hang" -> "".
  std::map<std::string, std::string> effect = {};

  // When.
  std::optional<std::string> probability = std::nullopt;  // 0.5 or 50%
  int64_t first = 0;
  int64_t every = 0;
  int64_t times = 0;
  std::optional<std::string> start_after = std::nullopt;
  std::optional<std::string> for_duration = std::nullopt;

  std::string id = "";
  std::string description = "";
};

// Registers the flags on `cmd` (the `fault add` subcommand).
void AddFaultFlags(CLI::App* cmd, FaultFlags* flags);

// The rule the flags describe, fully validated. InvalidArgument whose
// message starts with the flag at fault ("--for: ...").
absl::StatusOr<faults::FaultRule> BuildFaultRule(const FaultFlags& flags);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_CTL_FAULT_FLAGS_H_
