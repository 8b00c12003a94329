// File: event_builders.h
// Event records as the runtime writes them, for the view model's tests:
// a Script numbers them (seq) and stamps a time that only moves when told.
#ifndef FAKECRI_TESTS_GUI_MODEL_EVENT_BUILDERS_H_
#define FAKECRI_TESTS_GUI_MODEL_EVENT_BUILDERS_H_

#include <string>
#include <vector>

#include "fakecri/cri.h"
#include "fakecri/event_log.h"
#include "gui/model/run_model.h"

namespace fakecri::gui::testing {

inline constexpr TimeNs kT0 = 1'767'225'600'000'000'000;  // 2026-01-01

class Script {
 public:
  // Time moves only through Advance (virtual time).
  void Advance(DurationNs d) { now_ += d; }
  TimeNs now() const { return now_; }

  Event& RpcIn(uint64_t span, const std::string& rpc,
               const std::string& object_id = "") {
    Event& e = Add(EventKind::kRpcIn);
    e.span_id = span;
    e.subject = rpc;
    e.object_id = object_id;
    return e;
  }
  Event& RpcOut(uint64_t span, const std::string& rpc, int code = 0,
                DurationNs latency = 0, const std::string& message = "") {
    Event& e = Add(EventKind::kRpcOut);
    e.span_id = span;
    e.subject = rpc;
    e.status_code = code;
    e.latency_ns = latency;
    e.detail = message;
    return e;
  }
  Event& Oci(uint64_t span, uint64_t parent, const std::string& subject,
             const std::string& id, const std::string& detail = "",
             int code = 0) {
    Event& e = Add(EventKind::kOciCall);
    e.span_id = span;
    e.parent_span_id = parent;
    e.subject = subject;
    e.object_id = id;
    e.detail = detail;
    e.status_code = code;
    return e;
  }
  Event& Transition(uint64_t parent, const std::string& subject,
                    const std::string& id, const std::string& detail) {
    Event& e = Add(EventKind::kTransition);
    e.span_id = 1000 + events_.size();
    e.parent_span_id = parent;
    e.subject = subject;
    e.object_id = id;
    e.detail = detail;
    return e;
  }
  // `summary` as faults::FaultHit::Summary writes it.
  Event& Fault(const std::string& rule, const std::string& summary,
               int code = 0, DurationNs delay = 0) {
    Event& e = Add(EventKind::kFault);
    e.subject = rule;
    e.detail = summary;
    e.status_code = code;
    e.latency_ns = delay;
    return e;
  }
  Event& Kubelet(const std::string& subject, const std::string& object_id,
                 const std::string& detail) {
    Event& e = Add(EventKind::kKubelet);
    e.subject = subject;
    e.object_id = object_id;
    e.detail = detail;
    return e;
  }
  // A CRI event whose pod sandbox status names the pod and its containers
  // ({id, name} pairs).
  Event& CriEvent(
      const std::string& type, const std::string& id,
      const std::string& sandbox_id, const std::string& ns,
      const std::string& pod,
      const std::vector<std::pair<std::string, std::string>>& containers = {}) {
    Event& e = Add(EventKind::kCriEvent);
    e.subject = type;
    e.object_id = id;
    runtime::v1::ContainerEventResponse ev;
    ev.set_container_id(id);
    runtime::v1::ContainerEventType t;
    if (runtime::v1::ContainerEventType_Parse(type, &t)) {
      ev.set_container_event_type(t);
    }
    auto* sb = ev.mutable_pod_sandbox_status();
    sb->set_id(sandbox_id);
    sb->mutable_metadata()->set_namespace_(ns);
    sb->mutable_metadata()->set_name(pod);
    sb->mutable_metadata()->set_uid(pod + "-uid");
    for (const auto& [cid, name] : containers) {
      auto* cs = ev.add_containers_statuses();
      cs->set_id(cid);
      cs->mutable_metadata()->set_name(name);
    }
    ev.SerializeToString(&e.cri_event_bytes);
    return e;
  }

  const std::vector<Event>& events() const { return events_; }
  void FeedTo(RunModel& m) const {
    for (const Event& e : events_) m.Ingest(e);
  }

 private:
  Event& Add(EventKind kind) {
    Event& e = events_.emplace_back();
    e.seq = events_.size();
    e.time_ns = now_;
    e.kind = kind;
    return e;
  }

  TimeNs now_ = kT0;
  std::vector<Event> events_;
};

// Sandbox and container ids as the runtime makes them (64 hex).
inline std::string Id(char c) { return std::string(64, c); }

// The records of one pod start as the simulated kubelet drives it:
// RunPodSandbox (runc create + start of the pause container),
// CreateContainer, StartContainer (runc create + start), with CRI events
// naming default/web and its container "app". Spans 10..19.
inline void PodStart(Script& s, const std::string& sb = Id('a'),
                     const std::string& ctr = Id('b')) {
  s.RpcIn(10, "RunPodSandbox");
  s.Oci(11, 10, "runc.create", sb, "sandbox task created");
  s.Oci(12, 10, "runc.start", sb, "task running");
  s.Transition(10, "sandbox", sb, "none -> SANDBOX_READY (ip 10.88.0.2)");
  s.CriEvent("CONTAINER_CREATED_EVENT", sb, sb, "default", "web");
  s.RpcOut(10, "RunPodSandbox", 0, 2'000'000);
  s.Advance(1'000'000);
  s.RpcIn(13, "CreateContainer", sb);
  s.Transition(13, "container", ctr, "none -> CONTAINER_CREATED");
  s.CriEvent("CONTAINER_CREATED_EVENT", ctr, sb, "default", "web",
             {{ctr, "app"}});
  s.RpcOut(13, "CreateContainer");
  s.Advance(1'000'000);
  s.RpcIn(14, "StartContainer", ctr);
  s.Oci(15, 14, "runc.create", ctr, "container task created");
  s.Oci(16, 14, "runc.start", ctr, "task running");
  s.Transition(14, "container", ctr,
               "CONTAINER_CREATED -> CONTAINER_RUNNING (pid 1001)");
  s.CriEvent("CONTAINER_STARTED_EVENT", ctr, sb, "default", "web",
             {{ctr, "app"}});
  s.RpcOut(14, "StartContainer", 0, 3'000'000);
}

}  // namespace fakecri::gui::testing

#endif  // FAKECRI_TESTS_GUI_MODEL_EVENT_BUILDERS_H_
