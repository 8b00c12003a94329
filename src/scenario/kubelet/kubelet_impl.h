// File: kubelet_impl.h
// The kubelet's state and its parts, shared by the files that implement
// them: kubelet.cc (loops, API-server side, runtime health), pleg.cc
// (relists and the pod status cache), sync_pod.cc (pod workers),
// prober.cc (exec probes), gc.cc (container GC), pod_view.cc (status as
// kubectl shows it). Everything here runs under client_.mu().
#ifndef FAKECRI_SCENARIO_KUBELET_KUBELET_IMPL_H_
#define FAKECRI_SCENARIO_KUBELET_KUBELET_IMPL_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fakecri/cri.h"
#include "scenario/kubelet/backoff.h"
#include "scenario/kubelet/coro.h"
#include "scenario/kubelet/cri_client.h"
#include "scenario/kubelet/kubelet.h"

namespace fakecri::scenario::kubelet {

struct Unit {};

// One sandbox / container as GetPodStatus last saw it.
struct SandboxStatus {
  std::string id;
  bool ready = false;
  uint32_t attempt = 0;
  TimeNs created_at = 0;
  std::string ip;
};
struct ContainerStatus {
  std::string id, name, sandbox_id, image_ref;
  ::runtime::v1::ContainerState state = ::runtime::v1::CONTAINER_UNKNOWN;
  uint32_t restart_count = 0;  // metadata.attempt
  TimeNs created_at = 0, started_at = 0, finished_at = 0;
  int exit_code = 0;
  std::string reason, message;
};
// Newest first, as the kubelet sorts them.
struct RuntimePodStatus {
  std::vector<SandboxStatus> sandboxes;
  std::vector<ContainerStatus> containers;
  const ContainerStatus* Newest(const std::string& name) const {
    for (const auto& c : containers) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }
};

struct ProbeState {
  std::string container_id;  // the instance the counts belong to
  int successes = 0, failures = 0;
  std::optional<bool> result;  // nullopt: no result yet
  bool on_hold = false;        // liveness/startup failed: wait for a new id
  bool running = false;        // an ExecSync is outstanding
};

// What the kubelet knows about one container beyond the runtime's status.
struct ContainerInfo {
  const ContainerSpec* spec = nullptr;
  bool init = false;
  std::string waiting_reason, waiting_message;
  ProbeState liveness, readiness, startup;
  // Set by a failed liveness/startup probe or postStart hook: SyncPod
  // kills this instance (then restarts it per policy).
  std::string kill_id, kill_reason;
  // The instance ids a postStart hook already ran for.
  std::string post_started_id;
};

struct PodState {
  PodSpec spec;
  std::string uid, desc;
  TimeNs created_at = 0;
  RuntimePodStatus status;
  uint64_t status_seq = 0;  // when GetPodStatus last started
  int64_t event_time = 0;   // newest CRI event applied (evented PLEG)
  std::map<std::string, ContainerInfo> info;  // by container name
  // Deletion.
  bool deleting = false;
  int64_t grace_seconds = 30;
  bool killed = false;   // containers and sandboxes stopped
  bool removed = false;  // cleaned up: dropped after the sync
  // Pod worker.
  bool syncing = false, sync_again = false, wants_sync = false;
  uint64_t last_sync_seq = 0;
  bool ever_synced = false;
  uint64_t resync_token = 0;
  TimeNs resync_at = 0;
  std::vector<uint64_t> probe_tokens;
  std::string sync_error;  // why the last sync stopped ("network is not ready")
};

class KubeletImpl final : public Kubelet {
 public:
  KubeletImpl(std::shared_ptr<grpc::Channel> channel, Clock& clock,
              EventLog* events, Options options);
  ~KubeletImpl() override;

  absl::Status Start() override;
  void Stop() override;
  absl::Status AddPod(const PodSpec& pod) override;
  absl::Status DeletePod(const std::string& pod_namespace,
                         const std::string& name,
                         std::optional<int64_t> grace_seconds) override;
  std::vector<PodView> Pods() override;
  std::optional<PodView> Pod(const std::string& pod_namespace,
                             const std::string& name) override;
  NodeView Node() override;
  bool Quiet() override;
  ClientActivity Activity() override;

 private:
  using PodPtr = std::shared_ptr<PodState>;
  using Cri = CriClient;

  // kubelet.cc
  void Record(const std::string& subject, const std::string& object_id,
              const std::string& detail);
  Detached StartUp();
  void ScheduleStatus(DurationNs after);
  Detached UpdateRuntimeUp();
  std::vector<std::string> RuntimeErrors() const;
  NodeView NodeLocked() const;
  void CheckNode();
  PodPtr FindPod(const std::string& ns, const std::string& name) const;
  std::vector<PodPtr> AllPods() const;

  // pleg.cc
  void ScheduleRelist(DurationNs after);
  Detached Relist();
  bool SameAsLastRelist(
      const ::runtime::v1::ListPodSandboxResponse& sandboxes,
      const ::runtime::v1::ListContainersResponse& containers);
  std::set<std::string> DiffWithLastRelist(
      const ::runtime::v1::ListPodSandboxResponse& sandboxes,
      const ::runtime::v1::ListContainersResponse& containers);
  Task<bool> UpdatePodStatus(PodPtr pod);
  void DispatchWaitingSyncs();
  Detached WatchEvents();
  void HandleCriEvent(const ::runtime::v1::ContainerEventResponse& ev);
  void FallBackToGenericPleg();

  // sync_pod.cc
  // `need_fresh`: wait for a pod status newer than the last sync (the
  // pod cache's GetNewerThan); timers that only re-check back-offs do not.
  void RequestSync(const PodPtr& pod, bool need_fresh = true);
  void ResyncAt(const PodPtr& pod, TimeNs when);
  Detached RunPodWorker(PodPtr pod);
  Task<Unit> SyncPod(PodPtr pod);
  Task<bool> KillPod(PodPtr pod, const std::string& why);
  Task<Unit> RemovePod(PodPtr pod);
  Task<bool> StartContainer(PodPtr pod, const ContainerSpec& c,
                            const std::string& sandbox_id,
                            const ::runtime::v1::PodSandboxConfig& sandbox);
  Task<std::optional<std::string>> EnsureImage(
      PodPtr pod, const ContainerSpec& c,
      const ::runtime::v1::PodSandboxConfig& sandbox);
  Task<bool> KillContainer(PodPtr pod, const ContainerStatus& c,
                           int64_t grace_seconds, const std::string& reason);
  // The container's preStop hook (when `run_hook`), whose time comes off
  // the grace period, then the kill record: the StopContainer request to
  // send, or nullopt when the kubelet stopped meanwhile.
  Task<std::optional<::runtime::v1::StopContainerRequest>> PrepareStop(
      PodPtr pod, const ContainerStatus& c, int64_t grace_seconds,
      const std::string& reason, bool run_hook);
  bool DoBackOff(const PodPtr& pod, const ContainerSpec& c,
                 const ContainerStatus* last);
  bool ShouldRestart(const PodState& pod, const ContainerStatus& c) const;
  bool PodFinished(const PodState& pod) const;

  // prober.cc
  void StartProbes(const PodPtr& pod);
  void ScheduleProbe(const PodPtr& pod, const std::string& container, int kind,
                     TimeNs when);
  Detached RunProbe(PodPtr pod, std::string container, int kind);

  // gc.cc
  Detached ContainerGc();

  // pod_view.cc
  PodView ViewOf(const PodState& pod) const;

  Clock& clock_;
  EventLog* events_;
  Options options_;
  CriClient client_;
  bool started_ = false;

  std::map<std::string, PodPtr> pods_;  // by uid
  std::set<std::string> deleted_uids_;  // pods gone from the API
  uint64_t seq_ = 0;                    // orders syncs against cache updates
  uint64_t cache_seq_ = 0;              // start of the last good relist

  // PLEG.
  struct Seen {
    ::runtime::v1::ContainerState state;
    std::string uid;
    uint64_t mark = 0;  // the last quiet relist that saw it
  };
  std::map<std::string, Seen> last_relist_;  // sandbox and container ids
  uint64_t relist_mark_ = 0;
  std::set<std::string> reinspect_;  // uids whose GetPodStatus failed
  bool relisting_ = false;
  uint64_t relist_token_ = 0;
  TimeNs relist_started_ = 0;
  TimeNs last_relist_ok_ = 0;  // start time of the last good relist
  DurationNs relist_period_ = 0, relist_threshold_ = 0;
  bool evented_active_ = false;
  int stream_failures_ = 0;
  std::atomic<uint64_t> stream_received_{0}, streams_closed_{0};

  // Runtime health.
  bool status_synced_ = false;
  TimeNs last_runtime_sync_ = 0;
  std::string runtime_error_, network_error_;
  bool node_ready_ = false;
  bool runtime_ok_ = false, network_ok_ = false;  // at the last CheckNode
  std::string node_message_;

  Backoff crash_backoff_, image_backoff_;
};

}  // namespace fakecri::scenario::kubelet

#endif  // FAKECRI_SCENARIO_KUBELET_KUBELET_IMPL_H_
