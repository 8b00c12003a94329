// File: faults.h
// The fault rules in force in a running fakecri, as an embedder sees them.
// Rules are data, written in the YAML of docs/faults.md; the same text
// works in `fakecri serve --faults FILE`, `fakecri ctl fault add --file`,
// scenario files and here.
#ifndef FAKECRI_PUBLIC_FAULTS_H_
#define FAKECRI_PUBLIC_FAULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fakecri/clock.h"

namespace fakecri {

// One rule and its counters.
struct FaultRuleInfo {
  std::string id;
  // One line, e.g. "f1: cri PullImage image=nginx:* -> error UNAVAILABLE
  // when probability=0.5".
  std::string summary;
  uint64_t matches = 0;  // calls that matched hop, operation and selectors
  uint64_t hits = 0;     // times the effect was applied
  TimeNs added_at = 0;
};

// Thread-safe. Every hit is an event-log record of kind kFault.
class FaultControl {
 public:
  virtual ~FaultControl() = default;

  // Adds the rules of a fault document (`version: 1` + `faults:`), all or
  // none. Returns their ids (assigned "f1", "f2", ... when a rule has
  // none). A bad document is InvalidArgument with
  // `source_name:line:col: what was expected`.
  virtual absl::StatusOr<std::vector<std::string>> AddYaml(
      std::string_view yaml, std::string_view source_name = "<faults>") = 0;
  // NotFound when no rule has this id.
  virtual absl::Status Remove(std::string_view id) = 0;
  virtual void Clear() = 0;
  virtual std::vector<FaultRuleInfo> List() = 0;
  virtual std::optional<FaultRuleInfo> Get(std::string_view id) = 0;
  virtual size_t size() = 0;
};

}  // namespace fakecri

#endif  // FAKECRI_PUBLIC_FAULTS_H_
