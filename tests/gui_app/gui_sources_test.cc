// File: gui_sources_test.cc
// The GUI's window-free parts: the fault form's YAML goes through the
// runtime's own loader, the pace gate holds a run until it is granted
// steps, the embedded scenario source plays only as far as it is let, and
// the faults controller adds and lists rules off the caller's thread.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fakecri/control_api.h"
#include "fakecri/server.h"
#include "gui/panels/fault_form.h"
#include "gui/sources/connect_source.h"
#include "gui/sources/event_queue.h"
#include "gui/sources/faults_controller.h"
#include "gui/sources/pace_gate.h"
#include "gui/sources/scenario_source.h"

namespace fakecri::gui {
namespace {

std::unique_ptr<Server> VirtualServer() {
  ServerOptions o;
  o.clock = "virtual";
  o.seed = 1;
  auto s = Server::Start(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(*s);
}

TEST(FaultForm, EveryEffectsYamlIsAcceptedByTheRuntime) {
  auto server = VirtualServer();
  for (FormEffect e :
       {FormEffect::kError, FormEffect::kLatency, FormEffect::kCrash,
        FormEffect::kOomKill, FormEffect::kNotReady}) {
    FaultForm f;
    f.effect = e;
    AdjustHopForEffect(f);
    f.pod = "web";  // dropped for hop runtime, which has no targets
    f.times = 2;
    if (e == FormEffect::kCrash || e == FormEffect::kOomKill) f.delay = "5s";
    SCOPED_TRACE(FaultFormYaml(f));
    auto ids = server->faults().AddYaml(FaultFormYaml(f), "form");
    ASSERT_TRUE(ids.ok()) << ids.status();
    ASSERT_EQ(ids->size(), 1u);
    const auto info = server->faults().Get((*ids)[0]);
    ASSERT_TRUE(info.has_value());
    EXPECT_THAT(info->summary, ::testing::HasSubstr(FormEffectName(e)));
  }
  EXPECT_EQ(server->faults().size(), 5u);
}

TEST(FaultForm, QuotedValuesCannotChangeTheDocumentsShape) {
  auto server = VirtualServer();
  FaultForm f;
  f.id = "tricky";
  f.message = "a \"quoted\" line\n    when: {times: 99}";
  f.image = "*:latest";  // a bare '*' would start a YAML alias
  auto ids = server->faults().AddYaml(FaultFormYaml(f), "form");
  ASSERT_TRUE(ids.ok()) << ids.status() << "\n" << FaultFormYaml(f);
  const auto info = server->faults().Get("tricky");
  ASSERT_TRUE(info.has_value());
  EXPECT_THAT(info->summary, ::testing::Not(::testing::HasSubstr("times=99")));
  EXPECT_THAT(info->summary, ::testing::HasSubstr("image=*:latest"));
}

TEST(FaultForm, ABadValueIsTheRuntimesErrorAndAddsNothing) {
  auto server = VirtualServer();
  FaultForm f;
  f.effect = FormEffect::kLatency;
  f.latency = "soon";
  auto ids = server->faults().AddYaml(FaultFormYaml(f), "form");
  EXPECT_EQ(ids.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ids.status().message()),
              ::testing::StartsWith("form:"));
  EXPECT_EQ(server->faults().size(), 0u);
}

// Spins (no sleep) until `pred` holds.
template <typename Pred>
void SpinUntil(Pred pred) {
  while (!pred()) std::this_thread::yield();
}

TEST(PaceGate, HoldsTheRunUntilStepsAreGrantedAndReleasesItOnClose) {
  PaceGate gate;
  // Grants do not pile up: asking for 2 twice lets 2 through, not 4.
  gate.Grant(2);
  gate.Grant(2);
  std::vector<TimeNs> passed;
  bool stopped = false;
  std::thread run([&] {
    for (TimeNs t = 1;; ++t) {
      if (!gate.Wait(t)) {
        stopped = true;
        return;
      }
      passed.push_back(t);
    }
  });
  SpinUntil([&] { return gate.Idle(); });
  EXPECT_EQ(gate.waiting_for(), TimeNs{3});
  gate.Grant(3);
  SpinUntil([&] { return gate.Idle() && gate.waiting_for() == TimeNs{6}; });
  gate.Close();
  run.join();
  EXPECT_TRUE(stopped);
  EXPECT_EQ(passed, (std::vector<TimeNs>{1, 2, 3, 4, 5}));
}

TEST(ScenarioSource, PlaysTheDemoOnlyAsFarAsItIsGranted) {
  auto src = ScenarioSource::Demo();
  ASSERT_TRUE(src.ok()) << src.status();
  EventQueue queue;
  (*src)->Start(queue);
  SpinUntil([&] { return (*src)->Settled(); });
  const size_t held = queue.size();
  // Nothing moves while nothing is granted (the run waits at its gate).
  EXPECT_TRUE((*src)->gate()->Idle());
  EXPECT_EQ(queue.size(), held);
  // The runtime's fault rules are reachable while it runs.
  auto rules = (*src)->faults()->List();
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->size(), 2u);  // registry-hiccup, kata-vm-boot
  (*src)->gate()->Grant(50);
  SpinUntil([&] { return (*src)->Settled(); });
  const std::vector<Event> events = queue.Drain(1'000'000);
  EXPECT_GT(events.size(), held);
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, events[i - 1].seq + 1);
  }
  (*src)->Stop();
  EXPECT_EQ((*src)->Status().state, SourceState::kFailed);
  EXPECT_THAT((*src)->Status().message, ::testing::HasSubstr("stopped"));
  // The run is over: its rules went with it.
  EXPECT_EQ((*src)->faults()->List().status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FaultsController, AddsAndRemovesOnItsWorkerAndListsTheRules) {
  auto server = VirtualServer();
  EmbeddedFaults backend;
  backend.Attach(&server->faults());
  FaultsController c(backend);
  FaultForm f;
  f.id = "pull";
  c.Add(FaultFormYaml(f));
  c.WaitIdle();
  FaultsController::View v = c.Snapshot();
  EXPECT_FALSE(v.last_failed) << v.last_result;
  EXPECT_EQ(v.last_result, "added pull");
  ASSERT_EQ(v.rules.size(), 1u);
  EXPECT_EQ(v.rules[0].id, "pull");
  c.Remove("nope");
  c.WaitIdle();
  v = c.Snapshot();
  EXPECT_TRUE(v.last_failed);
  c.Remove("pull");
  c.WaitIdle();
  v = c.Snapshot();
  EXPECT_EQ(v.last_result, "removed pull");
  EXPECT_TRUE(v.rules.empty());
  EXPECT_EQ(server->faults().size(), 0u);
}

TEST(ConnectSource, EventFromProtoKeepsEveryFieldAndRejectsUnknownKinds) {
  ::fakecri::v1::Event in;
  in.set_seq(7);
  in.set_time_ns(100);
  in.set_kind("oci_call");
  in.set_span_id(3);
  in.set_parent_span_id(2);
  in.set_subject("runc.start");
  in.set_object_id("abc");
  in.set_detail("task running");
  in.set_status_code(4);
  in.set_latency_ns(9);
  in.set_payload("x: 1");
  Event out;
  ASSERT_TRUE(EventFromProto(in, &out));
  EXPECT_EQ(out.seq, 7u);
  EXPECT_EQ(out.kind, EventKind::kOciCall);
  EXPECT_EQ(out.parent_span_id, 2u);
  EXPECT_EQ(out.subject, "runc.start");
  EXPECT_EQ(out.status_code, 4);
  EXPECT_EQ(out.latency_ns, 9);
  EXPECT_EQ(out.payload, "x: 1");
  in.set_kind("telepathy");
  EXPECT_FALSE(EventFromProto(in, &out));
}

}  // namespace
}  // namespace fakecri::gui
