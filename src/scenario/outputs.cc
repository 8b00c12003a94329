// File: outputs.cc
#include "scenario/outputs.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "fakecri/cri.h"
#include "scenario/duration.h"

namespace fakecri::scenario {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPid = 1;
constexpr int kKubeletTid = 1, kCriTid = 2, kManagerTid = 3, kFaultTid = 4;
constexpr int kFirstOciTid = 10, kFirstProcessTid = 100;

double Micros(const RunRecord& r, TimeNs t) {
  return static_cast<double>(t - r.start()) / 1000.0;
}

Json Meta(int tid, const std::string& name, int sort) {
  Json m = {{"ph", "M"},
            {"pid", kPid},
            {"tid", tid},
            {"name", "thread_name"},
            {"args", {{"name", name}}}};
  Json s = {{"ph", "M"},
            {"pid", kPid},
            {"tid", tid},
            {"name", "thread_sort_index"},
            {"args", {{"sort_index", sort}}}};
  return Json::array({m, s});
}

}  // namespace

void WriteChromeTrace(const RunRecord& record, std::ostream& out) {
  struct Item {
    double ts;
    size_t order;
    Json ev;
  };
  std::vector<Item> items;
  auto add = [&](double ts, Json ev) {
    items.push_back(Item{ts, items.size(), std::move(ev)});
  };
  std::map<std::string, int> oci_tids;  // handler -> tid
  std::vector<std::string> oci_order;
  std::map<std::string, int> process_tids;  // container id -> tid
  std::vector<std::string> process_order;
  TimeNs last = record.start();
  for (const auto& e : record.events()) last = std::max(last, e->time_ns);

  for (const CriCall& c : record.calls()) {
    const TimeNs end = c.answered ? c.end : last;
    Json args = {{"span", c.span},
                 {"object", c.object_id},
                 {"target",
                  c.owner ? record.Describe(c.created_id.empty() ? c.object_id
                                                                 : c.created_id)
                          : ""},
                 {"status", c.answered ? c.code : -1}};
    if (c.answered && c.code != 0) args["message"] = c.message;
    add(Micros(record, c.start),
        {{"ph", "X"},
         {"pid", kPid},
         {"tid", kCriTid},
         {"name", c.rpc},
         {"cat", "cri"},
         {"ts", Micros(record, c.start)},
         {"dur", static_cast<double>(end - c.start) / 1000.0},
         {"args", args}});
  }
  std::map<std::string, TimeNs> running_since;
  auto process_tid = [&](const std::string& id) {
    auto [it, inserted] = process_tids.emplace(
        id, kFirstProcessTid + static_cast<int>(process_tids.size()));
    if (inserted) process_order.push_back(id);
    return it->second;
  };
  auto close_process = [&](const std::string& id, TimeNs end,
                           const std::string& how) {
    auto it = running_since.find(id);
    if (it == running_since.end()) return;
    const int tid = process_tid(id);
    add(Micros(record, it->second),
        {{"ph", "X"},
         {"pid", kPid},
         {"tid", tid},
         {"name", "running"},
         {"cat", "process"},
         {"ts", Micros(record, it->second)},
         {"dur", static_cast<double>(end - it->second) / 1000.0},
         {"args", {{"container_id", id}, {"end", how}}}});
    running_since.erase(it);
  };
  for (const auto& e : record.events()) {
    const double ts = Micros(record, e->time_ns);
    switch (e->kind) {
      case EventKind::kOciCall: {
        const std::string h = RunRecord::HandlerOf(e->subject);
        auto [it, inserted] = oci_tids.emplace(
            h, kFirstOciTid + static_cast<int>(oci_tids.size()));
        if (inserted) oci_order.push_back(h);
        add(ts, {{"ph", "X"},
                 {"pid", kPid},
                 {"tid", it->second},
                 {"name", e->subject},
                 {"cat", "oci"},
                 {"ts", ts},
                 {"dur", 0},
                 {"args",
                  {{"parent_span", e->parent_span_id},
                   {"object", e->object_id},
                   {"status", e->status_code},
                   {"detail", e->detail}}}});
        break;
      }
      case EventKind::kTransition: {
        add(ts, {{"ph", "i"},
                 {"s", "t"},
                 {"pid", kPid},
                 {"tid", kManagerTid},
                 {"name", absl::StrCat(e->subject, " ", e->detail)},
                 {"cat", "transition"},
                 {"ts", ts},
                 {"args",
                  {{"parent_span", e->parent_span_id},
                   {"object", e->object_id},
                   {"target", record.Describe(e->object_id)}}}});
        if (e->subject == "container") {
          if (e->detail.find("-> CONTAINER_RUNNING") != std::string::npos) {
            process_tid(e->object_id);
            running_since[e->object_id] = e->time_ns;
          } else if (e->detail.find("CONTAINER_RUNNING ->") !=
                     std::string::npos) {
            close_process(e->object_id, e->time_ns, e->detail);
          }
        }
        break;
      }
      case EventKind::kKubelet:
        add(ts, {{"ph", "i"},
                 {"s", "t"},
                 {"pid", kPid},
                 {"tid", kKubeletTid},
                 {"name", e->subject},
                 {"cat", "kubelet"},
                 {"ts", ts},
                 {"args",
                  {{"object", e->object_id},
                   {"target", record.Describe(e->object_id)},
                   {"detail", e->detail}}}});
        break;
      case EventKind::kFault:
        add(ts, {{"ph", "i"},
                 {"s", "g"},
                 {"pid", kPid},
                 {"tid", kFaultTid},
                 {"name", absl::StrCat("fault ", e->subject)},
                 {"cat", "fault"},
                 {"ts", ts},
                 {"args",
                  {{"rule", e->subject},
                   {"object", e->object_id},
                   {"target", record.Describe(e->object_id)},
                   {"effect", e->detail}}}});
        break;
      default:
        break;
    }
  }
  std::vector<std::string> still_running;
  for (const auto& [id, since] : running_since) still_running.push_back(id);
  for (const auto& id : still_running) close_process(id, last, "run ended");

  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.ts < b.ts; });
  Json events = Json::array();
  events.push_back({{"ph", "M"},
                    {"pid", kPid},
                    {"name", "process_name"},
                    {"args", {{"name", "node (fakecri scenario)"}}}});
  auto meta = [&](int tid, const std::string& name, int sort) {
    for (auto& m : Meta(tid, name, sort)) events.push_back(std::move(m));
  };
  meta(kKubeletTid, "kubelet", 1);
  meta(kCriTid, "CRI", 2);
  meta(kManagerTid, "container manager", 3);
  meta(kFaultTid, "faults", 4);
  for (const auto& h : oci_order) {
    meta(oci_tids[h], absl::StrCat("OCI runtime ", h), oci_tids[h]);
  }
  for (const auto& id : process_order) {
    std::string who = record.Describe(id);
    meta(process_tids[id],
         absl::StrCat(who.empty() ? "container" : who, " (", id.substr(0, 12),
                      ")"),
         process_tids[id]);
  }
  for (auto& it : items) events.push_back(std::move(it.ev));
  Json doc = {{"displayTimeUnit", "ms"}, {"traceEvents", std::move(events)}};
  out << doc.dump() << "\n";
}

void WriteEventsJsonl(const RunRecord& record, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  // Zero values too: CONTAINER_CREATED_EVENT is the enum's 0.
  opts.always_print_primitive_fields = true;
  for (const auto& e : record.events()) {
    Json j = {{"seq", e->seq},
              {"time_ns", e->time_ns},
              {"offset_ns", e->time_ns - record.start()},
              {"kind", EventKindName(e->kind)},
              {"span_id", e->span_id},
              {"parent_span_id", e->parent_span_id},
              {"subject", e->subject},
              {"object_id", e->object_id},
              {"owner", record.Describe(e->object_id)},
              {"detail", e->detail},
              {"status_code", e->status_code},
              {"latency_ns", e->latency_ns}};
    // Recorded requests and responses (ServerOptions::record_payloads),
    // in protobuf text format; absent when not recorded.
    if (!e->payload.empty()) j["payload"] = e->payload;
    if (!e->cri_event_bytes.empty()) {
      runtime::v1::ContainerEventResponse ev;
      std::string text;
      if (ev.ParseFromString(e->cri_event_bytes) &&
          google::protobuf::util::MessageToJsonString(ev, &text, opts).ok()) {
        // Protobuf prints map fields (labels, annotations) in hash order;
        // a round trip through a sorted object makes the line depend on
        // the content only.
        j["cri_event"] = Json::parse(nlohmann::json::parse(text).dump());
      }
    }
    out << j.dump() << "\n";
  }
}

bool RunReport::Passed() const {
  if (!error.empty()) return false;
  for (const auto& r : results) {
    if (!r.passed) return false;
  }
  return true;
}

void WriteJsonReport(const std::vector<RunReport>& runs, std::ostream& out) {
  Json doc = {{"passed", true}, {"scenarios", Json::array()}};
  for (const auto& run : runs) {
    Json s = {{"name", run.scenario},
              {"file", run.file},
              {"seed", run.seed},
              {"clock", run.clock},
              {"duration", FormatDuration(run.duration)},
              {"passed", run.Passed()},
              {"error", run.error},
              {"expectations", Json::array()}};
    for (const auto& r : run.results) {
      s["expectations"].push_back({{"what", r.what},
                                   {"at", FormatOffset(r.at)},
                                   {"position", r.pos.ToString()},
                                   {"passed", r.passed},
                                   {"message", r.message}});
    }
    if (!run.Passed()) doc["passed"] = false;
    doc["scenarios"].push_back(std::move(s));
  }
  out << doc.dump(2) << "\n";
}

namespace {

std::string Xml(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&apos;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

}  // namespace

void WriteJunitReport(const std::vector<RunReport>& runs, std::ostream& out) {
  size_t tests = 0, failures = 0, errors = 0;
  for (const auto& run : runs) {
    tests += run.results.size() + (run.error.empty() ? 0 : 1);
    errors += run.error.empty() ? 0 : 1;
    for (const auto& r : run.results) failures += r.passed ? 0 : 1;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"fakecri scenarios\" tests=\"" << tests
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n";
  for (const auto& run : runs) {
    size_t f = 0;
    for (const auto& r : run.results) f += r.passed ? 0 : 1;
    out << "  <testsuite name=\"" << Xml(run.scenario) << "\" tests=\""
        << run.results.size() + (run.error.empty() ? 0 : 1) << "\" failures=\""
        << f << "\" errors=\"" << (run.error.empty() ? 0 : 1) << "\" file=\""
        << Xml(run.file) << "\">\n";
    out << "    <properties><property name=\"seed\" value=\"" << run.seed
        << "\"/><property name=\"clock\" value=\"" << Xml(run.clock)
        << "\"/></properties>\n";
    if (!run.error.empty()) {
      out << "    <testcase classname=\"" << Xml(run.scenario)
          << "\" name=\"run\"><error message=\"" << Xml(run.error)
          << "\"/></testcase>\n";
    }
    for (const auto& r : run.results) {
      out << "    <testcase classname=\"" << Xml(run.scenario) << "\" name=\""
          << Xml(absl::StrCat(r.pos.ToString(), " ", FormatOffset(r.at), " ",
                              r.what))
          << "\"";
      if (r.passed) {
        out << "/>\n";
      } else {
        out << "><failure message=\"" << Xml(r.message) << "\"/></testcase>\n";
      }
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace fakecri::scenario
