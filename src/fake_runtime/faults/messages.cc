// File: messages.cc
// Default failure wording, modelled on what containerd's CRI plugin and
// runc print for the same failures, so that kubelet events and logs in a
// test look like the real thing.
#include "fake_runtime/faults/messages.h"

#include <string>
#include <string_view>

#include "fake_runtime/common/str_cat.h"

namespace fakecri::faults {
namespace {

struct Wording {
  Hop hop;
  std::string_view operation;
  std::string_view text;
};

constexpr std::string_view kPullFailure =
    "failed to pull and unpack image \"{image}\": failed to resolve "
    "reference \"{image}\": unexpected status from HEAD request: 503 "
    "Service Unavailable";

constexpr Wording kWordings[] = {
    {Hop::kCri, "PullImage", kPullFailure},
    {Hop::kImagePull, "pull", kPullFailure},
    {Hop::kCri, "RunPodSandbox",
     "failed to start sandbox container task for pod \"{namespace}/{pod}\": "
     "failed to create shim task: injected fault: unknown"},
    {Hop::kCri, "StopPodSandbox",
     "failed to stop sandbox for pod \"{namespace}/{pod}\": injected fault"},
    {Hop::kCri, "RemovePodSandbox",
     "failed to remove sandbox for pod \"{namespace}/{pod}\": injected fault"},
    {Hop::kCri, "CreateContainer",
     "failed to create containerd container: injected fault"},
    {Hop::kCri, "StartContainer",
     "failed to create containerd task: failed to create shim task: OCI "
     "runtime create failed: {handler} create failed: unable to start "
     "container process: injected fault: unknown"},
    {Hop::kCri, "StopContainer",
     "failed to kill container \"{container}\": injected fault"},
    {Hop::kCri, "RemoveContainer",
     "failed to remove container \"{container}\": injected fault"},
    {Hop::kCri, "ExecSync", "failed to exec in container: injected fault"},
    {Hop::kCri, "ImageStatus",
     "failed to get image \"{image}\": injected fault"},
    {Hop::kCri, "RemoveImage",
     "failed to delete image reference \"{image}\": injected fault"},
    {Hop::kCri, "Status", "failed to get runtime status: injected fault"},
    {Hop::kOci, "create",
     "OCI runtime create failed: {handler} create failed: injected fault: "
     "unknown"},
    {Hop::kOci, "start",
     "failed to create containerd task: failed to create shim task: OCI "
     "runtime create failed: {handler} create failed: unable to start "
     "container process: injected fault: unknown"},
    {Hop::kOci, "kill",
     "failed to kill task: OCI runtime kill failed: injected fault: unknown"},
    {Hop::kOci, "delete",
     "failed to delete task: OCI runtime delete failed: injected fault: "
     "unknown"},
};

std::string_view Value(const FaultPoint& p, std::string_view name,
                       std::string_view rule_id, bool* known) {
  *known = true;
  if (name == "image") return p.image;
  if (name == "pod") return p.pod_name;
  if (name == "namespace") return p.pod_namespace;
  if (name == "container") return p.container_name;
  if (name == "handler") return p.handler.empty() ? "runc" : p.handler;
  if (name == "operation") return p.operation;
  if (name == "rule") return rule_id;
  *known = false;
  return {};
}

}  // namespace

std::string_view DefaultMessageTemplate(Hop hop, std::string_view operation) {
  for (const Wording& w : kWordings) {
    if (w.hop == hop && w.operation == operation) return w.text;
  }
  if (hop == Hop::kManager) return "{operation}: injected fault";
  return "injected fault";
}

std::string_view DefaultNotReadyReason(Condition c) {
  return c == Condition::kNetworkReady ? "NetworkPluginNotReady"
                                       : "RuntimeNotReady";
}

std::string_view DefaultNotReadyMessage(Condition c) {
  return c == Condition::kNetworkReady
             ? "Network plugin returns error: cni plugin not initialized"
             : "container runtime is not ready (injected fault)";
}

std::string ExpandMessage(std::string_view tmpl, const FaultPoint& point,
                          std::string_view rule_id) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  size_t i = 0;
  while (i < tmpl.size()) {
    const size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    bool known = false;
    const std::string_view v =
        Value(point, tmpl.substr(open + 1, close - open - 1), rule_id, &known);
    out.append(tmpl.substr(i, open - i));
    if (known) {
      out.append(v);
      i = close + 1;
    } else {
      out.push_back('{');
      i = open + 1;
    }
  }
  out.append(tmpl.substr(i));
  return out;
}

std::string DescribeTarget(const FaultPoint& p) {
  std::string out;
  auto add = [&](std::string_view name, std::string_view value) {
    if (value.empty()) return;
    StrAppend(&out, out.empty() ? "" : " ", name, " ", value);
  };
  if (!p.pod_name.empty()) {
    add("pod", p.pod_namespace.empty()
                   ? std::string(p.pod_name)
                   : StrCat(p.pod_namespace, "/", p.pod_name));
  } else {
    add("namespace", p.pod_namespace);
  }
  add("container", p.container_name);
  add("image", p.image);
  add("handler", p.handler);
  return out.empty() ? "runtime" : out;
}

}  // namespace fakecri::faults
