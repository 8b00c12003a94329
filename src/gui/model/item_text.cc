// File: item_text.cc
#include "gui/model/item_text.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fakecri::gui {

std::string FormatDuration(int64_t ns) {
  const char* sign = ns < 0 ? "-" : "";
  const double v = std::abs(static_cast<double>(ns));
  if (v < 1e3) return absl::StrFormat("%s%.0f ns", sign, v);
  if (v < 1e6) return absl::StrFormat("%s%.3g us", sign, v / 1e3);
  if (v < 1e9) return absl::StrFormat("%s%.3g ms", sign, v / 1e6);
  if (v < 60e9) return absl::StrFormat("%s%.3g s", sign, v / 1e9);
  const int64_t s = static_cast<int64_t>(v / 1e9);
  return absl::StrFormat("%s%dm%02ds", sign, s / 60, s % 60);
}

std::string StatusCodeName(int code) {
  if (code < 0 || code > 16) return absl::StrCat("CODE_", code);
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string FormatOffset(TimeNs t, TimeNs origin) {
  const int64_t d = t - origin;
  return absl::StrFormat("%s%d.%06d s", d < 0 ? "-" : "+",
                         std::abs(d) / 1'000'000'000,
                         (std::abs(d) % 1'000'000'000) / 1000);
}

namespace {

std::string OciLabel(const Call& c) {
  std::string out = absl::StrCat(c.handler, " ", c.name);
  if (!c.ok())
    absl::StrAppend(&out, " FAILED: ", StatusCodeName(c.status_code));
  return out;
}

std::string Shortened(std::string s, size_t max) {
  if (s.size() <= max) return s;
  s.resize(max - 3);
  return s + "...";
}

}  // namespace

std::string ItemLabel(const RunModel& model, ItemId item) {
  if (item >= model.items().size()) return "";
  const FlowItem& it = model.items()[item];
  switch (it.kind) {
    case ItemKind::kRequest: {
      const Call& c = model.calls()[it.ref];
      return c.is_stream() ? absl::StrCat(c.name, " [stream]") : c.name;
    }
    case ItemKind::kReply: {
      const Call& c = model.calls()[it.ref];
      return absl::StrCat(StatusCodeName(c.status_code), " ",
                          FormatDuration(c.latency_ns));
    }
    case ItemKind::kOciCall:
      return OciLabel(model.calls()[it.ref]);
    case ItemKind::kCriEvent:
      return model.cri_events()[it.ref].type;
    case ItemKind::kFault: {
      const FaultMark& f = model.faults()[it.ref];
      std::string out = absl::StrCat("fault ", f.rule, ": ", f.effect);
      if (f.status_code != 0) {
        absl::StrAppend(&out, " ", StatusCodeName(f.status_code));
      }
      if (f.delay_ns > 0) {
        absl::StrAppend(&out, " +", FormatDuration(f.delay_ns));
      }
      return out;
    }
    case ItemKind::kKubelet: {
      const KubeletNote& n = model.kubelet_notes()[it.ref];
      return Shortened(absl::StrCat(n.subject, ": ", n.detail), 72);
    }
  }
  return "";
}

std::string ItemSummary(const RunModel& model, ItemId item) {
  if (item >= model.items().size()) return "";
  const FlowItem& it = model.items()[item];
  const TimeNs origin = model.first_time();
  std::string out;
  auto line = [&](auto&&... parts) {
    if (!out.empty()) out += "\n";
    absl::StrAppend(&out, parts...);
  };
  switch (it.kind) {
    case ItemKind::kRequest:
    case ItemKind::kReply: {
      const Call& c = model.calls()[it.ref];
      line(c.name, c.service == CriService::kImage ? " (image service)"
                                                   : " (runtime service)");
      if (!c.object_id.empty()) line("object: ", model.Describe(c.object_id));
      if (!c.created_id.empty()) {
        line("created: ", model.Describe(c.created_id));
      }
      line("at ", FormatOffset(c.start, origin));
      if (c.answered) {
        line(StatusCodeName(c.status_code), " after ",
             FormatDuration(c.latency_ns));
        if (!c.message.empty()) line(Shortened(c.message, 120));
      } else {
        line("waiting for the answer");
      }
      if (!c.children.empty()) line(c.children.size(), " OCI runtime call(s)");
      for (uint32_t f : c.faults) {
        line("fault ", model.faults()[f].rule, ": ", model.faults()[f].effect);
      }
      break;
    }
    case ItemKind::kOciCall: {
      const Call& c = model.calls()[it.ref];
      line(c.handler, " ", c.name, " (OCI runtime)");
      if (!c.object_id.empty()) line("task: ", model.Describe(c.object_id));
      line("at ", FormatOffset(c.start, origin));
      line(StatusCodeName(c.status_code), ": ", Shortened(c.message, 120));
      if (c.parent != kNoCall) line("under ", model.calls()[c.parent].name);
      break;
    }
    case ItemKind::kCriEvent: {
      const CriEventMark& m = model.cri_events()[it.ref];
      line(m.type, " (GetContainerEvents)");
      if (!m.container_id.empty()) line("for ", model.Describe(m.container_id));
      line("at ", FormatOffset(m.time, origin));
      break;
    }
    case ItemKind::kFault: {
      const FaultMark& f = model.faults()[it.ref];
      line("injected fault, rule ", f.rule);
      line(Shortened(f.detail, 160));
      line("at ", FormatOffset(f.time, origin));
      if (f.call != kNoCall) line("hit ", model.calls()[f.call].name);
      break;
    }
    case ItemKind::kKubelet: {
      const KubeletNote& n = model.kubelet_notes()[it.ref];
      line("kubelet: ", n.subject);
      if (!n.object_id.empty()) line("for ", model.Describe(n.object_id));
      line(Shortened(n.detail, 160));
      line("at ", FormatOffset(n.time, origin));
      break;
    }
  }
  return out;
}

std::string CallDetails(const RunModel& model, CallId call) {
  if (call >= model.calls().size()) return "";
  const Call& c = model.calls()[call];
  const TimeNs origin = model.first_time();
  std::string out;
  if (c.kind == CallKind::kCri) {
    absl::StrAppend(&out, "CRI call ", c.name,
                    c.service == CriService::kImage ? " (ImageService)"
                                                    : " (RuntimeService)",
                    ", span ", c.span, "\n");
  } else {
    absl::StrAppend(&out, "OCI runtime call ", c.handler, " ", c.name,
                    ", span ", c.span, "\n");
    if (c.parent != kNoCall) {
      absl::StrAppend(&out, "under CRI call ", model.calls()[c.parent].name,
                      " (span ", model.calls()[c.parent].span, ")\n");
    }
  }
  if (!c.object_id.empty()) {
    absl::StrAppend(&out, "object: ", model.Describe(c.object_id), " (",
                    c.object_id, ")\n");
  }
  if (!c.created_id.empty()) {
    absl::StrAppend(&out, "created: ", model.Describe(c.created_id), " (",
                    c.created_id, ")\n");
  }
  absl::StrAppend(&out, "\nTiming\n  start ", FormatOffset(c.start, origin),
                  "\n");
  if (c.answered) {
    absl::StrAppend(&out, "  end   ", FormatOffset(c.end, origin),
                    "\n  latency ", FormatDuration(c.latency_ns), "\n");
  } else {
    absl::StrAppend(&out, "  not answered yet\n");
  }
  absl::StrAppend(&out, "\nOutcome\n  ",
                  c.answered ? StatusCodeName(c.status_code) : "pending");
  if (!c.message.empty()) absl::StrAppend(&out, ": ", c.message);
  out += "\n";
  if (!c.faults.empty()) {
    out += "\nInjected faults\n";
    for (uint32_t f : c.faults) {
      const FaultMark& m = model.faults()[f];
      absl::StrAppend(&out, "  rule ", m.rule, " (", m.hop, " ", m.operation,
                      "): ", m.detail, "\n");
    }
  }
  if (!c.transitions.empty()) {
    out += "\nState transitions caused\n";
    for (const CausedTransition& t : c.transitions) {
      absl::StrAppend(&out, "  ", t.subject, " ",
                      t.object_id.empty() ? "" : model.Describe(t.object_id),
                      ": ", t.detail, "\n");
    }
  }
  if (!c.children.empty()) {
    out += "\nOCI runtime calls\n";
    for (CallId k : c.children) {
      const Call& o = model.calls()[k];
      absl::StrAppend(&out, "  ", o.handler, " ", o.name, " ",
                      model.Describe(o.object_id), ": ",
                      StatusCodeName(o.status_code), " ", o.message, "\n");
    }
  }
  if (c.kind == CallKind::kCri) {
    constexpr const char* kNotRecorded =
        "  (not recorded: start the runtime with --record-payloads)\n";
    out += "\nRequest\n";
    out += c.request.empty() ? std::string(kNotRecorded) : c.request;
    if (!out.ends_with('\n')) out += "\n";
    out += "\nResponse\n";
    if (!c.answered) {
      out += "  (not answered yet)\n";
    } else if (!c.ok()) {
      out += "  (an error carries no response message)\n";
    } else {
      out += c.response.empty() ? std::string(kNotRecorded) : c.response;
    }
  }
  return out;
}

}  // namespace fakecri::gui
