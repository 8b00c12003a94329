// File: scenario.h
// A loaded scenario file (docs/scenarios.md): what to run, what to do and
// when, and what must hold. Plain data filled by the loader (loader.h);
// every position points back into the file so a failed expectation or a
// rule the runtime rejects can name its line.
#ifndef FAKECRI_SCENARIO_SCENARIO_H_
#define FAKECRI_SCENARIO_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fakecri/clock.h"
#include "scenario/kubelet/pod_spec.h"

namespace fakecri::scenario {

// "file:line:col" of a node (1-based), for messages.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;
  std::string ToString() const;
};

// A fault document in the exact format of docs/faults.md (`version: 1` +
// `faults:`), re-emitted from the scenario's YAML, with where it came from.
struct FaultBlock {
  std::string yaml;
  SourcePos pos;
  std::vector<std::string> ids;  // explicit rule ids, in order ("" if none)
};

// An inclusive range of integers; a plain number in the file is min = max.
struct CountRange {
  std::optional<int64_t> min, max;
  bool Contains(int64_t v) const {
    return (!min || v >= *min) && (!max || v <= *max);
  }
  std::string ToString() const;
};

// ---- Timeline actions -------------------------------------------------
struct CreatePodAction {
  PodSpec pod;
  // replicas > 1: pods <name>-0 .. <name>-(n-1), created at once.
  int replicas = 1;
  std::vector<std::string> Names() const;
};
struct DeletePodAction {
  std::string name, pod_namespace = "default";
  std::optional<int64_t> grace_period_seconds;
};
struct AddFaultsAction {
  FaultBlock faults;
};
struct RemoveFaultAction {
  std::string id;
};
// RuntimeReady / NetworkReady false (a not_ready fault with a fixed id,
// "condition-<Condition>") or back to true (that rule removed).
struct SetConditionAction {
  std::string condition;  // "RuntimeReady" | "NetworkReady"
  bool ready = false;
  std::string reason, message;
  std::optional<DurationNs> duration;  // false for this long, then true
};
// The runtime restarts (a restart fault on hop runtime, operation tick).
struct RestartRuntimeAction {
  DurationNs outage = 0;
  bool containers_unknown = false;
};
// Time passes; the next step's `after:` counts from the end of the wait.
struct WaitAction {
  DurationNs duration = 0;
};

struct Expectation;

struct TimelineStep {
  TimeNs at = 0;  // offset from the start of the run
  SourcePos pos;
  std::variant<std::monostate, CreatePodAction, DeletePodAction,
               AddFaultsAction, RemoveFaultAction, SetConditionAction,
               RestartRuntimeAction, WaitAction>
      action;
  // Checked at `at` (after the action, if any).
  std::vector<Expectation> expect;
  std::string ActionName() const;
};

// ---- Expectations ------------------------------------------------------
// A pod as `kubectl get pod` shows it.
struct PodExpectation {
  std::string pod, pod_namespace = "default";
  std::optional<std::string> phase, status;
  std::optional<bool> ready;               // the Ready condition
  std::optional<std::string> ready_count;  // "1/2"
  std::optional<CountRange> restarts;
  bool absent = false;  // the pod is gone (deleted and cleaned up)
};
struct ContainerExpectation {
  std::string pod, pod_namespace = "default", container;
  std::optional<std::string> state, reason;
  std::optional<int> exit_code;
  std::optional<CountRange> restart_count;
  std::optional<bool> ready;
};
struct NodeExpectation {
  bool ready = true;
  std::optional<std::string> message_contains;
};
// CRI calls the runtime answered, as the event log recorded them.
struct CallsExpectation {
  std::string rpc;  // exact RPC name
  std::optional<std::string> pod, container;
  std::optional<std::string> image;  // the image a pull/status call names
  std::optional<CountRange> count, failed, succeeded;
  // Outcomes in order: "ok", "error" or a gRPC code name ("UNAVAILABLE"),
  // e.g. [error, error, error, ok]: failed 3 times, then succeeded.
  std::vector<std::string> outcomes;
};
// These RPCs (each optionally "Rpc container") happened in this order
// (a subsequence of all calls).
struct OrderExpectation {
  std::optional<std::string> pod;
  std::vector<std::string> calls;
};
// Intervals between a container's exit and its next StartContainer.
struct BackoffExpectation {
  std::string pod, pod_namespace = "default", container;
  std::vector<DurationNs> intervals;
  DurationNs tolerance = 2 * kSecond;
};
struct LatencyExpectation {
  std::string rpc;
  std::optional<std::string> pod;  // only calls for this pod's objects
  double percentile = 50;          // 0..100
  std::optional<DurationNs> min, max;
};
struct FaultExpectation {
  std::string id;
  std::optional<CountRange> hits;
};

struct Expectation {
  using Variant =
      std::variant<PodExpectation, ContainerExpectation, NodeExpectation,
                   CallsExpectation, OrderExpectation, BackoffExpectation,
                   LatencyExpectation, FaultExpectation>;
  SourcePos pos;
  std::string description;  // optional, from `description:`
  Variant what;
};

// ---- The scenario -------------------------------------------------------
struct ClockSettings {
  std::string kind = "virtual";  // "virtual" | "real" | "scaled"
  double scale = 1.0;            // "scaled" only
};

struct RuntimeSettings {
  std::string sandbox_image, pod_cidr, cgroup_driver, exec_timeout_style;
  // Images beyond the built-in catalogue: a file (resolved against the
  // scenario's directory) or a block re-emitted as a catalogue document.
  std::string images_file;
  std::string images_yaml;
  SourcePos images_pos;
  std::vector<FaultBlock> faults;  // in force from the start
};

struct KubeletSettings {
  std::optional<bool> evented_pleg;
  std::optional<DurationNs> relist_period, status_period, container_gc_period,
      crash_loop_backoff_initial, crash_loop_backoff_max, image_backoff_initial,
      image_backoff_max, backoff_reset;
};

struct Scenario {
  std::string file;  // as given
  std::string name, description;
  uint64_t seed = 1;
  ClockSettings clock;
  DurationNs duration = 0;  // run length; at least the last step's time
  RuntimeSettings runtime;
  KubeletSettings kubelet;
  std::vector<TimelineStep> timeline;  // sorted by `at`, stable
  std::vector<Expectation> expect;     // checked at the end
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_SCENARIO_H_
