// File: scenario.cc
#include "scenario/scenario.h"

#include "absl/strings/str_cat.h"

namespace fakecri::scenario {

std::string SourcePos::ToString() const {
  return absl::StrCat(file, ":", line, ":", col);
}

std::string CountRange::ToString() const {
  if (min && max && *min == *max) return absl::StrCat(*min);
  if (min && max) return absl::StrCat(*min, "..", *max);
  if (min) return absl::StrCat(">= ", *min);
  if (max) return absl::StrCat("<= ", *max);
  return "any";
}

std::vector<std::string> CreatePodAction::Names() const {
  if (replicas <= 1) return {pod.name};
  std::vector<std::string> out;
  for (int i = 0; i < replicas; ++i)
    out.push_back(absl::StrCat(pod.name, "-", i));
  return out;
}

std::string TimelineStep::ActionName() const {
  switch (action.index()) {
    case 1:
      return "createPod";
    case 2:
      return "deletePod";
    case 3:
      return "addFaults";
    case 4:
      return "removeFault";
    case 5:
      return "setCondition";
    case 6:
      return "restartRuntime";
    case 7:
      return "wait";
    default:
      return "expect";
  }
}

}  // namespace fakecri::scenario
