// File: kubelet.h
// The simulated kubelet: a CRI client that drives pods the way the
// kubelet's pod workers, PLEG, prober, container GC and runtime health
// check do (../shared/reference/cri-semantics.md section 3), so the calls a
// runtime sees are the calls a real node makes, in the same order and with
// the same request contents. It talks CRI over gRPC only (any endpoint),
// keeps time with the Clock it is given, and records each decision that is
// not a CRI call (back-off started, probe failed, node NotReady) as a
// kKubelet event in the EventLog it is given.
//
// Threading: every kubelet action runs as a timer callback of `clock`
// (pod syncs, relists, probes, status checks) or as the completion of a
// CRI call it issued. It issues CRI calls one at a time and never blocks a
// clock callback on a call that could wait for the clock (StopContainer's
// grace period, ExecSync timeouts, injected latency): those complete
// later, through gRPC's callback API. In virtual time the runner calls
// Settle() hooks (see Options::settle) so the order of everything is
// deterministic.
#ifndef FAKECRI_SCENARIO_KUBELET_KUBELET_H_
#define FAKECRI_SCENARIO_KUBELET_KUBELET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fakecri/clock.h"
#include "fakecri/event_log.h"
#include "scenario/kubelet/pod_spec.h"

namespace grpc {
class Channel;
}

namespace fakecri::scenario {

// What `kubectl get pod` shows, plus the conditions.
struct PodView {
  std::string name, pod_namespace, uid;
  // "Pending", "Running", "Succeeded", "Failed" (phase) and STATUS as
  // kubectl prints it: phase or reason ("CrashLoopBackOff",
  // "ErrImagePull", "ImagePullBackOff", "Init:0/1", "PodInitializing",
  // "ContainerCreating", "Completed", "Error", "OOMKilled",
  // "Terminating", ...).
  std::string phase;
  std::string status;
  int ready = 0, total = 0;  // READY n/m
  int restarts = 0;          // RESTARTS: sum over containers
  TimeNs created_at = 0;     // AGE is now - created_at
  bool ready_condition = false, containers_ready = false, initialized = false,
       scheduled = true;
  struct Container {
    std::string name;
    bool init = false;
    // "waiting" | "running" | "terminated"
    std::string state;
    std::string reason;  // waiting/terminated reason
    std::string message;
    int exit_code = 0;
    int restart_count = 0;
    bool ready = false;
    bool started = false;
    std::string container_id;  // current instance, "" if none
  };
  std::vector<Container> containers;  // init containers first
};

// The node as the kubelet sees it.
struct NodeView {
  bool ready = false;
  std::string message;  // why not ready ("container runtime network not
                        // ready: ...", "PLEG is not healthy: ...")
};

class Kubelet {
 public:
  struct Options {
    // Generic PLEG relist period / unhealthy threshold.
    DurationNs relist_period = kSecond;
    DurationNs relist_threshold = 180 * kSecond;
    // Evented PLEG (GetContainerEvents; generic relist slowed to 300 s,
    // back to generic after 5 stream failures).
    bool evented_pleg = false;
    DurationNs status_period = 5 * kSecond;  // runtime health (Status RPC)
    DurationNs container_gc_period = 60 * kSecond;
    DurationNs crash_loop_backoff_initial = 10 * kSecond;
    DurationNs crash_loop_backoff_max = 300 * kSecond;
    DurationNs image_backoff_initial = 10 * kSecond;
    DurationNs image_backoff_max = 300 * kSecond;
    DurationNs backoff_reset = 600 * kSecond;  // 10 min of running
    std::string pod_logs_root = "/var/log/pods";
    DurationNs runtime_request_timeout = 120 * kSecond;
    // Called after the kubelet issued a CRI call or queued work, before it
    // goes on: the embedded runner waits here until the runtime is quiet
    // (see Runner), so virtual-time runs are deterministic. Null for a
    // real-time run against any endpoint.
    std::function<void()> settle;
  };

  // `channel`: a CRI endpoint (fakecri's in-process channel or any unix
  // socket). `clock`: the kubelet's time (the runtime's own clock when
  // embedded). `events`: where kKubelet records go (may be null).
  static std::unique_ptr<Kubelet> Create(std::shared_ptr<grpc::Channel> channel,
                                         Clock& clock, EventLog* events,
                                         Options options);
  virtual ~Kubelet() = default;

  // Starts the periodic loops (Version, RuntimeConfig, Status, PLEG, GC).
  virtual absl::Status Start() = 0;
  // Stops every loop; pending CRI calls are cancelled.
  virtual void Stop() = 0;

  // The API server's side: a pod is bound to this node / deleted with a
  // grace period (nullopt = the pod's terminationGracePeriodSeconds).
  virtual absl::Status AddPod(const PodSpec& pod) = 0;
  virtual absl::Status DeletePod(const std::string& pod_namespace,
                                 const std::string& name,
                                 std::optional<int64_t> grace_seconds) = 0;

  virtual std::vector<PodView> Pods() = 0;
  virtual std::optional<PodView> Pod(const std::string& pod_namespace,
                                     const std::string& name) = 0;
  virtual NodeView Node() = 0;
  // True while no CRI call of the kubelet is outstanding and no pod sync
  // is queued (used by runners to wait for a quiet point).
  virtual bool Quiet() = 0;

  // What the kubelet issued and saw completed (thread-safe, cheap), for a
  // virtual-time driver's settle check (see VirtualTimeDriver): the kubelet
  // counts a completion only after it queued the clock timer that
  // continues it.
  struct ClientActivity {
    uint64_t issued = 0, completed = 0;
    uint64_t stream_messages_received = 0;  // GetContainerEvents messages
    uint64_t streams_closed = 0;            // event streams seen ending
  };
  virtual ClientActivity Activity() = 0;
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_KUBELET_KUBELET_H_
