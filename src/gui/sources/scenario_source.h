// File: scenario_source.h
// An embedded fakecri and the simulated kubelet playing a scenario
// (src/scenario/runner.h), in virtual time, held back by a PaceGate so
// the run moves only as fast as the audience watches. Events come from
// the runtime's event log as they are appended; fault commands go to its
// FaultControl while the run lasts.
#ifndef FAKECRI_GUI_SOURCES_SCENARIO_SOURCE_H_
#define FAKECRI_GUI_SOURCES_SCENARIO_SOURCE_H_

#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "gui/sources/event_source.h"
#include "scenario/scenario.h"

namespace fakecri::gui {

// The built-in lesson `fakecri-gui` plays with no arguments: a pod under
// runc whose image pull fails once and whose sidecar crashes and is
// restarted, a second pod under kata, then the first pod's deletion.
extern const char kDemoScenarioYaml[];

class ScenarioSource : public EventSource {
 public:
  // The built-in demo, or a scenario file (file:line:col errors).
  static absl::StatusOr<std::unique_ptr<ScenarioSource>> Demo();
  static absl::StatusOr<std::unique_ptr<ScenarioSource>> FromFile(
      const std::string& path);
  explicit ScenarioSource(scenario::Scenario s);
  ~ScenarioSource() override;

  void Start(EventQueue& queue) override;
  void Stop() override;
  std::string Describe() const override;
  SourceStatus Status() const override;
  bool Settled() const override;
  FaultBackend* faults() override { return &faults_; }
  PaceGate* gate() override { return &gate_; }

 private:
  void Run(EventQueue& queue);
  void SetStatus(SourceState state, std::string message);

  scenario::Scenario scenario_;
  EmbeddedFaults faults_;
  PaceGate gate_;
  mutable std::mutex mu_;
  SourceStatus status_;
  std::thread thread_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_SCENARIO_SOURCE_H_
