// File: fault_enums.cc
// Name tables for the fault vocabularies. The CRI operation list is the
// runtime.v1 RPC set (api.proto), so a misspelt RPC in a rule is caught
// when the rule is added rather than silently never matching.
#include "fake_runtime/faults/fault_enums.h"

#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::faults {
namespace {

constexpr std::string_view kHopNames[kHopCount] = {
    "cri", "manager", "oci", "image_pull", "process", "events", "runtime",
};

constexpr std::string_view kCriRpcs[] = {
    // RuntimeService
    "Version", "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox",
    "PodSandboxStatus", "ListPodSandbox", "StreamPodSandboxes",
    "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer",
    "ListContainers", "StreamContainers", "ContainerStatus",
    "UpdateContainerResources", "ReopenContainerLog", "ExecSync", "Exec",
    "Attach", "PortForward", "ContainerStats", "ListContainerStats",
    "StreamContainerStats", "PodSandboxStats", "ListPodSandboxStats",
    "StreamPodSandboxStats", "UpdateRuntimeConfig", "Status",
    "CheckpointContainer", "GetContainerEvents", "ListMetricDescriptors",
    "ListPodSandboxMetrics", "StreamPodSandboxMetrics", "RuntimeConfig",
    "UpdatePodSandboxResources",
    // ImageService
    "ListImages", "StreamImages", "ImageStatus", "PullImage", "RemoveImage",
    "ImageFsInfo"};
constexpr std::string_view kOciOps[] = {"create", "start", "kill", "delete"};
constexpr std::string_view kImagePullOps[] = {"pull"};
constexpr std::string_view kProcessOps[] = {"start"};
constexpr std::string_view kEventOps[] = {"send"};
constexpr std::string_view kRuntimeOps[] = {"status", "tick"};

static_assert(std::size(kCriRpcs) <= kMaxKnownOperations);

struct CodeName {
  std::string_view name;
  absl::StatusCode code;
};
constexpr CodeName kCodes[] = {
    {"OK", absl::StatusCode::kOk},
    {"CANCELLED", absl::StatusCode::kCancelled},
    {"UNKNOWN", absl::StatusCode::kUnknown},
    {"INVALID_ARGUMENT", absl::StatusCode::kInvalidArgument},
    {"DEADLINE_EXCEEDED", absl::StatusCode::kDeadlineExceeded},
    {"NOT_FOUND", absl::StatusCode::kNotFound},
    {"ALREADY_EXISTS", absl::StatusCode::kAlreadyExists},
    {"PERMISSION_DENIED", absl::StatusCode::kPermissionDenied},
    {"RESOURCE_EXHAUSTED", absl::StatusCode::kResourceExhausted},
    {"FAILED_PRECONDITION", absl::StatusCode::kFailedPrecondition},
    {"ABORTED", absl::StatusCode::kAborted},
    {"OUT_OF_RANGE", absl::StatusCode::kOutOfRange},
    {"UNIMPLEMENTED", absl::StatusCode::kUnimplemented},
    {"INTERNAL", absl::StatusCode::kInternal},
    {"UNAVAILABLE", absl::StatusCode::kUnavailable},
    {"DATA_LOSS", absl::StatusCode::kDataLoss},
    {"UNAUTHENTICATED", absl::StatusCode::kUnauthenticated},
};

// Upper case without underscores: "DeadlineExceeded" == "DEADLINE_EXCEEDED".
std::string Folded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '_') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace

std::string_view HopName(Hop hop) {
  const size_t i = static_cast<size_t>(hop);
  return i < kHopCount ? kHopNames[i] : "?";
}

std::optional<Hop> ParseHop(std::string_view name) {
  for (size_t i = 0; i < kHopCount; ++i) {
    if (kHopNames[i] == name) return static_cast<Hop>(i);
  }
  return std::nullopt;
}

std::string_view HopNameList() {
  return "cri, manager, oci, image_pull, process, events, runtime";
}

std::span<const std::string_view> KnownOperations(Hop hop) {
  switch (hop) {
    case Hop::kCri:
      return kCriRpcs;
    case Hop::kManager:
      return {};
    case Hop::kOci:
      return kOciOps;
    case Hop::kImagePull:
      return kImagePullOps;
    case Hop::kProcess:
      return kProcessOps;
    case Hop::kEvents:
      return kEventOps;
    case Hop::kRuntime:
      return kRuntimeOps;
  }
  return {};
}

int OperationIndex(Hop hop, std::string_view operation) {
  const std::span<const std::string_view> known = KnownOperations(hop);
  for (size_t i = 0; i < known.size(); ++i) {
    if (known[i] == operation) return static_cast<int>(i);
  }
  return -1;
}

std::string_view ConditionName(Condition c) {
  return c == Condition::kNetworkReady ? "NetworkReady" : "RuntimeReady";
}

std::optional<Condition> ParseCondition(std::string_view name) {
  if (name == "RuntimeReady") return Condition::kRuntimeReady;
  if (name == "NetworkReady") return Condition::kNetworkReady;
  return std::nullopt;
}

std::string_view StatusCodeName(absl::StatusCode code) {
  for (const CodeName& c : kCodes) {
    if (c.code == code) return c.name;
  }
  return "UNKNOWN";
}

std::optional<absl::StatusCode> ParseStatusCode(std::string_view text) {
  int number = -1;
  if (absl::SimpleAtoi(ToAbsl(text), &number)) {
    for (const CodeName& c : kCodes) {
      if (static_cast<int>(c.code) == number) return c.code;
    }
    return std::nullopt;
  }
  const std::string folded = Folded(text);
  if (folded == "CANCELED") return absl::StatusCode::kCancelled;
  for (const CodeName& c : kCodes) {
    if (Folded(c.name) == folded) return c.code;
  }
  return std::nullopt;
}

}  // namespace fakecri::faults
