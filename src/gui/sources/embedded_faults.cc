// File: embedded_faults.cc
#include "gui/sources/fault_backend.h"

namespace fakecri::gui {
namespace {

absl::Status Ended() {
  return absl::FailedPreconditionError(
      "the embedded run has ended: its fault rules are gone");
}

}  // namespace

void EmbeddedFaults::Attach(FaultControl* control) {
  std::lock_guard<std::mutex> lock(mu_);
  control_ = control;
}

absl::StatusOr<std::vector<std::string>> EmbeddedFaults::Add(
    const std::string& yaml) {
  std::lock_guard<std::mutex> lock(mu_);
  if (control_ == nullptr) return Ended();
  return control_->AddYaml(yaml, "fault form");
}

absl::Status EmbeddedFaults::Remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (control_ == nullptr) return Ended();
  return control_->Remove(id);
}

absl::StatusOr<std::vector<FaultRuleInfo>> EmbeddedFaults::List() {
  std::lock_guard<std::mutex> lock(mu_);
  if (control_ == nullptr) return Ended();
  return control_->List();
}

}  // namespace fakecri::gui
