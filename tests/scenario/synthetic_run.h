// File: synthetic_run.h
// A small, hand-written event log shaped like the runtime's: pod web with
// container app that fails to start three times, then runs, crashes and is
// restarted; a fault, kubelet decisions and polling calls in between.
#ifndef FAKECRI_TESTS_SCENARIO_SYNTHETIC_RUN_H_
#define FAKECRI_TESTS_SCENARIO_SYNTHETIC_RUN_H_

#include <memory>
#include <string>
#include <vector>

#include "fakecri/cri.h"
#include "fakecri/event_log.h"

namespace fakecri::scenario::testing {

inline constexpr TimeNs kT0 = 1'700'000'000 * kSecond;

class SyntheticRun {
 public:
  std::vector<std::shared_ptr<const Event>> events;

  void Add(Event e) {
    e.seq = events.size() + 1;
    events.push_back(std::make_shared<Event>(std::move(e)));
  }
  // A CRI call with its answer; returns its span.
  uint64_t Call(TimeNs at, const std::string& rpc, const std::string& object,
                DurationNs latency, int code = 0, const std::string& msg = "") {
    const uint64_t span = ++span_;
    Add(Event{.time_ns = at,
              .kind = EventKind::kRpcIn,
              .span_id = span,
              .subject = rpc,
              .object_id = object});
    Add(Event{.time_ns = at + latency,
              .kind = EventKind::kRpcOut,
              .span_id = span,
              .subject = rpc,
              .object_id = object,
              .detail = msg,
              .status_code = code,
              .latency_ns = latency});
    return span;
  }
  void Transition(TimeNs at, uint64_t parent, const std::string& kind,
                  const std::string& id, const std::string& detail) {
    Add(Event{.time_ns = at,
              .kind = EventKind::kTransition,
              .span_id = ++span_,
              .parent_span_id = parent,
              .subject = kind,
              .object_id = id,
              .detail = detail});
  }
  void Oci(TimeNs at, uint64_t parent, const std::string& subject,
           const std::string& id) {
    Add(Event{.time_ns = at,
              .kind = EventKind::kOciCall,
              .span_id = ++span_,
              .parent_span_id = parent,
              .subject = subject,
              .object_id = id});
  }
  void CriEvent(
      TimeNs at, const std::string& id, runtime::v1::ContainerEventType type,
      const std::vector<std::pair<std::string, std::string>>& containers) {
    runtime::v1::ContainerEventResponse ev;
    ev.set_container_id(id);
    ev.set_container_event_type(type);
    ev.set_created_at(at);
    auto* sb = ev.mutable_pod_sandbox_status();
    sb->set_id("sb1");
    sb->mutable_metadata()->set_name("web");
    sb->mutable_metadata()->set_namespace_("default");
    sb->mutable_metadata()->set_uid("uid-web");
    for (const auto& [cid, name] : containers) {
      auto* cs = ev.add_containers_statuses();
      cs->set_id(cid);
      cs->mutable_metadata()->set_name(name);
    }
    Event e{.time_ns = at,
            .kind = EventKind::kCriEvent,
            .subject = runtime::v1::ContainerEventType_Name(type),
            .object_id = id};
    ev.SerializeToString(&e.cri_event_bytes);
    Add(std::move(e));
  }

  // The standard story used by the output and expectation tests.
  static SyntheticRun Story() {
    SyntheticRun r;
    const TimeNs s = kT0;
    r.Add(Event{.time_ns = s,
                .kind = EventKind::kInfo,
                .subject = "start",
                .detail = "seed 7"});
    r.Call(s + 1 * kSecond, "ListPodSandbox", "", 100'000);
    uint64_t sp =
        r.Call(s + 2 * kSecond, "RunPodSandbox", "", 40 * kMillisecond);
    r.Oci(s + 2 * kSecond + 10 * kMillisecond, sp, "runc.create", "sb1");
    r.CriEvent(s + 2 * kSecond + 20 * kMillisecond, "sb1",
               runtime::v1::CONTAINER_CREATED_EVENT, {});
    uint64_t cc =
        r.Call(s + 3 * kSecond, "CreateContainer", "sb1", 5 * kMillisecond);
    r.Transition(s + 3 * kSecond + kMillisecond, cc, "container", "c1",
                 "none -> CONTAINER_CREATED");
    r.CriEvent(s + 3 * kSecond + kMillisecond, "c1",
               runtime::v1::CONTAINER_CREATED_EVENT, {{"c1", "app"}});
    // Three failed starts, then one that works (12 s).
    for (int i = 0; i < 3; ++i) {
      uint64_t st = r.Call(s + (4 + i) * kSecond, "StartContainer", "c1",
                           2 * kMillisecond, 14, "registry down");
      r.Add(Event{.time_ns = s + (4 + i) * kSecond + kMillisecond,
                  .kind = EventKind::kFault,
                  .span_id = ++r.span_,
                  .parent_span_id = st,
                  .subject = "f1",
                  .object_id = "c1",
                  .detail = "error UNAVAILABLE"});
    }
    uint64_t ok = r.Call(s + 12 * kSecond, "StartContainer", "c1", 3'100'000);
    r.Oci(s + 12 * kSecond + kMillisecond, ok, "runc.start", "c1");
    r.Transition(s + 12 * kSecond + 2 * kMillisecond, ok, "container", "c1",
                 "CONTAINER_CREATED -> CONTAINER_RUNNING");
    // Exits at 20 s; the kubelet backs off 10 s.
    r.Transition(s + 20 * kSecond, 0, "container", "c1",
                 "CONTAINER_RUNNING -> CONTAINER_EXITED (exit 1)");
    r.Add(Event{.time_ns = s + 21 * kSecond,
                .kind = EventKind::kKubelet,
                .subject = "BackOff",
                .object_id = "c1",
                .detail = "back-off 10s restarting failed container"});
    uint64_t cc2 = r.Call(s + 30 * kSecond + 500 * kMillisecond,
                          "CreateContainer", "sb1", 5 * kMillisecond);
    r.Transition(s + 30 * kSecond + 501 * kMillisecond, cc2, "container", "c2",
                 "none -> CONTAINER_CREATED");
    r.CriEvent(s + 30 * kSecond + 501 * kMillisecond, "c2",
               runtime::v1::CONTAINER_CREATED_EVENT,
               {{"c1", "app"}, {"c2", "app"}});
    uint64_t st2 =
        r.Call(s + 31 * kSecond, "StartContainer", "c2", 4 * kMillisecond);
    r.Oci(s + 31 * kSecond + kMillisecond, st2, "kata.start", "c2");
    r.Transition(s + 31 * kSecond + 2 * kMillisecond, st2, "container", "c2",
                 "CONTAINER_CREATED -> CONTAINER_RUNNING");
    r.Call(s + 40 * kSecond, "PullImage", "nginx:1.25", 0, 14, "boom <&>");
    return r;
  }

  uint64_t span_ = 0;
};

}  // namespace fakecri::scenario::testing

#endif  // FAKECRI_TESTS_SCENARIO_SYNTHETIC_RUN_H_
