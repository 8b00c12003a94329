// File: loader.cc
#include "scenario/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "scenario/duration.h"
#include "scenario/pod_yaml.h"
#include "scenario/yaml_reader.h"

namespace fakecri::scenario {
namespace {

using internal::LoadError;
using internal::ReadPod;
using internal::YamlReader;

// A fault document in docs/faults.md's format from a sequence of rules (or
// one rule), re-emitted so the runtime's own parser reads it.
FaultBlock ReadFaults(const YamlReader& r, const YAML::Node& n,
                      absl::string_view what) {
  // yaml-cpp's Node assignment writes through to the referenced node, so
  // the one-rule form gets a fresh sequence instead of reassigning.
  YAML::Node rules(YAML::NodeType::Sequence);
  if (n.IsMap()) {
    rules.push_back(n);
  } else {
    rules = n;
  }
  r.RequireSeq(rules, absl::StrCat(what, " (fault rules of docs/faults.md)"));
  FaultBlock b;
  b.pos = r.Pos(n);
  for (const auto& rule : rules) {
    r.RequireMap(rule, absl::StrCat(what, " rule"));
    b.ids.push_back(rule["id"] && rule["id"].IsScalar() ? rule["id"].Scalar()
                                                        : "");
  }
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "version" << YAML::Value << 1
      << YAML::Key << "faults" << YAML::Value << rules << YAML::EndMap;
  b.yaml = std::string(out.c_str()) + "\n";
  return b;
}

void ReadClock(const YamlReader& r, const YAML::Node& n, ClockSettings* c) {
  if (n.IsScalar()) {
    c->kind = r.Enum(n, "clock", {"virtual", "real"});
    return;
  }
  r.CheckKeys(n, {"kind", "scale"}, "clock");
  c->kind = r.Enum(r.Required(n, "kind", "clock"), "clock kind",
                   {"virtual", "real", "scaled"});
  if (n["scale"]) {
    if (c->kind != "scaled")
      r.Fail(n["scale"], "clock: scale needs kind: scaled");
    c->scale = r.Double(n["scale"], "clock scale");
    if (!(c->scale > 0 && c->scale <= 1e6)) {
      r.Fail(n["scale"], "clock scale: expected a number in (0, 1e6]");
    }
  } else if (c->kind == "scaled") {
    r.Fail(n, "clock: kind scaled needs scale (clock seconds per second)");
  }
}

void ReadRuntime(const YamlReader& r, const YAML::Node& n,
                 RuntimeSettings* rt) {
  r.CheckKeys(n,
              {"sandboxImage", "podCIDR", "cgroupDriver", "execTimeoutStyle",
               "images", "imagesFile", "faults"},
              "runtime");
  if (n["sandboxImage"]) {
    rt->sandbox_image =
        r.NonEmptyStr(n["sandboxImage"], "runtime sandboxImage");
  }
  if (n["podCIDR"]) rt->pod_cidr = r.NonEmptyStr(n["podCIDR"], "podCIDR");
  if (n["cgroupDriver"]) {
    rt->cgroup_driver = r.Enum(n["cgroupDriver"], "runtime cgroupDriver",
                               {"systemd", "cgroupfs"});
  }
  if (n["execTimeoutStyle"]) {
    rt->exec_timeout_style =
        r.Enum(n["execTimeoutStyle"], "runtime execTimeoutStyle",
               {"containerd", "cri-o"});
  }
  if (n["images"] && n["imagesFile"]) {
    r.Fail(n["imagesFile"], "runtime: give images or imagesFile, not both");
  }
  if (n["images"]) {
    r.RequireSeq(n["images"], "runtime images (image catalogue entries)");
    rt->images_pos = r.Pos(n["images"]);
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "version" << YAML::Value << 1
        << YAML::Key << "images" << YAML::Value << n["images"] << YAML::EndMap;
    rt->images_yaml = std::string(out.c_str()) + "\n";
  }
  if (n["imagesFile"]) {
    rt->images_pos = r.Pos(n["imagesFile"]);
    std::filesystem::path p(
        r.NonEmptyStr(n["imagesFile"], "runtime imagesFile"));
    if (p.is_relative()) {
      p = std::filesystem::path(r.file()).parent_path() / p;
    }
    // The error_code form: a name the host cannot even look up (too long,
    // a loop, no permission) is this file's error, not an exception.
    std::error_code ec;
    if (!std::filesystem::exists(p, ec)) {
      r.Fail(n["imagesFile"],
             absl::StrCat("runtime imagesFile: ",
                          ec ? ec.message() : std::string("no such file"), ": ",
                          p.string()));
    }
    rt->images_file = p.string();
  }
  if (n["faults"])
    rt->faults.push_back(ReadFaults(r, n["faults"], "runtime faults"));
}

void ReadKubelet(const YamlReader& r, const YAML::Node& n, KubeletSettings* k) {
  r.CheckKeys(
      n,
      {"eventedPLEG", "relistPeriod", "statusPeriod", "containerGCPeriod",
       "crashLoopBackOff", "imagePullBackOff", "backOffReset"},
      "kubelet");
  if (n["eventedPLEG"])
    k->evented_pleg = r.Bool(n["eventedPLEG"], "kubelet eventedPLEG");
  auto dur = [&](const char* key, std::optional<DurationNs>* out) {
    if (n[key]) {
      *out = r.Duration(n[key], absl::StrCat("kubelet ", key));
      if (**out <= 0)
        r.Fail(n[key], absl::StrCat("kubelet ", key, ": expected > 0"));
    }
  };
  dur("relistPeriod", &k->relist_period);
  dur("statusPeriod", &k->status_period);
  dur("containerGCPeriod", &k->container_gc_period);
  dur("backOffReset", &k->backoff_reset);
  auto backoff = [&](const char* key, std::optional<DurationNs>* initial,
                     std::optional<DurationNs>* max) {
    if (!n[key]) return;
    const std::string what = absl::StrCat("kubelet ", key);
    r.CheckKeys(n[key], {"initial", "max"}, what);
    if (n[key]["initial"])
      *initial = r.Duration(n[key]["initial"], what + " initial");
    if (n[key]["max"]) *max = r.Duration(n[key]["max"], what + " max");
    if (*initial && *max && **initial > **max) {
      r.Fail(n[key], what + ": initial is longer than max");
    }
  };
  backoff("crashLoopBackOff", &k->crash_loop_backoff_initial,
          &k->crash_loop_backoff_max);
  backoff("imagePullBackOff", &k->image_backoff_initial, &k->image_backoff_max);
}

std::string NamespaceOf(const YamlReader& r, const YAML::Node& n) {
  return n["namespace"] ? r.NonEmptyStr(n["namespace"], "namespace")
                        : "default";
}

Expectation ReadExpectation(const YamlReader& r, const YAML::Node& n) {
  Expectation e;
  e.pos = r.Pos(n);
  r.RequireMap(n, "expectation");
  if (n["description"]) e.description = r.Str(n["description"], "description");
  if (n["container"] && n["pod"] && !n["calls"] && !n["backoff"]) {
    r.CheckKeys(n,
                {"description", "pod", "namespace", "container", "state",
                 "reason", "exitCode", "restartCount", "ready"},
                "container expectation");
    ContainerExpectation c;
    c.pod = r.NonEmptyStr(n["pod"], "pod");
    c.pod_namespace = NamespaceOf(r, n);
    c.container = r.NonEmptyStr(n["container"], "container");
    if (n["state"]) {
      c.state = r.Enum(n["state"], "container state",
                       {"waiting", "running", "terminated"});
    }
    if (n["reason"]) c.reason = r.Str(n["reason"], "container reason");
    if (n["exitCode"]) {
      c.exit_code = static_cast<int>(r.Int(n["exitCode"], "exitCode", -1, 255));
    }
    if (n["restartCount"])
      c.restart_count = r.Range(n["restartCount"], "restartCount");
    if (n["ready"]) c.ready = r.Bool(n["ready"], "container ready");
    e.what = std::move(c);
  } else if (n["pod"] && !n["calls"] && !n["order"] && !n["backoff"]) {
    r.CheckKeys(n,
                {"description", "pod", "namespace", "phase", "status", "ready",
                 "readyCount", "restarts", "absent"},
                "pod expectation");
    PodExpectation p;
    p.pod = r.NonEmptyStr(n["pod"], "pod");
    p.pod_namespace = NamespaceOf(r, n);
    if (n["phase"]) {
      p.phase = r.Enum(n["phase"], "pod phase",
                       {"Pending", "Running", "Succeeded", "Failed"});
    }
    if (n["status"]) p.status = r.NonEmptyStr(n["status"], "pod status");
    if (n["ready"]) p.ready = r.Bool(n["ready"], "pod ready");
    if (n["readyCount"]) {
      std::string rc = r.Str(n["readyCount"], "readyCount");
      int a = 0, b = 0;
      char slash = 0;
      std::istringstream in(rc);
      if (!(in >> a >> slash >> b) || slash != '/' || !in.eof() || a < 0 ||
          b < 1 || a > b) {
        r.Fail(n["readyCount"],
               "readyCount: expected n/m as kubectl shows it, e.g. 1/2");
      }
      p.ready_count = rc;
    }
    if (n["restarts"]) p.restarts = r.Range(n["restarts"], "restarts");
    if (n["absent"]) p.absent = r.Bool(n["absent"], "absent");
    e.what = std::move(p);
  } else if (n["node"]) {
    r.CheckKeys(n, {"description", "node"}, "node expectation");
    r.CheckKeys(n["node"], {"ready", "message"}, "node expectation");
    NodeExpectation ne;
    ne.ready = r.Bool(r.Required(n["node"], "ready", "node expectation"),
                      "node ready");
    if (n["node"]["message"]) {
      ne.message_contains = r.NonEmptyStr(n["node"]["message"], "node message");
    }
    e.what = std::move(ne);
  } else if (n["calls"]) {
    r.CheckKeys(n,
                {"description", "calls", "pod", "container", "image", "count",
                 "failed", "succeeded", "outcomes"},
                "calls expectation");
    CallsExpectation c;
    c.rpc = r.NonEmptyStr(n["calls"], "calls (a CRI RPC name)");
    if (n["pod"]) c.pod = r.NonEmptyStr(n["pod"], "pod");
    if (n["container"])
      c.container = r.NonEmptyStr(n["container"], "container");
    if (n["image"]) c.image = r.NonEmptyStr(n["image"], "image");
    if (n["count"]) c.count = r.Range(n["count"], "count");
    if (n["failed"]) c.failed = r.Range(n["failed"], "failed");
    if (n["succeeded"]) c.succeeded = r.Range(n["succeeded"], "succeeded");
    if (n["outcomes"]) {
      c.outcomes = r.StrList(n["outcomes"], "outcomes");
      for (size_t i = 0; i < c.outcomes.size(); ++i) {
        const std::string& o = c.outcomes[i];
        if (o.empty() || (o != "ok" && o != "error" &&
                          o.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") !=
                              std::string::npos)) {
          r.Fail(n["outcomes"][i],
                 "outcomes: expected ok, error or a gRPC code name such as "
                 "UNAVAILABLE");
        }
      }
    }
    if (!c.count && !c.failed && !c.succeeded && c.outcomes.empty()) {
      r.Fail(n, "calls expectation: give count, failed, succeeded or outcomes");
    }
    e.what = std::move(c);
  } else if (n["order"]) {
    r.CheckKeys(n, {"description", "order", "pod"}, "order expectation");
    OrderExpectation o;
    if (n["pod"]) o.pod = r.NonEmptyStr(n["pod"], "pod");
    o.calls = r.StrList(n["order"], "order");
    if (o.calls.size() < 2)
      r.Fail(n["order"], "order: expected at least two calls");
    e.what = std::move(o);
  } else if (n["backoff"]) {
    r.CheckKeys(n, {"description", "backoff"}, "backoff expectation");
    const YAML::Node b = n["backoff"];
    r.CheckKeys(b, {"pod", "namespace", "container", "intervals", "tolerance"},
                "backoff");
    BackoffExpectation be;
    be.pod = r.NonEmptyStr(r.Required(b, "pod", "backoff"), "backoff pod");
    be.pod_namespace = NamespaceOf(r, b);
    be.container = r.NonEmptyStr(r.Required(b, "container", "backoff"),
                                 "backoff container");
    const YAML::Node iv = r.Required(b, "intervals", "backoff");
    r.RequireSeq(iv, "backoff intervals");
    for (const auto& d : iv)
      be.intervals.push_back(r.Duration(d, "backoff interval"));
    if (be.intervals.empty())
      r.Fail(iv, "backoff intervals: expected at least one");
    if (b["tolerance"])
      be.tolerance = r.Duration(b["tolerance"], "backoff tolerance");
    e.what = std::move(be);
  } else if (n["latency"]) {
    r.CheckKeys(n, {"description", "latency"}, "latency expectation");
    const YAML::Node l = n["latency"];
    r.CheckKeys(l, {"rpc", "pod", "percentile", "min", "max"}, "latency");
    LatencyExpectation le;
    le.rpc = r.NonEmptyStr(r.Required(l, "rpc", "latency"), "latency rpc");
    if (l["pod"]) le.pod = r.NonEmptyStr(l["pod"], "latency pod");
    if (l["percentile"]) {
      le.percentile = r.Double(l["percentile"], "latency percentile");
      if (!(le.percentile >= 0 && le.percentile <= 100)) {
        r.Fail(l["percentile"], "latency percentile: expected 0..100");
      }
    }
    if (l["min"]) le.min = r.Duration(l["min"], "latency min");
    if (l["max"]) le.max = r.Duration(l["max"], "latency max");
    if (!le.min && !le.max) r.Fail(l, "latency: give min, max or both");
    e.what = std::move(le);
  } else if (n["fault"]) {
    r.CheckKeys(n, {"description", "fault", "hits"}, "fault expectation");
    FaultExpectation f;
    f.id = r.NonEmptyStr(n["fault"], "fault (a rule id)");
    f.hits = r.Range(r.Required(n, "hits", "fault expectation"), "hits");
    e.what = std::move(f);
  } else {
    r.Fail(n,
           "expectation: expected one of pod (+ container), node, calls, "
           "order, backoff, latency or fault");
  }
  return e;
}

std::vector<Expectation> ReadExpectations(const YamlReader& r,
                                          const YAML::Node& n) {
  r.RequireSeq(n, "expect");
  std::vector<Expectation> out;
  for (const auto& item : n) out.push_back(ReadExpectation(r, item));
  return out;
}

TimelineStep ReadStep(const YamlReader& r, const YAML::Node& n, TimeNs prev) {
  r.CheckKeys(
      n,
      {"at", "after", "createPod", "replicas", "deletePod", "addFaults",
       "removeFault", "setCondition", "restartRuntime", "wait", "expect"},
      "timeline step");
  TimelineStep s;
  s.pos = r.Pos(n);
  if (n["at"] && n["after"])
    r.Fail(n["after"], "timeline step: give at or after, not both");
  if (n["at"]) {
    s.at = r.Duration(n["at"], "at");
    if (s.at < prev) {
      r.Fail(n["at"],
             absl::StrCat("at: steps must be in time order; this one is "
                          "before the previous step (",
                          FormatDuration(prev), ")"));
    }
  } else if (n["after"]) {
    s.at = prev + r.Duration(n["after"], "after");
  } else {
    s.at = prev;
  }
  int actions = 0;
  for (const char* k : {"createPod", "deletePod", "addFaults", "removeFault",
                        "setCondition", "restartRuntime", "wait"}) {
    if (n[k]) ++actions;
  }
  if (actions > 1) r.Fail(n, "timeline step: expected at most one action");
  if (actions == 0 && !n["expect"]) {
    r.Fail(n,
           "timeline step: expected an action (createPod, deletePod, "
           "addFaults, removeFault, setCondition, restartRuntime, wait) or "
           "expect");
  }
  if (n["replicas"] && !n["createPod"]) {
    r.Fail(n["replicas"], "replicas: only with createPod");
  }
  if (n["createPod"]) {
    CreatePodAction a{ReadPod(r, n["createPod"])};
    if (n["replicas"]) {
      a.replicas = static_cast<int>(r.Int(n["replicas"], "replicas", 1, 10000));
    }
    s.action = std::move(a);
  } else if (n["deletePod"]) {
    const YAML::Node d = n["deletePod"];
    DeletePodAction a;
    if (d.IsScalar()) {
      a.name = r.NonEmptyStr(d, "deletePod");
    } else {
      r.CheckKeys(d, {"name", "namespace", "gracePeriodSeconds"}, "deletePod");
      a.name =
          r.NonEmptyStr(r.Required(d, "name", "deletePod"), "deletePod name");
      a.pod_namespace = NamespaceOf(r, d);
      if (d["gracePeriodSeconds"]) {
        a.grace_period_seconds =
            r.Int(d["gracePeriodSeconds"], "deletePod gracePeriodSeconds", 0,
                  int64_t{1} << 31);
      }
    }
    s.action = a;
  } else if (n["addFaults"]) {
    s.action = AddFaultsAction{ReadFaults(r, n["addFaults"], "addFaults")};
  } else if (n["removeFault"]) {
    s.action = RemoveFaultAction{
        r.NonEmptyStr(n["removeFault"], "removeFault (a rule id)")};
  } else if (n["setCondition"]) {
    const YAML::Node c = n["setCondition"];
    r.CheckKeys(c, {"condition", "ready", "reason", "message", "duration"},
                "setCondition");
    SetConditionAction a;
    a.condition =
        r.Enum(r.Required(c, "condition", "setCondition"),
               "setCondition condition", {"RuntimeReady", "NetworkReady"});
    a.ready =
        r.Bool(r.Required(c, "ready", "setCondition"), "setCondition ready");
    if (c["reason"]) a.reason = r.Str(c["reason"], "setCondition reason");
    if (c["message"]) a.message = r.Str(c["message"], "setCondition message");
    if (c["duration"]) {
      if (a.ready)
        r.Fail(c["duration"], "setCondition: duration only with ready: false");
      a.duration = r.Duration(c["duration"], "setCondition duration");
    }
    if (a.ready && (c["reason"] || c["message"])) {
      r.Fail(c, "setCondition: reason and message only with ready: false");
    }
    s.action = a;
  } else if (n["restartRuntime"]) {
    const YAML::Node rr = n["restartRuntime"];
    RestartRuntimeAction a;
    if (!(rr.IsScalar() && rr.Scalar() == "true")) {
      r.CheckKeys(rr, {"outage", "containersUnknown"}, "restartRuntime");
      if (rr["outage"])
        a.outage = r.Duration(rr["outage"], "restartRuntime outage");
      if (rr["containersUnknown"]) {
        a.containers_unknown =
            r.Bool(rr["containersUnknown"], "restartRuntime containersUnknown");
      }
    }
    s.action = a;
  } else if (n["wait"]) {
    s.action = WaitAction{r.Duration(n["wait"], "wait")};
  }
  if (n["expect"]) s.expect = ReadExpectations(r, n["expect"]);
  return s;
}

// Expectations and deletions must name pods (and containers) the timeline
// creates: a typo would otherwise only show up as a failed run.
void CheckReferences(const YamlReader& r, const Scenario& s) {
  std::map<std::pair<std::string, std::string>, const PodSpec*> pods;
  std::set<std::string> fault_ids;
  for (const auto& b : s.runtime.faults) {
    for (const auto& id : b.ids) fault_ids.insert(id);
  }
  for (const auto& step : s.timeline) {
    if (const auto* c = std::get_if<CreatePodAction>(&step.action)) {
      for (const auto& name : c->Names()) {
        auto key = std::make_pair(c->pod.pod_namespace, name);
        if (!pods.emplace(key, &c->pod).second) {
          r.Fail(step.pos, absl::StrCat("createPod: pod ", key.first, "/",
                                        key.second, " is created twice"));
        }
      }
    }
    if (const auto* a = std::get_if<AddFaultsAction>(&step.action)) {
      for (const auto& id : a->faults.ids) fault_ids.insert(id);
    }
    if (std::holds_alternative<SetConditionAction>(step.action)) {
      fault_ids.insert("condition-" +
                       std::get<SetConditionAction>(step.action).condition);
    }
  }
  auto pod = [&](const SourcePos& pos, const std::string& ns,
                 const std::string& name) -> const PodSpec* {
    auto it = pods.find({ns, name});
    if (it == pods.end()) {
      r.Fail(pos, absl::StrCat("no createPod in the timeline makes pod ", ns,
                               "/", name));
    }
    return it->second;
  };
  auto container = [&](const SourcePos& pos, const PodSpec& p,
                       const std::string& name) {
    for (const auto* list : {&p.init_containers, &p.containers}) {
      for (const auto& c : *list) {
        if (c.name == name) return;
      }
    }
    r.Fail(pos, absl::StrCat("pod ", p.name, " has no container '", name, "'"));
  };
  auto check = [&](const Expectation& e) {
    if (const auto* p = std::get_if<PodExpectation>(&e.what)) {
      pod(e.pos, p->pod_namespace, p->pod);
    } else if (const auto* c = std::get_if<ContainerExpectation>(&e.what)) {
      container(e.pos, *pod(e.pos, c->pod_namespace, c->pod), c->container);
    } else if (const auto* b = std::get_if<BackoffExpectation>(&e.what)) {
      container(e.pos, *pod(e.pos, b->pod_namespace, b->pod), b->container);
    } else if (const auto* f = std::get_if<FaultExpectation>(&e.what)) {
      if (!fault_ids.contains(f->id)) {
        r.Fail(e.pos, absl::StrCat("fault: no rule with id '", f->id,
                                   "' (give the rule an explicit id)"));
      }
    } else if (const auto* ce = std::get_if<CallsExpectation>(&e.what)) {
      if (ce->pod) {
        bool found = false;
        for (const auto& [k, v] : pods) found = found || k.second == *ce->pod;
        if (!found)
          r.Fail(e.pos, absl::StrCat("calls: no pod named ", *ce->pod));
      }
    }
  };
  for (const auto& step : s.timeline) {
    if (const auto* d = std::get_if<DeletePodAction>(&step.action)) {
      pod(step.pos, d->pod_namespace, d->name);
    }
    for (const auto& e : step.expect) check(e);
  }
  for (const auto& e : s.expect) check(e);
}

Scenario Read(const YamlReader& r, const YAML::Node& root) {
  r.CheckKeys(root,
              {"version", "name", "description", "seed", "clock", "duration",
               "runtime", "kubelet", "timeline", "expect"},
              "scenario");
  Scenario s;
  s.file = r.file();
  const YAML::Node v = r.Required(root, "version", "scenario");
  if (r.Int(v, "version", 0, 1 << 20) != 1) r.Fail(v, "version: expected 1");
  s.name = r.NonEmptyStr(r.Required(root, "name", "scenario"), "name");
  if (root["description"])
    s.description = r.Str(root["description"], "description");
  if (root["seed"]) {
    s.seed = static_cast<uint64_t>(r.Int(root["seed"], "seed", 1, INT64_MAX));
  }
  if (root["clock"]) ReadClock(r, root["clock"], &s.clock);
  if (root["runtime"]) ReadRuntime(r, root["runtime"], &s.runtime);
  if (root["kubelet"]) ReadKubelet(r, root["kubelet"], &s.kubelet);
  const YAML::Node tl = r.Required(root, "timeline", "scenario");
  r.RequireSeq(tl, "timeline");
  TimeNs prev = 0;
  for (const auto& item : tl) {
    TimelineStep step = ReadStep(r, item, prev);
    prev = step.at;
    if (const auto* w = std::get_if<WaitAction>(&step.action))
      prev += w->duration;
    s.timeline.push_back(std::move(step));
  }
  if (s.timeline.empty()) r.Fail(tl, "timeline: expected at least one step");
  if (root["expect"]) s.expect = ReadExpectations(r, root["expect"]);
  s.duration = prev;
  if (root["duration"]) {
    s.duration = r.Duration(root["duration"], "duration");
    if (s.duration < prev) {
      r.Fail(root["duration"],
             absl::StrCat("duration: the timeline runs to ",
                          FormatDuration(prev), ", longer than the duration"));
    }
  }
  CheckReferences(r, s);
  return s;
}

}  // namespace

// Whether a second YAML document starts ("---" at the start of a line
// after content). Checked by hand: yaml-cpp 0.7's LoadAll can spin forever
// on some malformed text (a line starting with ',', found by
// scenario_loader_fuzzer) where Load, which reads one document, fails.
bool HasSecondDocument(absl::string_view text) {
  bool content = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const bool marker =
        absl::StartsWith(line, "---") && (line.size() == 3 || line[3] == ' ' ||
                                          line[3] == '\t' || line[3] == '\r');
    if (marker && content) return true;
    const absl::string_view rest =
        absl::StripAsciiWhitespace(marker ? line.substr(3) : line);
    if (!rest.empty() && rest[0] != '#' && (marker || line[0] != '%')) {
      content = true;
    }
  }
  return false;
}

absl::StatusOr<Scenario> ParseScenario(absl::string_view yaml,
                                       absl::string_view source_name) {
  YamlReader r{std::string(source_name)};
  // YAML text cannot hold a NUL byte, and yaml-cpp 0.7 can spin on one
  // (found by scenario_loader_fuzzer): refuse it before parsing.
  if (const size_t nul = yaml.find('\0'); nul != absl::string_view::npos) {
    const absl::string_view before = yaml.substr(0, nul);
    const size_t line_start = before.rfind('\n');
    const size_t col =
        line_start == absl::string_view::npos ? nul + 1 : nul - line_start;
    return absl::InvalidArgumentError(absl::StrCat(
        source_name, ":", std::count(before.begin(), before.end(), '\n') + 1,
        ":", col, ": a NUL byte; a scenario file is text"));
  }
  try {
    const YAML::Node doc = YAML::Load(std::string(yaml));
    if (!doc.IsMap() || HasSecondDocument(yaml)) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name,
                       ":1:1: expected one YAML document: a mapping with "
                       "version: 1, name and timeline"));
    }
    return Read(r, doc);
  } catch (const LoadError& e) {
    return absl::InvalidArgumentError(e.what());
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", e.mark.line + 1, ":", e.mark.column + 1,
                     ": ", e.msg));
  }
}

absl::StatusOr<Scenario> LoadScenarioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open file"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseScenario(text.str(), path);
}

}  // namespace fakecri::scenario
