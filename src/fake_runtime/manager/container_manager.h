// File: container_manager.h
// The container manager: what containerd or CRI-O is to the kubelet. It owns
// the sandboxes, containers and images, enforces the state machines, drives
// the OCI runtimes and writes every transition and CRI event to the event
// log. It speaks CRI messages but knows nothing of gRPC: the grpc/ adapter
// turns its absl::Status results into gRPC statuses.
//
// Behaviour follows containerd 2.x where containerd and CRI-O differ.
#ifndef FAKECRI_MANAGER_CONTAINER_MANAGER_H_
#define FAKECRI_MANAGER_CONTAINER_MANAGER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/common/random.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/faults/fault_outcome.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/logs/cri_log.h"
#include "fake_runtime/manager/fault_target.h"
#include "fake_runtime/manager/filters.h"
#include "fake_runtime/network/ip_allocator.h"
#include "fake_runtime/oci/oci_runtime.h"
#include "fake_runtime/store/id_index.h"
#include "fake_runtime/store/name_registrar.h"
#include "fake_runtime/store/records.h"
#include "fake_runtime/userland/fs/container_files.h"
#include "fake_runtime/userland/process/scheduler.h"
#include "fake_runtime/userland/process/userland.h"

namespace fakecri::runtime {

struct ManagerOptions {
  uint64_t seed = 1;
  std::string runtime_name = "fakecri";
  std::string runtime_version = "0.1.0";
  std::string sandbox_image = "registry.k8s.io/pause:3.10";
  std::string pod_cidr = std::string(kDefaultPodCidr);
  // Where ImageFsInfo says images live.
  std::string image_fs_mountpoint =
      "/var/lib/fakecri/io.containerd.snapshotter.v1.overlayfs";
  ::runtime::v1::CgroupDriver cgroup_driver = ::runtime::v1::SYSTEMD;
  // When set, container log paths must resolve inside this directory;
  // CreateContainer rejects others (INVALID_ARGUMENT).
  std::string log_root = "";
  // How ExecSync reports a timeout: "containerd" (DEADLINE_EXCEEDED) or
  // "cri-o" (OK, exit code -1, stderr "command timed out").
  std::string exec_timeout_style = "containerd";
  // Fault rules consulted at the manager, OCI, process, event and runtime
  // hops; not owned; null = no fault injection.
  faults::FaultEngine* faults = nullptr;
};

// Identifies the RPC a manager call serves, so every hop it causes can name
// its parent span in the event log.
struct CallContext {
  uint64_t span = 0;
  // Filled by injected faults at the hops below the CRI server (manager,
  // OCI): latency to add before the reply, and whether the call should
  // hang until the client's deadline. The gRPC adapter acts on them.
  mutable int64_t fault_delay = 0;
  mutable bool fault_hang = false;
};

// Thread-safe. One mutex serialises state changes, so every transition and
// the CRI event describing it are recorded atomically and in order.
class ContainerManager {
 public:
  ContainerManager(ManagerOptions options, Clock& clock, EventLog& log,
                   ImageStore& images);
  ContainerManager(const ContainerManager&) = delete;
  ContainerManager& operator=(const ContainerManager&) = delete;
  ~ContainerManager();

  using Ctx = const CallContext&;
  // Completion of a call that may finish later (StopContainer waits for
  // the container to exit; ExecSync for its command). Called exactly once,
  // never with the manager's lock held, possibly from the clock's thread.
  using Done = std::function<void(absl::Status)>;

  // ---- CRI RPCs (the Stream* variants reuse the List* calls). ----
  // Each validates fully before changing anything: an error leaves all
  // state as it was.
  absl::Status Version(Ctx c, const ::runtime::v1::VersionRequest& req,
                       ::runtime::v1::VersionResponse* resp);
  absl::Status RunPodSandbox(Ctx c,
                             const ::runtime::v1::RunPodSandboxRequest& req,
                             ::runtime::v1::RunPodSandboxResponse* resp);
  absl::Status StopPodSandbox(Ctx c,
                              const ::runtime::v1::StopPodSandboxRequest& req,
                              ::runtime::v1::StopPodSandboxResponse* resp);
  absl::Status RemovePodSandbox(
      Ctx c, const ::runtime::v1::RemovePodSandboxRequest& req,
      ::runtime::v1::RemovePodSandboxResponse* resp);
  absl::Status PodSandboxStatus(
      Ctx c, const ::runtime::v1::PodSandboxStatusRequest& req,
      ::runtime::v1::PodSandboxStatusResponse* resp);
  absl::Status ListPodSandbox(Ctx c,
                              const ::runtime::v1::ListPodSandboxRequest& req,
                              ::runtime::v1::ListPodSandboxResponse* resp);
  absl::Status CreateContainer(Ctx c,
                               const ::runtime::v1::CreateContainerRequest& req,
                               ::runtime::v1::CreateContainerResponse* resp);
  absl::Status StartContainer(Ctx c,
                              const ::runtime::v1::StartContainerRequest& req,
                              ::runtime::v1::StartContainerResponse* resp);
  // Returns once the container has exited (after the stop signal, or the
  // SIGKILL at the end of the timeout): `done` runs then.
  void StopContainer(Ctx c, const ::runtime::v1::StopContainerRequest& req,
                     ::runtime::v1::StopContainerResponse* resp, Done done);
  absl::Status RemoveContainer(Ctx c,
                               const ::runtime::v1::RemoveContainerRequest& req,
                               ::runtime::v1::RemoveContainerResponse* resp);
  absl::Status ListContainers(Ctx c,
                              const ::runtime::v1::ListContainersRequest& req,
                              ::runtime::v1::ListContainersResponse* resp);
  absl::Status ContainerStatus(Ctx c,
                               const ::runtime::v1::ContainerStatusRequest& req,
                               ::runtime::v1::ContainerStatusResponse* resp);
  absl::Status UpdateContainerResources(
      Ctx c, const ::runtime::v1::UpdateContainerResourcesRequest& req,
      ::runtime::v1::UpdateContainerResourcesResponse* resp);
  absl::Status ReopenContainerLog(
      Ctx c, const ::runtime::v1::ReopenContainerLogRequest& req,
      ::runtime::v1::ReopenContainerLogResponse* resp);
  // Runs the command in the container's userland; `done` runs when it
  // exits or times out. `resp` must stay valid until then.
  void ExecSync(Ctx c, const ::runtime::v1::ExecSyncRequest& req,
                ::runtime::v1::ExecSyncResponse* resp, Done done);
  absl::Status Exec(Ctx c, const ::runtime::v1::ExecRequest& req,
                    ::runtime::v1::ExecResponse* resp);
  absl::Status Attach(Ctx c, const ::runtime::v1::AttachRequest& req,
                      ::runtime::v1::AttachResponse* resp);
  absl::Status PortForward(Ctx c, const ::runtime::v1::PortForwardRequest& req,
                           ::runtime::v1::PortForwardResponse* resp);
  absl::Status ContainerStats(Ctx c,
                              const ::runtime::v1::ContainerStatsRequest& req,
                              ::runtime::v1::ContainerStatsResponse* resp);
  absl::Status ListContainerStats(
      Ctx c, const ::runtime::v1::ListContainerStatsRequest& req,
      ::runtime::v1::ListContainerStatsResponse* resp);
  absl::Status PodSandboxStats(Ctx c,
                               const ::runtime::v1::PodSandboxStatsRequest& req,
                               ::runtime::v1::PodSandboxStatsResponse* resp);
  absl::Status ListPodSandboxStats(
      Ctx c, const ::runtime::v1::ListPodSandboxStatsRequest& req,
      ::runtime::v1::ListPodSandboxStatsResponse* resp);
  absl::Status UpdateRuntimeConfig(
      Ctx c, const ::runtime::v1::UpdateRuntimeConfigRequest& req,
      ::runtime::v1::UpdateRuntimeConfigResponse* resp);
  absl::Status Status(Ctx c, const ::runtime::v1::StatusRequest& req,
                      ::runtime::v1::StatusResponse* resp);
  absl::Status CheckpointContainer(
      Ctx c, const ::runtime::v1::CheckpointContainerRequest& req,
      ::runtime::v1::CheckpointContainerResponse* resp);
  absl::Status ListMetricDescriptors(
      Ctx c, const ::runtime::v1::ListMetricDescriptorsRequest& req,
      ::runtime::v1::ListMetricDescriptorsResponse* resp);
  absl::Status ListPodSandboxMetrics(
      Ctx c, const ::runtime::v1::ListPodSandboxMetricsRequest& req,
      ::runtime::v1::ListPodSandboxMetricsResponse* resp);
  absl::Status RuntimeConfig(Ctx c,
                             const ::runtime::v1::RuntimeConfigRequest& req,
                             ::runtime::v1::RuntimeConfigResponse* resp);
  absl::Status UpdatePodSandboxResources(
      Ctx c, const ::runtime::v1::UpdatePodSandboxResourcesRequest& req,
      ::runtime::v1::UpdatePodSandboxResourcesResponse* resp);
  absl::Status ListImages(Ctx c, const ::runtime::v1::ListImagesRequest& req,
                          ::runtime::v1::ListImagesResponse* resp);
  absl::Status ImageStatus(Ctx c, const ::runtime::v1::ImageStatusRequest& req,
                           ::runtime::v1::ImageStatusResponse* resp);
  absl::Status PullImage(Ctx c, const ::runtime::v1::PullImageRequest& req,
                         ::runtime::v1::PullImageResponse* resp);
  absl::Status RemoveImage(Ctx c, const ::runtime::v1::RemoveImageRequest& req,
                           ::runtime::v1::RemoveImageResponse* resp);
  absl::Status ImageFsInfo(Ctx c, const ::runtime::v1::ImageFsInfoRequest& req,
                           ::runtime::v1::ImageFsInfoResponse* resp);

  // ---- For the server, the control API and tests. ----
  struct Counts {
    size_t sandboxes = 0, containers = 0, names = 0, ips = 0, tasks = 0;
  };
  Counts CountsForTest();
  // Fails every call still waiting (StopContainer, ExecSync) with
  // UNAVAILABLE and flushes container logs: the server is going away.
  void Shutdown();
  // Blocks until every log line written so far is in its file.
  void SyncLogs();
  // The container's simulated userland, for tests and tools; null when the
  // container does not exist or never started. Use under no lock; the
  // returned object must only be touched through WithUserland.
  void WithUserland(absl::string_view container_id,
                    const std::function<void(userland::Userland*)>& fn);
  Clock& clock() { return clock_; }
  EventLog& event_log() { return log_; }
  faults::FaultEngine* faults() { return options_.faults; }

  // ---- Fault injection (fault_hooks.cc). ----
  // What selectors see of a container / sandbox (id or unique prefix); an
  // empty target when there is no such object.
  FaultTarget ContainerFaultTarget(absl::string_view id);
  FaultTarget SandboxFaultTarget(absl::string_view id);
  // A process fault rule (crash, oom_kill) was added: it applies to the
  // matching containers running now, from now, as well as to later
  // starts.
  void ApplyProcessRuleToRunning(const std::string& rule_id);
  // A runtime restart: fails every call still waiting with `status` (as
  // Shutdown does, but the runtime stays up) and, when
  // `containers_unknown`, puts every running container in state UNKNOWN,
  // as containerd reports containers whose shim it lost.
  void Restart(const absl::Status& status, bool containers_unknown);
  ImageStore& images() { return images_; }

 private:
  struct Handler {
    std::unique_ptr<OciRuntime> oci;
  };

  // Holds mu_; on release runs the work processes queued for after the
  // lock (replies to waiting RPCs).
  class ABSL_SCOPED_LOCKABLE ManagerLock {
   public:
    explicit ManagerLock(ContainerManager* m)
        ABSL_EXCLUSIVE_LOCK_FUNCTION(m->mu_);
    ~ManagerLock() ABSL_UNLOCK_FUNCTION();
    ManagerLock(const ManagerLock&) = delete;
    ManagerLock& operator=(const ManagerLock&) = delete;

   private:
    ContainerManager* m_;
  };

  // Lookups. Return NotFound / InvalidArgument as containerd words them.
  absl::StatusOr<SandboxRecord*> FindSandbox(absl::string_view id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<ContainerRecord*> FindContainer(absl::string_view id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // FindContainer, then the state machine's verdict on `op` (error if the
  // container's state does not allow it).
  absl::StatusOr<ContainerRecord*> FindContainerFor(absl::string_view id,
                                                    ContainerOp op)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  OciRuntime* HandlerFor(absl::string_view runtime_handler);

  // Internal steps shared by several RPCs.
  absl::Status EnsureSandboxImage(Ctx c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void KillContainer(Ctx c, ContainerRecord& ctr, int signal)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void StopSandboxLocked(Ctx c, SandboxRecord& sb)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Label index upkeep (labels never change after CreateContainer).
  void IndexContainerLabels(ContainerRecord* ctr, const StringMap& labels)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UnindexContainerLabels(ContainerRecord* ctr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemoveContainerLocked(Ctx c, ContainerRecord& ctr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Simulated processes (container_process.cc).
  absl::StatusOr<userland::UserlandConfig> UserlandConfigFor(
      const ContainerRecord& ctr, const ::runtime::v1::ContainerConfig& cfg,
      const SandboxRecord& sb, std::vector<std::string>* argv)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::shared_ptr<const userland::PasswdLookup> PasswdLookupFor(
      userland::Userland& ul) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status StartProcess(Ctx c, ContainerRecord& ctr,
                            const SandboxRecord& sb)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // PID 1 ended with wait status `status`.
  void OnContainerExit(const std::string& id, int status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Fault injection (fault_hooks.cc).
  bool FaultsOn(faults::Hop hop) const {
    return options_.faults != nullptr && options_.faults->HasRules(hop);
  }
  FaultTarget TargetOfLocked(const SandboxRecord* sb,
                             const ContainerRecord* ctr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Applies the faults at (hop, op): latency and hang go into `c`; the
  // first error-like hit (error, oci_failure) is returned.
  absl::Status InjectFaults(Ctx c, faults::Hop hop, std::string_view op,
                            const FaultTarget& target);
  // Crash / OOM-kill effects for a process that just started.
  void ApplyProcessFaults(ContainerRecord& ctr, const SandboxRecord& sb)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ScheduleProcessFault(const ContainerRecord& ctr,
                            const faults::ProcessExit& exit)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ApplyConditionFaults(::runtime::v1::RuntimeCondition* runtime,
                            ::runtime::v1::RuntimeCondition* network);
  // Runtime conditions forced false by not_ready faults (runtime_status.cc).
  struct ForcedCondition {
    TimeNs until = 0;
    std::string reason, message;
  };
  std::map<faults::Condition, ForcedCondition> forced_conditions_
      ABSL_GUARDED_BY(mu_);

  // The one path by which a record's state changes, in the spirit of
  // containerd's store Update(func): the state machine's verdict on `op`
  // first (an error changes nothing and records nothing; a no-op changes
  // nothing and records nothing either), then `update` fills the fields
  // that go with the new state, the state is assigned, the transition is
  // recorded ("from -> to (why)") and the CRI `events` are emitted, in that
  // order, so the log and the events cannot drift from the state.
  // kCreate / kRun announce a record just put in the store: their "from"
  // is none, as the container or sandbox did not exist before.
  using CriEvents = absl::Span<const ::runtime::v1::ContainerEventType>;
  absl::Status TransitionContainer(
      Ctx c, ContainerRecord& ctr, ContainerOp op, absl::string_view why,
      CriEvents events = {}, absl::FunctionRef<void()> update = [] {})
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status TransitionSandbox(
      Ctx c, SandboxRecord& sb, SandboxOp op, absl::string_view why,
      CriEvents events = {}, absl::FunctionRef<void()> update = [] {})
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Event log.
  void RecordTransition(Ctx c, absl::string_view kind, absl::string_view id,
                        absl::string_view from, absl::string_view to,
                        absl::string_view why = {});
  void EmitCriEvent(absl::string_view object_id, const SandboxRecord* sb,
                    ::runtime::v1::ContainerEventType type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // CRI views of the records.
  void FillSandboxStatus(const SandboxRecord& sb,
                         ::runtime::v1::PodSandboxStatus* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FillContainerStatus(const ContainerRecord& ctr,
                           ::runtime::v1::ContainerStatus* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FillContainerStats(const ContainerRecord& ctr, TimeNs now,
                          ::runtime::v1::ContainerStats* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FillSandboxStats(const SandboxRecord& sb, TimeNs now,
                        ::runtime::v1::PodSandboxStats* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string SandboxInfoJson(const SandboxRecord& sb)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string ContainerInfoJson(const ContainerRecord& ctr)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const ManagerOptions options_;
  Clock& clock_;
  EventLog& log_;
  ImageStore& images_;
  logs::LogFileSink log_sink_;
  std::map<std::string, Handler, std::less<>> handlers_;  // by profile name

  fakecri::Mutex mu_;
  // Runs every container's processes, under mu_.
  userland::Scheduler sched_;
  // ExecSync calls in flight, by exec id, so Shutdown can answer them.
  std::map<uint64_t, Done> pending_execs_ ABSL_GUARDED_BY(mu_);
  // Parsed /etc/passwd + /etc/group, by their text: every container of an
  // image starts with the same files, and parsing them per StartContainer
  // was a tenth of its cost. Holds a few entries per image.
  absl::flat_hash_map<std::string,
                      std::shared_ptr<const userland::PasswdLookup>>
      passwd_cache_ ABSL_GUARDED_BY(mu_);
  uint64_t next_exec_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  RandomStream id_stream_ ABSL_GUARDED_BY(mu_);
  IdIndex<SandboxRecord> sandboxes_ ABSL_GUARDED_BY(mu_);
  IdIndex<ContainerRecord> containers_ ABSL_GUARDED_BY(mu_);
  // Containers by label, keyed "key\0value": ListContainers answers a label
  // selector from its most selective term instead of scanning every
  // container (100k containers: ~150 ms under mu_ -> well under 1 ms).
  absl::flat_hash_map<std::string, absl::flat_hash_set<ContainerRecord*>>
      containers_by_label_ ABSL_GUARDED_BY(mu_);
  NameRegistrar sandbox_names_ ABSL_GUARDED_BY(mu_);
  NameRegistrar container_names_ ABSL_GUARDED_BY(mu_);
  IpAllocator ips_ ABSL_GUARDED_BY(mu_);
  std::string pod_cidr_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_CONTAINER_MANAGER_H_
