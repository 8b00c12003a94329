// File: fault_hit.cc
// The log line of a hit: rule, call, target and the resolved effect.
#include "fake_runtime/faults/fault_hit.h"

#include <string>

#include "fake_runtime/common/str_cat.h"

namespace fakecri::faults {

std::string FaultHit::Summary() const {
  std::string out =
      StrCat("fault ", rule_id, " fired on ", HopName(hop), " ", operation,
             " (", target, "): ", EffectKindName(kind));
  switch (kind) {
    case EffectKind::kError:
    case EffectKind::kEndStream:
      StrAppend(&out, " ", StatusCodeName(code));
      break;
    case EffectKind::kLatency:
    case EffectKind::kDelayEvent:
      StrAppend(&out, " +", FormatDuration(delay));
      break;
    case EffectKind::kHang:
      out += " until the client's deadline";
      break;
    case EffectKind::kOciFailure:
      if (!reason.empty()) {
        StrAppend(&out, " exit_code=", exit_code, " reason=", reason);
      }
      break;
    case EffectKind::kCrash:
    case EffectKind::kCrashLoop:
    case EffectKind::kOomKill:
      StrAppend(&out, " exit_code=", exit_code, " reason=", reason, " after ",
                FormatDuration(delay));
      break;
    case EffectKind::kNotReady:
      StrAppend(&out, " ", ConditionName(condition), "=false reason=", reason);
      if (duration > 0) StrAppend(&out, " for ", FormatDuration(duration));
      break;
    case EffectKind::kRestart:
      StrAppend(&out, " outage=", FormatDuration(outage));
      if (containers_unknown) out += " containers_unknown";
      break;
    case EffectKind::kDropEvent:
    case EffectKind::kDuplicateEvent:
    case EffectKind::kReorderEvent:
      break;
  }
  if (!message.empty()) StrAppend(&out, " \"", message, "\"");
  return out;
}

}  // namespace fakecri::faults
