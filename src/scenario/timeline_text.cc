// File: timeline_text.cc
#include "scenario/timeline_text.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "scenario/duration.h"
#include "scenario/grpc_code.h"

namespace fakecri::scenario {
namespace {

std::string CodeText(int code) { return GrpcCodeName(code); }

std::string Target(const RunRecord& record, const std::string& id) {
  if (id.empty()) return "";
  std::string d = record.Describe(id);
  if (!d.empty()) return d;
  // Images and unknown ids: as given (container ids shortened).
  if (id.size() == 64 &&
      id.find_first_not_of("0123456789abcdef") == std::string::npos) {
    return id.substr(0, 12);
  }
  return id;
}

}  // namespace

bool IsPollingRpc(const std::string& rpc) {
  return rpc == "ListPodSandbox" || rpc == "ListContainers" ||
         rpc == "Status" || rpc == "PodSandboxStatus" ||
         rpc == "ContainerStatus" || rpc == "ImageFsInfo" ||
         rpc == "ListImages" || rpc == "ListContainerStats" ||
         rpc == "ListPodSandboxStats" || rpc == "Version" ||
         rpc == "ImageStatus" || rpc == "GetContainerEvents";
}

std::string FormatLatency(DurationNs d) {
  char buf[32];
  if (d < kMillisecond) {
    std::snprintf(buf, sizeof buf, "%lld us", static_cast<long long>(d / 1000));
  } else if (d < kSecond) {
    std::snprintf(buf, sizeof buf, "%.1f ms",
                  static_cast<double>(d) / kMillisecond);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(d) / kSecond);
  }
  return buf;
}

std::optional<std::string> TimelineLine(const Event& e, const RunRecord& record,
                                        const TimelineOptions& opts) {
  const std::string at = FormatOffset(e.time_ns - record.start());
  switch (e.kind) {
    case EventKind::kRpcOut: {
      if (IsPollingRpc(e.subject) && e.status_code == 0 && !opts.all_calls) {
        return std::nullopt;
      }
      // A call that created a sandbox or container is shown with what it
      // created (CreateContainer names only the sandbox).
      const CriCall* call = record.CallOf(e.span_id);
      std::string target =
          Target(record, call != nullptr && !call->created_id.empty()
                             ? call->created_id
                             : e.object_id);
      std::string line = absl::StrCat(
          FormatOffset(e.time_ns - e.latency_ns - record.start()),
          " kubelet → ", e.subject, target.empty() ? "" : " ", target, " ← ",
          CodeText(e.status_code), " ", FormatLatency(e.latency_ns));
      if (e.status_code != 0 && !e.detail.empty()) {
        absl::StrAppend(&line, ": ", e.detail);
      }
      return line;
    }
    case EventKind::kKubelet:
      return absl::StrCat(
          at, " kubelet   ", e.subject, e.object_id.empty() ? "" : " ",
          Target(record, e.object_id), e.detail.empty() ? "" : ": ", e.detail);
    case EventKind::kFault: {
      std::string target = Target(record, e.object_id);
      return absl::StrCat(at, " FAULT ⚡  ", e.subject,
                          target.empty() ? "" : " ", target, ": ", e.detail);
    }
    case EventKind::kTransition:
      if (e.subject != "container" && e.subject != "sandbox") {
        return std::nullopt;
      }
      return absl::StrCat(at, " runtime   ", e.subject, " ",
                          Target(record, e.object_id), " ", e.detail);
    case EventKind::kOciCall:
      if (!opts.oci_calls) return std::nullopt;
      return absl::StrCat(at, " oci       ", e.subject, " ",
                          Target(record, e.object_id),
                          e.status_code == 0 ? "" : " failed: ", e.detail);
    case EventKind::kInfo:
      return absl::StrCat(at, " info      ", e.subject,
                          e.detail.empty() ? "" : ": ", e.detail);
    case EventKind::kRpcIn:
    case EventKind::kCriEvent:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace fakecri::scenario
