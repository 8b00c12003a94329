// File: runtime_setup.h
// Turns a scenario's runtime settings and fault actions into what a fakecri
// server takes (ServerOptions, fault documents of docs/faults.md), checks
// them the way the runtime will (a bad file never starts a run), and plays
// the fault part of a timeline on a server's clock (`fakecri serve
// --scenario`, where an outside kubelet makes the pods).
#ifndef FAKECRI_SCENARIO_RUNTIME_SETUP_H_
#define FAKECRI_SCENARIO_RUNTIME_SETUP_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fakecri/faults.h"
#include "fakecri/server.h"
#include "scenario/scenario.h"

namespace fakecri::scenario {

// ServerOptions for a scenario. An inline image catalogue is written to a
// temporary file that lives as long as this object.
class RuntimeSetup {
 public:
  static absl::StatusOr<std::unique_ptr<RuntimeSetup>> Create(
      const Scenario& s);
  ~RuntimeSetup();
  RuntimeSetup(const RuntimeSetup&) = delete;
  RuntimeSetup& operator=(const RuntimeSetup&) = delete;

  // clock "virtual" unless the scenario says otherwise; in-process only.
  const ServerOptions& options() const { return options_; }
  // Rewrites an error naming the temporary catalogue to name the scenario.
  absl::Status Explain(const absl::Status& st) const;

 private:
  RuntimeSetup() = default;
  ServerOptions options_;
  std::string temp_file_;
  SourcePos images_pos_;
};

// The fault documents behind setCondition and restartRuntime.
std::string ConditionFaultId(const SetConditionAction& a);
std::string ConditionFaultYaml(const SetConditionAction& a);
std::string RestartFaultYaml(const RestartRuntimeAction& a, int n);

// Adds a step's fault action (addFaults, removeFault, setCondition,
// restartRuntime) to `faults`; other actions are left alone (false).
// Errors name the step's position in the scenario file.
absl::StatusOr<bool> ApplyFaultAction(const TimelineStep& step,
                                      FaultControl& faults, int step_index);

// Starts a scratch in-process server with the scenario's settings and
// adds every fault rule in timeline order (removals too), so the runtime's
// own parser checks them. Nothing runs.
absl::Status ValidateAgainstRuntime(const Scenario& s);

// Schedules the timeline's fault actions on `server`'s clock from now on;
// `log` gets one line per action applied (or failed). Pod actions are
// skipped (returned count says how many were).
int ScheduleFaultTimeline(const Scenario& s, Server& server,
                          std::function<void(const std::string&)> log);

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_RUNTIME_SETUP_H_
