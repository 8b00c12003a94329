// File: fault_form.cc
#include "gui/panels/fault_form.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace fakecri::gui {
namespace {

// A YAML double-quoted scalar.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x",
                        static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

const char* FormEffectName(FormEffect e) {
  switch (e) {
    case FormEffect::kError:
      return "error";
    case FormEffect::kLatency:
      return "latency";
    case FormEffect::kCrash:
      return "crash";
    case FormEffect::kOomKill:
      return "oom_kill";
    case FormEffect::kNotReady:
      return "not_ready";
  }
  return "error";
}

void AdjustHopForEffect(FaultForm& form) {
  switch (form.effect) {
    case FormEffect::kCrash:
    case FormEffect::kOomKill:
      form.hop = "process";
      form.operation = "start";
      break;
    case FormEffect::kNotReady:
      form.hop = "runtime";
      form.operation = "status";
      break;
    case FormEffect::kError:
    case FormEffect::kLatency:
      if (form.hop == "process" || form.hop == "runtime") {
        form.hop = "cri";
        form.operation = "PullImage";
      }
      break;
  }
}

std::string FaultFormYaml(const FaultForm& f) {
  std::string y = "version: 1\nfaults:\n  - hop: " + Quote(f.hop) + "\n";
  if (!f.id.empty()) absl::StrAppend(&y, "    id: ", Quote(f.id), "\n");
  if (!f.operation.empty()) {
    absl::StrAppend(&y, "    operation: ", Quote(f.operation), "\n");
  }
  std::string match;
  auto sel = [&](const char* key, const std::string& v) {
    if (!v.empty())
      absl::StrAppend(&match, "      ", key, ": ", Quote(v), "\n");
  };
  sel("pod", f.pod);
  sel("namespace", f.pod_namespace);
  sel("container", f.container);
  sel("image", f.image);
  sel("handler", f.handler);
  // The runtime's status has no pod, container or image to select.
  if (!match.empty() && f.hop != "runtime") {
    absl::StrAppend(&y, "    match:\n", match);
  }
  y += "    effect:\n";
  switch (f.effect) {
    case FormEffect::kError:
      absl::StrAppend(&y, "      error:\n        code: ", Quote(f.code), "\n");
      if (!f.message.empty()) {
        absl::StrAppend(&y, "        message: ", Quote(f.message), "\n");
      }
      break;
    case FormEffect::kLatency:
      absl::StrAppend(&y, "      latency: ", Quote(f.latency), "\n");
      break;
    case FormEffect::kCrash:
      absl::StrAppend(&y, "      crash:\n        exit_code: ", f.exit_code,
                      "\n");
      if (!f.delay.empty()) {
        absl::StrAppend(&y, "        delay: ", Quote(f.delay), "\n");
      }
      break;
    case FormEffect::kOomKill:
      if (f.delay.empty()) {
        y += "      oom_kill: true\n";
      } else {
        absl::StrAppend(&y, "      oom_kill:\n        delay: ", Quote(f.delay),
                        "\n");
      }
      break;
    case FormEffect::kNotReady:
      absl::StrAppend(&y, "      not_ready:\n        condition: ",
                      Quote(f.condition), "\n");
      if (!f.message.empty()) {
        absl::StrAppend(&y, "        message: ", Quote(f.message), "\n");
      }
      break;
  }
  std::string when;
  if (f.times > 0) absl::StrAppend(&when, "      times: ", f.times, "\n");
  if (f.probability < 1.0) {
    absl::StrAppend(&when, "      probability: ", f.probability, "\n");
  }
  if (!when.empty()) absl::StrAppend(&y, "    when:\n", when);
  return y;
}

}  // namespace fakecri::gui
