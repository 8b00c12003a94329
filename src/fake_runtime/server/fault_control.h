// File: fault_control.h
// The public face of the fault engine (fakecri/faults.h): rules go in as
// YAML and come out as one-line summaries with their counters.
#ifndef FAKECRI_SERVER_FAULT_CONTROL_H_
#define FAKECRI_SERVER_FAULT_CONTROL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/faults/fault_engine.h"
#include "fakecri/faults.h"

namespace fakecri {

// Thread-safe (the engine is). Does not own the engine.
class EngineFaultControl final : public FaultControl {
 public:
  explicit EngineFaultControl(faults::FaultEngine& engine) : engine_(engine) {}

  absl::StatusOr<std::vector<std::string>> AddYaml(
      std::string_view yaml, std::string_view source_name) override;
  absl::Status Remove(std::string_view id) override;
  void Clear() override;
  std::vector<FaultRuleInfo> List() override;
  std::optional<FaultRuleInfo> Get(std::string_view id) override;
  size_t size() override;

 private:
  faults::FaultEngine& engine_;
};

}  // namespace fakecri

#endif  // FAKECRI_SERVER_FAULT_CONTROL_H_
