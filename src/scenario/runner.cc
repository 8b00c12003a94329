// File: runner.cc
#include "scenario/runner.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "fakecri/server.h"
#include "fakecri/standalone.h"
#include "scenario/duration.h"
#include "scenario/expectations.h"
#include "scenario/kubelet/kubelet.h"
#include "scenario/runtime_setup.h"
#include "scenario/timeline_text.h"
#include "scenario/virtual_time_driver.h"

namespace fakecri::scenario {
namespace {

Kubelet::Options KubeletOptions(const KubeletSettings& k) {
  Kubelet::Options o;
  if (k.evented_pleg) o.evented_pleg = *k.evented_pleg;
  if (k.relist_period) o.relist_period = *k.relist_period;
  if (k.status_period) o.status_period = *k.status_period;
  if (k.container_gc_period) o.container_gc_period = *k.container_gc_period;
  if (k.crash_loop_backoff_initial) {
    o.crash_loop_backoff_initial = *k.crash_loop_backoff_initial;
  }
  if (k.crash_loop_backoff_max)
    o.crash_loop_backoff_max = *k.crash_loop_backoff_max;
  if (k.image_backoff_initial)
    o.image_backoff_initial = *k.image_backoff_initial;
  if (k.image_backoff_max) o.image_backoff_max = *k.image_backoff_max;
  if (k.backoff_reset) o.backoff_reset = *k.backoff_reset;
  return o;
}

// What a run against another runtime cannot do, with where the file asks
// for it.
absl::Status CheckExternal(const Scenario& s) {
  auto refuse = [&](const SourcePos& pos, absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(
        pos.ToString(), ": ", what,
        " needs the embedded fakecri; with --endpoint only pods and the "
        "kubelet run (drop --endpoint, or remove it)"));
  };
  if (!s.runtime.faults.empty()) {
    return refuse(s.runtime.faults[0].pos, "runtime faults");
  }
  if (!s.runtime.images_yaml.empty() || !s.runtime.images_file.empty()) {
    return refuse(s.runtime.images_pos, "runtime images");
  }
  auto event_based = [](const Expectation& e) {
    return !std::holds_alternative<PodExpectation>(e.what) &&
           !std::holds_alternative<ContainerExpectation>(e.what) &&
           !std::holds_alternative<NodeExpectation>(e.what);
  };
  for (const auto& step : s.timeline) {
    if (std::holds_alternative<AddFaultsAction>(step.action) ||
        std::holds_alternative<RemoveFaultAction>(step.action) ||
        std::holds_alternative<SetConditionAction>(step.action) ||
        std::holds_alternative<RestartRuntimeAction>(step.action)) {
      return refuse(step.pos, step.ActionName());
    }
    for (const auto& e : step.expect) {
      if (event_based(e)) {
        return refuse(e.pos, "an expectation on the runtime's event log");
      }
    }
  }
  for (const auto& e : s.expect) {
    if (event_based(e)) {
      return refuse(e.pos, "an expectation on the runtime's event log");
    }
  }
  return absl::OkStatus();
}

// Everything a run needs, however it is driven.
struct Harness {
  std::unique_ptr<RuntimeSetup> setup;
  std::unique_ptr<Server> server;             // embedded only
  std::unique_ptr<Clock> own_clock;           // external only
  std::unique_ptr<EventLog> own_log;          // external only
  std::unique_ptr<VirtualTimeDriver> driver;  // virtual clock only
  std::unique_ptr<Kubelet> kubelet;
  Clock* clock = nullptr;
  EventLog* log = nullptr;
  TimeNs start = 0;
  uint64_t printed_seq = 0;

  absl::Status WaitUntil(TimeNs t, const RunOptions& opts, DurationNs total) {
    if (driver) return driver->RunUntil(t);
    while (clock->Now() < t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (opts.on_progress) opts.on_progress(clock->Now() - start, total);
    }
    return absl::OkStatus();
  }
  // Prints the timeline lines of events not printed yet.
  void Flush(const RunOptions& opts) {
    if (!opts.on_line) return;
    auto events = log->Since(printed_seq + 1);
    if (events.empty()) return;
    printed_seq = events.back()->seq;
    RunRecord rec(log->Since(0), start);
    TimelineOptions to;
    to.all_calls = opts.all_calls;
    for (const auto& e : events) {
      if (auto line = TimelineLine(*e, rec, to)) opts.on_line(*line);
    }
  }
  Observed Observe(const RunRecord& rec) {
    Observed o;
    o.pods = kubelet->Pods();
    o.node = kubelet->Node();
    o.record = &rec;
    return o;
  }
};

}  // namespace

absl::StatusOr<RunResult> RunScenario(const Scenario& s,
                                      const RunOptions& opts) {
  const bool external = !opts.endpoint.empty();
  Harness h;
  std::shared_ptr<grpc::Channel> channel;
  if (external) {
    if (auto st = CheckExternal(s); !st.ok()) return st;
    if (s.clock.kind == "virtual") {
      // Another runtime keeps its own (real) time.
    }
    h.own_clock = NewRealClock(s.clock.kind == "scaled" ? s.clock.scale : 1.0);
    h.own_log = NewEventLog(*h.own_clock, 4'000'000, size_t{2} << 30);
    h.clock = h.own_clock.get();
    h.log = h.own_log.get();
    channel =
        grpc::CreateChannel(opts.endpoint, grpc::InsecureChannelCredentials());
  } else {
    if (auto st = ValidateAgainstRuntime(s); !st.ok()) return st;
    auto setup = RuntimeSetup::Create(s);
    if (!setup.ok()) return setup.status();
    h.setup = std::move(*setup);
    ServerOptions server_options = h.setup->options();
    server_options.record_payloads = opts.record_payloads;
    auto server = Server::Start(server_options);
    if (!server.ok()) return h.setup->Explain(server.status());
    h.server = std::move(*server);
    h.clock = &h.server->clock();
    h.log = &h.server->event_log();
    channel = h.server->InProcessChannel();
    if (s.clock.kind == "virtual") {
      h.driver = std::make_unique<VirtualTimeDriver>(*h.server);
      if (opts.pace) h.driver->SetPace(opts.pace);
    }
  }

  RunResult result;
  RunReport& rep = result.report;
  rep.scenario = s.name;
  rep.file = s.file;
  rep.seed = s.seed;
  rep.clock =
      external ? absl::StrCat("real (", opts.endpoint, ")") : s.clock.kind;
  rep.duration = s.duration;

  h.start = h.clock->Now();
  h.printed_seq = h.log->LastSeq();
  if (h.server != nullptr) {
    for (const auto& b : s.runtime.faults) {
      auto ids = h.server->faults().AddYaml(b.yaml, s.file);
      if (!ids.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(b.pos.ToString(), ": ", ids.status().message()));
      }
    }
  }
  // Tells the viewer, on every way out, before the server goes away.
  struct ServerNotice {
    const RunOptions& opts;
    Server* server;
    ~ServerNotice() {
      if (server != nullptr && opts.on_server) opts.on_server(nullptr);
    }
  } notice{opts, h.server.get()};
  if (notice.server != nullptr && opts.on_server)
    opts.on_server(h.server.get());
  Kubelet::Options ko = KubeletOptions(s.kubelet);
  if (h.driver) ko.settle = h.driver->SettleHook();
  h.kubelet = Kubelet::Create(channel, *h.clock, h.log, ko);
  if (h.driver) h.driver->Attach(h.kubelet.get());
  if (auto st = h.kubelet->Start(); !st.ok()) {
    rep.error = absl::StrCat("kubelet: ", st.message());
    return result;
  }

  auto check = [&](const std::vector<Expectation>& list, TimeNs offset) {
    if (list.empty()) return;
    RunRecord rec(h.log->Since(0), h.start);
    Observed o = h.Observe(rec);
    for (const auto& e : list) {
      ExpectationResult r = CheckExpectation(e, o, offset);
      if (opts.on_line) {
        opts.on_line(absl::StrCat(FormatOffset(offset), " expect    ",
                                  r.passed ? "PASS " : "FAIL ", r.what,
                                  r.passed ? "" : absl::StrCat(": ", r.message),
                                  "  (", r.pos.ToString(), ")"));
      }
      rep.results.push_back(std::move(r));
    }
  };

  int index = 0;
  for (const auto& step : s.timeline) {
    const int i = index++;
    if (auto st = h.WaitUntil(h.start + step.at, opts, s.duration); !st.ok()) {
      rep.error = absl::StrCat(step.pos.ToString(), ": ", st.message());
      break;
    }
    h.Flush(opts);
    absl::Status st;
    if (const auto* c = std::get_if<CreatePodAction>(&step.action)) {
      for (const auto& name : c->Names()) {
        PodSpec pod = c->pod;
        pod.name = name;
        st.Update(h.kubelet->AddPod(pod));
      }
    } else if (const auto* d = std::get_if<DeletePodAction>(&step.action)) {
      st = h.kubelet->DeletePod(d->pod_namespace, d->name,
                                d->grace_period_seconds);
    } else if (h.server != nullptr) {
      auto applied = ApplyFaultAction(step, h.server->faults(), i);
      st = applied.status();
    }
    if (!st.ok()) {
      rep.error = absl::StrCat(step.pos.ToString(), ": ", step.ActionName(),
                               ": ", st.message());
      break;
    }
    if (opts.on_line && step.action.index() != 0 &&
        !std::holds_alternative<WaitAction>(step.action)) {
      opts.on_line(absl::StrCat(FormatOffset(step.at), " scenario  ",
                                step.ActionName(), " (", step.pos.ToString(),
                                ")"));
    }
    if (h.driver) h.driver->Settle();
    h.Flush(opts);
    check(step.expect, step.at);
  }
  if (rep.error.empty()) {
    if (auto st = h.WaitUntil(h.start + s.duration, opts, s.duration);
        !st.ok()) {
      rep.error = std::string(st.message());
    }
  }
  h.Flush(opts);
  if (rep.error.empty()) check(s.expect, s.duration);
  h.kubelet->Stop();
  result.record = std::make_unique<RunRecord>(h.log->Since(0), h.start);
  if (h.server) {
    if (opts.on_server) opts.on_server(nullptr);
    notice.server = nullptr;
    h.server->Shutdown();
  }
  return result;
}

}  // namespace fakecri::scenario
