// File: scenario_source.cc
#include "gui/sources/scenario_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "fakecri/server.h"
#include "scenario/loader.h"
#include "scenario/runner.h"

namespace fakecri::gui {

ScenarioSource::ScenarioSource(scenario::Scenario s) : scenario_(std::move(s)) {
  // The gate paces a virtual clock; a real one would run ahead of the
  // audience (and could not be stopped before its end).
  scenario_.clock.kind = "virtual";
}

ScenarioSource::~ScenarioSource() { Stop(); }

absl::StatusOr<std::unique_ptr<ScenarioSource>> ScenarioSource::Demo() {
  auto s = scenario::ParseScenario(kDemoScenarioYaml, "<built-in demo>");
  if (!s.ok()) return s.status();
  return std::make_unique<ScenarioSource>(std::move(*s));
}

absl::StatusOr<std::unique_ptr<ScenarioSource>> ScenarioSource::FromFile(
    const std::string& path) {
  auto s = scenario::LoadScenarioFile(path);
  if (!s.ok()) return s.status();
  return std::make_unique<ScenarioSource>(std::move(*s));
}

void ScenarioSource::Start(EventQueue& queue) {
  SetStatus(SourceState::kStarting, "starting the embedded runtime");
  thread_ = std::thread([this, &queue] { Run(queue); });
}

void ScenarioSource::Stop() {
  gate_.Close();
  if (thread_.joinable()) thread_.join();
}

std::string ScenarioSource::Describe() const {
  return absl::StrCat("scenario ", scenario_.name,
                      " (embedded fakecri + simulated kubelet, seed ",
                      scenario_.seed, ")");
}

SourceStatus ScenarioSource::Status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

bool ScenarioSource::Settled() const {
  const SourceState s = Status().state;
  return s == SourceState::kFinished || s == SourceState::kFailed ||
         gate_.Idle();
}

void ScenarioSource::SetStatus(SourceState state, std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  status_ = SourceStatus{state, std::move(message)};
}

void ScenarioSource::Run(EventQueue& queue) {
  Server* server = nullptr;
  EventLog::SubscriptionId sub = 0;
  scenario::RunOptions opts;
  opts.on_server = [&](Server* s) {
    if (s != nullptr) {
      server = s;
      // Nothing moves yet (the kubelet starts after this call and the
      // virtual clock stands still), so the backlog and the subscription
      // meet without a gap or a duplicate.
      std::vector<Event> backlog;
      for (const auto& e : s->event_log().Since(0)) backlog.push_back(*e);
      queue.PushAll(std::move(backlog));
      sub = s->event_log().Subscribe(
          [&queue](const std::shared_ptr<const Event>& e) { queue.Push(*e); });
      faults_.Attach(&s->faults());
      SetStatus(SourceState::kRunning, "running in virtual time");
    } else if (server != nullptr) {
      faults_.Attach(nullptr);
      server->event_log().Unsubscribe(sub);
      server = nullptr;
    }
  };
  opts.pace = [this](TimeNs next) { return gate_.Wait(next); };
  // The Inspector shows each call's request and response.
  opts.record_payloads = true;
  auto result = scenario::RunScenario(scenario_, opts);
  if (!result.ok()) {
    SetStatus(SourceState::kFailed, std::string(result.status().message()));
    return;
  }
  const scenario::RunReport& rep = result->report;
  if (!rep.error.empty()) {
    SetStatus(SourceState::kFailed, absl::StrCat("run ended: ", rep.error));
    return;
  }
  int held = 0;
  for (const auto& r : rep.results) held += r.passed ? 1 : 0;
  SetStatus(SourceState::kFinished,
            rep.results.empty()
                ? std::string("run finished")
                : absl::StrCat("run finished: ", held, " of ",
                               rep.results.size(), " expectations held"));
}

}  // namespace fakecri::gui
