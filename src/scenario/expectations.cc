// File: expectations.cc
#include "scenario/expectations.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenario/duration.h"
#include "scenario/grpc_code.h"

namespace fakecri::scenario {
namespace {

std::string CodeName(int code) { return GrpcCodeName(code); }

std::string Outcome(const CriCall& c) {
  if (!c.answered) return "unanswered";
  return c.code == 0 ? "ok" : CodeName(c.code);
}

bool OutcomeMatches(const std::string& want, const CriCall& c) {
  if (want == "ok") return c.answered && c.code == 0;
  if (want == "error") return c.answered && c.code != 0;
  return c.answered && CodeName(c.code) == want;
}

std::string Join(const std::vector<std::string>& v) {
  return absl::StrCat("[", absl::StrJoin(v, ", "), "]");
}

bool MatchesCall(const CriCall& c, const std::string& rpc,
                 const std::optional<std::string>& pod,
                 const std::optional<std::string>& container) {
  if (c.rpc != rpc) return false;
  if (pod && (c.owner == nullptr || c.owner->pod != *pod)) return false;
  if (container && (c.owner == nullptr || c.owner->container != *container)) {
    return false;
  }
  return true;
}

const PodView* FindPod(const Observed& o, const std::string& ns,
                       const std::string& name) {
  for (const auto& p : o.pods) {
    if (p.pod_namespace == ns && p.name == name) return &p;
  }
  return nullptr;
}

struct Checker {
  const Observed& o;
  ExpectationResult& r;
  std::vector<std::string> problems;

  template <typename T>
  void Want(const char* field, const std::optional<T>& want, const T& got) {
    if (want && !(*want == got)) {
      problems.push_back(
          absl::StrCat(field, " is ", got, ", expected ", *want));
    }
  }
  void WantRange(const char* field, const std::optional<CountRange>& want,
                 int64_t got) {
    if (want && !want->Contains(got)) {
      problems.push_back(
          absl::StrCat(field, " is ", got, ", expected ", want->ToString()));
    }
  }

  void operator()(const PodExpectation& p) {
    const PodView* v = FindPod(o, p.pod_namespace, p.pod);
    if (p.absent) {
      if (v != nullptr) {
        problems.push_back(absl::StrCat("pod still exists (", v->status, ")"));
      }
      return;
    }
    if (v == nullptr) {
      problems.push_back("no such pod on the node");
      return;
    }
    Want("phase", p.phase, v->phase);
    Want("status", p.status, v->status);
    if (p.ready && *p.ready != v->ready_condition) {
      problems.push_back(absl::StrCat("Ready condition is ",
                                      v->ready_condition ? "true" : "false"));
    }
    Want("READY", p.ready_count, absl::StrCat(v->ready, "/", v->total));
    WantRange("restarts", p.restarts, v->restarts);
  }

  void operator()(const ContainerExpectation& c) {
    const PodView* v = FindPod(o, c.pod_namespace, c.pod);
    if (v == nullptr) {
      problems.push_back("no such pod on the node");
      return;
    }
    for (const auto& ct : v->containers) {
      if (ct.name != c.container) continue;
      Want("state", c.state, ct.state);
      Want("reason", c.reason, ct.reason);
      Want("exit code", c.exit_code, ct.exit_code);
      WantRange("restart count", c.restart_count, ct.restart_count);
      if (c.ready && *c.ready != ct.ready) {
        problems.push_back(
            absl::StrCat("ready is ", ct.ready ? "true" : "false"));
      }
      return;
    }
    problems.push_back("the pod reports no such container");
  }

  void operator()(const NodeExpectation& n) {
    if (n.ready != o.node.ready) {
      problems.push_back(
          absl::StrCat("node is ", o.node.ready ? "Ready" : "NotReady",
                       o.node.message.empty() ? "" : ": ", o.node.message));
    }
    if (n.message_contains &&
        o.node.message.find(*n.message_contains) == std::string::npos) {
      problems.push_back(
          absl::StrCat("node message is '", o.node.message, "'"));
    }
  }

  void operator()(const CallsExpectation& c) {
    std::vector<const CriCall*> calls;
    for (const auto& call : o.record->calls()) {
      if (MatchesCall(call, c.rpc, c.pod, c.container) &&
          (!c.image || call.object_id == *c.image)) {
        calls.push_back(&call);
      }
    }
    int64_t failed = 0, succeeded = 0;
    std::vector<std::string> outcomes;
    for (const CriCall* call : calls) {
      outcomes.push_back(Outcome(*call));
      if (call->answered && call->code == 0) ++succeeded;
      if (call->answered && call->code != 0) ++failed;
    }
    WantRange("count", c.count, static_cast<int64_t>(calls.size()));
    WantRange("failed", c.failed, failed);
    WantRange("succeeded", c.succeeded, succeeded);
    if (!c.outcomes.empty()) {
      bool ok = calls.size() == c.outcomes.size();
      for (size_t i = 0; ok && i < calls.size(); ++i) {
        ok = OutcomeMatches(c.outcomes[i], *calls[i]);
      }
      if (!ok) {
        problems.push_back(absl::StrCat("outcomes were ", Join(outcomes)));
      }
    }
  }

  void operator()(const OrderExpectation& ord) {
    // Greedy subsequence match: each wanted call is the first matching
    // call after the previous one.
    size_t next = 0;
    std::vector<std::string> seen;
    for (const auto& call : o.record->calls()) {
      if (next == ord.calls.size()) break;
      const std::string& want = ord.calls[next];
      const size_t sp = want.find(' ');
      std::optional<std::string> container;
      std::string rpc = want.substr(0, sp);
      if (sp != std::string::npos) container = want.substr(sp + 1);
      if (MatchesCall(call, rpc, ord.pod, container)) {
        seen.push_back(want);
        ++next;
      }
    }
    if (next != ord.calls.size()) {
      problems.push_back(absl::StrCat("after ", Join(seen), " no ",
                                      ord.calls[next], " followed"));
    }
  }

  void operator()(const BackoffExpectation& b) {
    const auto ids =
        o.record->ContainerIds(b.pod_namespace, b.pod, b.container);
    std::vector<TimeNs> exits, starts;
    for (const auto& e : o.record->events()) {
      if (e->kind == EventKind::kTransition && e->subject == "container" &&
          std::find(ids.begin(), ids.end(), e->object_id) != ids.end() &&
          e->detail.find("-> CONTAINER_EXITED") != std::string::npos) {
        exits.push_back(e->time_ns);
      }
    }
    for (const auto& call : o.record->calls()) {
      if (MatchesCall(call, "StartContainer", b.pod, b.container)) {
        starts.push_back(call.start);
      }
    }
    std::vector<DurationNs> got;
    for (TimeNs ex : exits) {
      // The kubelet restarts at once after a first crash: a start at the
      // very time of the exit counts (interval 0).
      auto it = std::lower_bound(starts.begin(), starts.end(), ex);
      if (it == starts.end()) break;
      got.push_back(*it - ex);
    }
    std::vector<std::string> got_text;
    for (DurationNs d : got) got_text.push_back(FormatDuration(d));
    bool ok = got.size() >= b.intervals.size();
    for (size_t i = 0; ok && i < b.intervals.size(); ++i) {
      ok = std::llabs(got[i] - b.intervals[i]) <= b.tolerance;
    }
    if (!ok) {
      problems.push_back(
          absl::StrCat("exit-to-restart intervals were ", Join(got_text)));
    }
  }

  void operator()(const LatencyExpectation& l) {
    std::vector<DurationNs> lat;
    for (const auto& call : o.record->calls()) {
      if (call.answered && MatchesCall(call, l.rpc, l.pod, std::nullopt)) {
        lat.push_back(call.latency());
      }
    }
    if (lat.empty()) {
      problems.push_back(absl::StrCat("no answered ", l.rpc, " call"));
      return;
    }
    std::sort(lat.begin(), lat.end());
    // Nearest rank: the smallest value with at least p% at or below it.
    size_t rank = static_cast<size_t>(
        std::ceil(l.percentile / 100.0 * static_cast<double>(lat.size())));
    rank = std::clamp<size_t>(rank, 1, lat.size());
    const DurationNs v = lat[rank - 1];
    if ((l.min && v < *l.min) || (l.max && v > *l.max)) {
      problems.push_back(absl::StrCat("p", l.percentile, " of ", lat.size(),
                                      " calls is ", FormatDuration(v)));
    }
  }

  void operator()(const FaultExpectation& f) {
    int64_t hits = 0;
    for (const auto& e : o.record->events()) {
      if (e->kind == EventKind::kFault && e->subject == f.id) ++hits;
    }
    WantRange("hits", f.hits, hits);
  }
};

std::string RangeText(const std::optional<CountRange>& r) {
  return r ? r->ToString() : "";
}

}  // namespace

std::string DescribeExpectation(const Expectation& e) {
  if (!e.description.empty()) return e.description;
  struct V {
    std::string operator()(const PodExpectation& p) {
      std::string s = absl::StrCat("pod ", p.pod_namespace, "/", p.pod);
      if (p.absent) absl::StrAppend(&s, " is gone");
      if (p.phase) absl::StrAppend(&s, " phase ", *p.phase);
      if (p.status) absl::StrAppend(&s, " status ", *p.status);
      if (p.ready) absl::StrAppend(&s, *p.ready ? " Ready" : " not Ready");
      if (p.ready_count) absl::StrAppend(&s, " READY ", *p.ready_count);
      if (p.restarts) absl::StrAppend(&s, " restarts ", RangeText(p.restarts));
      return s;
    }
    std::string operator()(const ContainerExpectation& c) {
      std::string s = absl::StrCat("container ", c.pod_namespace, "/", c.pod,
                                   "/", c.container);
      if (c.state) absl::StrAppend(&s, " ", *c.state);
      if (c.reason) absl::StrAppend(&s, " reason ", *c.reason);
      if (c.exit_code) absl::StrAppend(&s, " exit code ", *c.exit_code);
      if (c.restart_count) {
        absl::StrAppend(&s, " restart count ", RangeText(c.restart_count));
      }
      if (c.ready) absl::StrAppend(&s, *c.ready ? " ready" : " not ready");
      return s;
    }
    std::string operator()(const NodeExpectation& n) {
      return absl::StrCat("node ", n.ready ? "Ready" : "NotReady",
                          n.message_contains
                              ? absl::StrCat(" (", *n.message_contains, ")")
                              : "");
    }
    std::string operator()(const CallsExpectation& c) {
      std::string s = absl::StrCat(c.rpc);
      if (c.pod) absl::StrAppend(&s, " pod ", *c.pod);
      if (c.container) absl::StrAppend(&s, " for ", *c.container);
      if (c.image) absl::StrAppend(&s, " of ", *c.image);
      if (c.count) absl::StrAppend(&s, " count ", RangeText(c.count));
      if (c.failed) absl::StrAppend(&s, " failed ", RangeText(c.failed));
      if (c.succeeded) {
        absl::StrAppend(&s, " succeeded ", RangeText(c.succeeded));
      }
      if (!c.outcomes.empty())
        absl::StrAppend(&s, " outcomes ", Join(c.outcomes));
      return s;
    }
    std::string operator()(const OrderExpectation& o) {
      return absl::StrCat("calls in order ", absl::StrJoin(o.calls, " < "),
                          o.pod ? absl::StrCat(" (pod ", *o.pod, ")") : "");
    }
    std::string operator()(const BackoffExpectation& b) {
      std::vector<std::string> iv;
      for (DurationNs d : b.intervals) iv.push_back(FormatDuration(d));
      return absl::StrCat("back-off of ", b.pod, "/", b.container, " ",
                          Join(iv), " ±", FormatDuration(b.tolerance));
    }
    std::string operator()(const LatencyExpectation& l) {
      std::string s = absl::StrCat(l.rpc, " latency p", l.percentile);
      if (l.pod) absl::StrAppend(&s, " (pod ", *l.pod, ")");
      if (l.min) absl::StrAppend(&s, " >= ", FormatDuration(*l.min));
      if (l.max) absl::StrAppend(&s, " <= ", FormatDuration(*l.max));
      return s;
    }
    std::string operator()(const FaultExpectation& f) {
      return absl::StrCat("fault ", f.id, " hits ", RangeText(f.hits));
    }
  };
  return std::visit(V{}, e.what);
}

ExpectationResult CheckExpectation(const Expectation& e, const Observed& o,
                                   TimeNs at_offset) {
  ExpectationResult r;
  r.pos = e.pos;
  r.at = at_offset;
  r.what = DescribeExpectation(e);
  Checker c{o, r, {}};
  std::visit(c, e.what);
  r.passed = c.problems.empty();
  r.message = absl::StrJoin(c.problems, "; ");
  return r;
}

}  // namespace fakecri::scenario
