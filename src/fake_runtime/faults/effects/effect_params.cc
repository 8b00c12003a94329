// File: effect_params.cc
// The parameter table and its one parser per type.
#include "fake_runtime/faults/effects/effect_params.h"

#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {
namespace {

using T = ParamType;

constexpr ParamInfo kParams[kParamCount] = {
    {Param::kCode, "code", T::kStatusCode, "code", "--code",
     "return this gRPC error (or --end-stream's status)", "", "code"},
    {Param::kMessage, "message", T::kText, "message", "--message",
     "error / condition message", "", "message"},
    {Param::kDelay, "delay", T::kLatency, "delay", "--after",
     "crash / OOM this long after the process starts",
     " (for a rule that starts later use --start-after)", "delay"},
    {Param::kExitCode, "exit_code", T::kExitCode, "exit_code", "--exit-code",
     "exit code (0-255)", "", "exit_code"},
    {Param::kCondition, "condition", T::kCondition, "condition", "", "", "",
     "condition, reason or duration"},
    {Param::kReason, "reason", T::kText, "reason", "--reason",
     "condition reason", "", "condition, reason or duration"},
    {Param::kDuration, "duration", T::kDuration, "duration_ns", "", "", "",
     "condition, reason or duration"},
    {Param::kOutage, "outage", T::kDuration, "outage_ns", "--outage",
     "how long a restart takes", "", "outage or containers_unknown"},
    {Param::kContainersUnknown, "containers_unknown", T::kBool,
     "containers_unknown", "--containers-unknown",
     "containers come back in state UNKNOWN after a restart", "",
     "outage or containers_unknown"},
};

DurationNs* DurationField(Param p, Effect& e) {
  return p == Param::kOutage ? &e.outage : &e.duration;
}

std::string* TextField(Param p, Effect& e) {
  return p == Param::kReason ? &e.reason : &e.message;
}

}  // namespace

const ParamInfo& GetParamInfo(Param param) {
  return kParams[static_cast<size_t>(param)];
}

std::optional<Param> FindParamByFlag(std::string_view flag) {
  for (const ParamInfo& p : kParams) {
    if (!p.flag.empty() && p.flag == flag) return p.param;
  }
  return std::nullopt;
}

std::string_view ParamForm(ParamType type) {
  switch (type) {
    case T::kStatusCode:
      return "a gRPC status code like UNAVAILABLE or DEADLINE_EXCEEDED";
    case T::kText:
      return "a message";
    case T::kLatency:
      return "a latency like 300ms, uniform(1s,2s), normal(2s,500ms), "
             "lognormal(1s,5s), exponential(200ms) or pareto(100ms,1.5)";
    case T::kExitCode:
      return "an integer 0..255";
    case T::kCondition:
      return "RuntimeReady or NetworkReady";
    case T::kDuration:
      return "a duration like 300ms or 2s";
    case T::kBool:
      return "true or false";
  }
  return "";
}

absl::StatusOr<DurationNs> ParseNonNegativeDuration(std::string_view text) {
  absl::StatusOr<DurationNs> d = ParseDuration(text);
  if (!d.ok()) return d.status();
  if (*d < 0) return absl::InvalidArgumentError("must not be negative");
  return *d;
}

std::optional<double> ParseProbability(std::string_view text) {
  double scale = 1.0;
  if (!text.empty() && text.back() == '%') {
    text.remove_suffix(1);
    scale = 100.0;
  }
  double p = 0;
  if (!absl::SimpleAtod(ToAbsl(text), &p)) return std::nullopt;
  return p / scale;
}

absl::Status ParseParam(Param param, std::string_view text, Effect& e) {
  switch (GetParamInfo(param).type) {
    case T::kStatusCode: {
      const std::optional<absl::StatusCode> code = ParseStatusCode(text);
      if (!code) {
        return absl::InvalidArgumentError(
            StrCat("unknown gRPC status code '", text,
                   "'; expected a name such as UNAVAILABLE or "
                   "DEADLINE_EXCEEDED, or a number 0-16"));
      }
      e.code = *code;
      return absl::OkStatus();
    }
    case T::kText:
      *TextField(param, e) = std::string(text);
      return absl::OkStatus();
    case T::kLatency: {
      absl::StatusOr<LatencyDistribution> d =
          LatencyDistribution::Parse(std::string(text));
      if (!d.ok()) return d.status();
      e.delay = *d;
      return absl::OkStatus();
    }
    case T::kExitCode: {
      int code = -1;
      if (!absl::SimpleAtoi(ToAbsl(text), &code) || code < 0 || code > 255) {
        return absl::InvalidArgumentError(
            StrCat("expected an integer 0..255, got '", text, "'"));
      }
      e.exit_code = code;
      return absl::OkStatus();
    }
    case T::kCondition: {
      const std::optional<Condition> c = ParseCondition(text);
      if (!c) {
        return absl::InvalidArgumentError(
            StrCat("unknown condition '", text,
                   "'; expected RuntimeReady or NetworkReady"));
      }
      e.condition = *c;
      return absl::OkStatus();
    }
    case T::kDuration: {
      absl::StatusOr<DurationNs> d = ParseNonNegativeDuration(text);
      if (!d.ok()) return d.status();
      *DurationField(param, e) = *d;
      return absl::OkStatus();
    }
    case T::kBool:
      if (text != "true" && text != "false") {
        return absl::InvalidArgumentError(
            StrCat("expected true or false, got '", text, "'"));
      }
      SetParamBool(param, text == "true", e);
      return absl::OkStatus();
  }
  return absl::InternalError("unknown parameter type");
}

absl::Status ParseParamFlag(Param param, std::string_view text, Effect& e) {
  if (param != Param::kCondition) return ParseParam(param, text, e);
  // "NetworkReady=false" (the condition goes false) or just the name.
  std::string_view name = text;
  if (const size_t eq = name.find('='); eq != std::string_view::npos) {
    if (name.substr(eq + 1) != "false") {
      return absl::InvalidArgumentError(
          StrCat("a fault can only make a condition false, got '", text, "'"));
    }
    name = name.substr(0, eq);
  }
  if (!ParseParam(param, name, e).ok()) {
    return absl::InvalidArgumentError(StrCat(
        "expected NetworkReady=false or RuntimeReady=false, got '", text, "'"));
  }
  return absl::OkStatus();
}

void SetParamInt(Param param, int64_t value, Effect& e) {
  switch (param) {
    case Param::kExitCode:
      e.exit_code = static_cast<int>(value);
      break;
    case Param::kDuration:
    case Param::kOutage:
      *DurationField(param, e) = value;
      break;
    default:
      break;
  }
}

void SetParamBool(Param param, bool value, Effect& e) {
  if (param == Param::kContainersUnknown) e.containers_unknown = value;
}

bool ParamIsSet(Param param, const Effect& e) {
  switch (param) {
    case Param::kCode:
      return e.code.has_value();
    case Param::kMessage:
      return !e.message.empty();
    case Param::kDelay:
      return !e.delay.IsZero();
    case Param::kExitCode:
      return e.exit_code.has_value();
    case Param::kCondition:
      return e.condition != Condition::kRuntimeReady;
    case Param::kReason:
      return !e.reason.empty();
    case Param::kDuration:
      return e.duration != 0;
    case Param::kOutage:
      return e.outage != 0;
    case Param::kContainersUnknown:
      return e.containers_unknown;
  }
  return false;
}

std::optional<std::string> ParamText(Param param, const Effect& e) {
  switch (param) {
    case Param::kCode:
      if (!e.code) return std::nullopt;
      return std::string(StatusCodeName(*e.code));
    case Param::kMessage:
      return e.message;
    case Param::kReason:
      return e.reason;
    case Param::kDelay:
      if (e.delay.IsZero()) return std::nullopt;
      return e.delay.ToString();
    case Param::kCondition:
      return std::string(ConditionName(e.condition));
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> ParamInt(Param param, const Effect& e) {
  switch (param) {
    case Param::kExitCode:
      if (!e.exit_code) return std::nullopt;
      return *e.exit_code;
    case Param::kDuration:
      return e.duration;
    case Param::kOutage:
      return e.outage;
    default:
      return std::nullopt;
  }
}

bool ParamBool(Param param, const Effect& e) {
  return param == Param::kContainersUnknown && e.containers_unknown;
}

}  // namespace fakecri::faults
