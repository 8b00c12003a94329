#include "fake_runtime/server/fault_control.h"

#include <utility>

#include "fake_runtime/faults/fault_rule.h"
#include "fake_runtime/faults/fault_yaml.h"

namespace fakecri {
namespace {

FaultRuleInfo InfoOf(const faults::RuleStatus& s) {
  FaultRuleInfo out;
  out.id = s.rule.id;
  out.summary = faults::Describe(s.rule);
  out.matches = s.matches;
  out.hits = s.hits;
  out.added_at = s.added_at;
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> EngineFaultControl::AddYaml(
    std::string_view yaml, std::string_view source_name) {
  absl::StatusOr<std::vector<faults::FaultRule>> rules =
      faults::ParseFaultsYaml(yaml, source_name);
  if (!rules.ok()) return rules.status();
  return engine_.AddAll(std::move(*rules));
}

absl::Status EngineFaultControl::Remove(std::string_view id) {
  return engine_.Remove(id);
}

void EngineFaultControl::Clear() { engine_.Clear(); }

std::vector<FaultRuleInfo> EngineFaultControl::List() {
  std::vector<FaultRuleInfo> out;
  for (const faults::RuleStatus& s : engine_.List()) out.push_back(InfoOf(s));
  return out;
}

std::optional<FaultRuleInfo> EngineFaultControl::Get(std::string_view id) {
  std::optional<faults::RuleStatus> s = engine_.Get(id);
  if (!s) return std::nullopt;
  return InfoOf(*s);
}

size_t EngineFaultControl::size() { return engine_.size(); }

}  // namespace fakecri
