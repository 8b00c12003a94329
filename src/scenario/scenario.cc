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
