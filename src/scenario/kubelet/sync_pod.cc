// File: sync_pod.cc
// The pod worker: one SyncPod at a time per pod (kuberuntime_manager.go
// SyncPod and computePodActions, cri-semantics.md 3.1-3.3 and 3.7): kill
// and re-create a dead sandbox with attempt + 1, init containers one per
// sync (sidecars in order), regular containers by restart policy behind
// the crash-loop back-off, images by pull policy behind the image back-off,
// and termination (preStop, StopContainer in parallel, StopPodSandbox,
// then removal).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenario/kubelet/kubelet_impl.h"
#include "scenario/kubelet/pod_config.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

namespace {

// The pod worker's requeue after a failed sync (backOffPeriod).
constexpr DurationNs kSyncErrorRetry = 10 * kSecond;
// killContainer's floor (minimumGracePeriodInSeconds).
constexpr int64_t kMinimumGraceSeconds = 2;

// Go's time.Duration.String for whole seconds: "10s", "2m40s", "5m0s".
std::string GoDuration(DurationNs d) {
  const int64_t s = d / kSecond;
  if (s < 60) return absl::StrCat(s, "s");
  if (s < 3600) return absl::StrCat(s / 60, "m", s % 60, "s");
  return absl::StrCat(s / 3600, "h", (s % 3600) / 60, "m", s % 60, "s");
}

bool Alive(v1::ContainerState s) {
  return s == v1::CONTAINER_RUNNING || s == v1::CONTAINER_CREATED ||
         s == v1::CONTAINER_UNKNOWN;
}

}  // namespace

void KubeletImpl::RequestSync(const PodPtr& pod, bool need_fresh) {
  if (pod->removed || client_.stopped()) return;
  if (pod->syncing) {
    pod->sync_again = true;
    return;
  }
  // GetNewerThan: a sync needs a status newer than the last sync's end.
  if (need_fresh && pod->ever_synced &&
      std::max(pod->status_seq, cache_seq_) <= pod->last_sync_seq) {
    pod->wants_sync = true;
    return;
  }
  pod->wants_sync = false;
  RunPodWorker(pod);
}

void KubeletImpl::ResyncAt(const PodPtr& pod, TimeNs when) {
  if (pod->resync_token != 0 && pod->resync_at <= when &&
      pod->resync_at >= clock_.Now()) {
    return;  // an earlier re-check is already queued
  }
  if (pod->resync_token != 0) client_.CancelTimer(pod->resync_token);
  pod->resync_at = when;
  pod->resync_token = client_.At(when, [this, pod] {
    pod->resync_token = 0;
    RequestSync(pod, /*need_fresh=*/false);
  });
}

Detached KubeletImpl::RunPodWorker(PodPtr pod) {
  pod->syncing = true;
  pod->sync_again = false;
  co_await SyncPod(pod);
  if (client_.stopped()) co_return;
  pod->syncing = false;
  pod->ever_synced = true;
  pod->last_sync_seq = ++seq_;
  if (pod->removed) {
    for (uint64_t t : pod->probe_tokens) client_.CancelTimer(t);
    if (pod->resync_token != 0) client_.CancelTimer(pod->resync_token);
    auto it = pods_.find(pod->uid);
    if (it != pods_.end() && it->second == pod) pods_.erase(it);
    deleted_uids_.insert(pod->uid);
    Record("pod", pod->spec.name,
           absl::StrCat("Pod ", pod->desc, " removed from the node"));
    co_return;
  }
  if (pod->sync_again) {
    // The sync just made changes the status it read does not show (a
    // container created while a relist ran): like the pod worker's
    // GetNewerThan, wait for a status from after this sync, or the next
    // sync would create the same container again.
    pod->sync_again = false;
    RequestSync(pod, /*need_fresh=*/true);
  }
}

bool KubeletImpl::ShouldRestart(const PodState& pod,
                                const ContainerStatus& c) const {
  switch (pod.spec.restart_policy) {
    case RestartPolicy::kAlways:
      return true;
    case RestartPolicy::kOnFailure:
      return c.exit_code != 0;
    case RestartPolicy::kNever:
      return false;
  }
  return false;
}

bool KubeletImpl::PodFinished(const PodState& pod) const {
  if (pod.spec.restart_policy == RestartPolicy::kAlways) return false;
  const RuntimePodStatus& st = pod.status;
  if (st.sandboxes.empty()) return false;
  const std::string& sandbox = st.sandboxes[0].id;
  auto newest = [&](const std::string& name) -> const ContainerStatus* {
    for (const auto& c : st.containers) {
      if (c.name == name && c.sandbox_id == sandbox) return &c;
    }
    return nullptr;
  };
  if (pod.spec.restart_policy == RestartPolicy::kNever) {
    for (const auto& c : pod.spec.init_containers) {
      const ContainerStatus* cs = newest(c.name);
      if (cs != nullptr && cs->state == v1::CONTAINER_EXITED &&
          cs->exit_code != 0 && !c.restartable) {
        return true;  // a failed init container fails the pod
      }
    }
  }
  for (const auto& c : pod.spec.containers) {
    const ContainerStatus* cs = newest(c.name);
    if (cs == nullptr || cs->state != v1::CONTAINER_EXITED) return false;
    if (ShouldRestart(pod, *cs)) return false;
  }
  return true;
}

Task<Unit> KubeletImpl::SyncPod(PodPtr pod) {
  const TimeNs now = clock_.Now();
  if (pod->deleting) {
    // syncTerminatingPod reads a fresh status, not the cache.
    co_await UpdatePodStatus(pod);
    if (client_.stopped()) co_return Unit{};
    if (!pod->killed) {
      const bool ok = co_await KillPod(pod, "deleted");
      if (client_.stopped()) co_return Unit{};
      if (!ok) {
        ResyncAt(pod, now + kSyncErrorRetry);
        co_return Unit{};
      }
      pod->killed = true;
    }
    co_await RemovePod(pod);
    co_return Unit{};
  }
  const std::vector<std::string> errs = RuntimeErrors();
  if (!errs.empty() || (!network_error_.empty() && !pod->spec.host_network)) {
    const std::string why =
        !errs.empty() ? absl::StrCat("Skipping pod synchronization: ",
                                     absl::StrJoin(errs, "; "))
                      : absl::StrCat("network is not ready: ", network_error_);
    if (why != pod->sync_error) {
      Record("sync", pod->spec.name,
             absl::StrCat(why, " pod=", pod->spec.name));
    }
    pod->sync_error = why;
    co_return Unit{};  // CheckNode re-syncs every pod when this clears
  }
  pod->sync_error.clear();
  if (PodFinished(*pod)) {
    if (!pod->killed) {
      Record("sync", pod->spec.name,
             absl::StrCat("Pod ", pod->desc,
                          " has finished: stopping its sandbox"));
      const bool ok = co_await KillPod(pod, "finished");
      if (client_.stopped()) co_return Unit{};
      if (ok) pod->killed = true;
    }
    co_return Unit{};
  }

  // computePodActions.
  const RuntimePodStatus st = pod->status;  // this sync's view
  const SandboxStatus* sb = st.sandboxes.empty() ? nullptr : &st.sandboxes[0];
  const int ready_sandboxes = static_cast<int>(
      std::count_if(st.sandboxes.begin(), st.sandboxes.end(),
                    [](const SandboxStatus& s) { return s.ready; }));
  const bool create_sandbox = sb == nullptr || !sb->ready ||
                              ready_sandboxes > 1 ||
                              (!pod->spec.host_network && sb->ip.empty());
  std::string sandbox_id;
  v1::PodSandboxConfig sandbox_cfg;
  if (create_sandbox) {
    const uint32_t attempt = sb == nullptr ? 0 : sb->attempt + 1;
    if (sb != nullptr) {
      Record("sync", pod->spec.name,
             absl::StrCat("Pod sandbox changed, it will be killed and "
                          "re-created: pod=",
                          pod->spec.name, " attempt=", attempt));
      const bool ok = co_await KillPod(pod, "sandbox changed");
      if (client_.stopped()) co_return Unit{};
      if (!ok) {
        ResyncAt(pod, now + kSyncErrorRetry);
        co_return Unit{};
      }
      // purgeInitContainers: the new sandbox runs them all again.
      for (const auto& c : st.containers) {
        if (!pod->info[c.name].init) continue;
        v1::RemoveContainerRequest rm;
        rm.set_container_id(c.id);
        co_await KCALL(rt, RemoveContainer, rm);
        if (client_.stopped()) co_return Unit{};
      }
    }
    sandbox_cfg =
        SandboxConfig(pod->spec, pod->uid, attempt, options_.pod_logs_root);
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = sandbox_cfg;
    run.set_runtime_handler(pod->spec.runtime_handler);
    auto r = co_await KCALL(rt, RunPodSandbox, run);
    if (client_.stopped()) co_return Unit{};
    if (!r.ok()) {
      Record("sync", pod->spec.name,
             absl::StrCat("Failed to create pod sandbox: ",
                          r.status.error_message()));
      ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
      co_return Unit{};
    }
    sandbox_id = r.resp.pod_sandbox_id();
    v1::PodSandboxStatusRequest sreq;
    sreq.set_pod_sandbox_id(sandbox_id);
    auto ps = co_await KCALL(rt, PodSandboxStatus, sreq);
    if (client_.stopped()) co_return Unit{};
    if (!ps.ok()) {
      ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
      co_return Unit{};
    }
    pod->killed = false;
  } else {
    sandbox_id = sb->id;
    sandbox_cfg =
        SandboxConfig(pod->spec, pod->uid, sb->attempt, options_.pod_logs_root);
  }
  auto in_sandbox = [&](const std::string& name) -> const ContainerStatus* {
    for (const auto& c : st.containers) {
      if (c.name == name && c.sandbox_id == sandbox_id) return &c;
    }
    return nullptr;
  };

  // Init containers: one per sync; sidecars (restartable) in order.
  for (const auto& c : pod->spec.init_containers) {
    const ContainerStatus* cs = in_sandbox(c.name);
    ContainerInfo& ci = pod->info[c.name];
    if (c.restartable) {
      if (cs != nullptr && cs->state == v1::CONTAINER_RUNNING) {
        if (ci.kill_id == cs->id) {
          co_await KillContainer(pod, *cs, pod->grace_seconds, ci.kill_reason);
          ci.kill_id.clear();
          co_return Unit{};
        }
        continue;
      }
      if (cs != nullptr && cs->state == v1::CONTAINER_CREATED) co_return Unit{};
      const bool ok = co_await StartContainer(pod, c, sandbox_id, sandbox_cfg);
      if (client_.stopped() || !ok) co_return Unit{};
      continue;
    }
    if (cs == nullptr) {
      co_await StartContainer(pod, c, sandbox_id, sandbox_cfg);
      co_return Unit{};
    }
    if (cs->state != v1::CONTAINER_EXITED) co_return Unit{};  // still running
    if (cs->exit_code == 0) continue;
    if (pod->spec.restart_policy == RestartPolicy::kNever) co_return Unit{};
    co_await StartContainer(pod, c, sandbox_id, sandbox_cfg);
    co_return Unit{};
  }

  // Regular containers.
  for (const auto& c : pod->spec.containers) {
    const ContainerStatus* cs = in_sandbox(c.name);
    ContainerInfo& ci = pod->info[c.name];
    if (cs != nullptr && cs->state == v1::CONTAINER_RUNNING) {
      if (ci.kill_id == cs->id) {
        // A failed liveness/startup probe or postStart hook: kill it; the
        // relist that sees it exit brings the restart (behind back-off).
        co_await KillContainer(pod, *cs, pod->grace_seconds, ci.kill_reason);
        if (client_.stopped()) co_return Unit{};
        ci.kill_id.clear();
      }
      continue;
    }
    if (cs != nullptr && cs->state != v1::CONTAINER_EXITED) continue;
    if (cs != nullptr && !ShouldRestart(*pod, *cs)) continue;
    co_await StartContainer(pod, c, sandbox_id, sandbox_cfg);
    if (client_.stopped()) co_return Unit{};
  }
  co_return Unit{};
}

bool KubeletImpl::DoBackOff(const PodPtr& pod, const ContainerSpec& c,
                            const ContainerStatus* last) {
  if (last == nullptr || last->state != v1::CONTAINER_EXITED) return false;
  const std::string key = absl::StrCat(pod->uid, "/", c.name);
  const TimeNs now = clock_.Now();
  ContainerInfo& ci = pod->info[c.name];
  if (crash_backoff_.InBackOffSince(key, last->finished_at, now)) {
    const DurationNs delay = crash_backoff_.Get(key);
    const std::string msg = absl::StrCat(
        "back-off ", GoDuration(delay), " restarting failed container=", c.name,
        " pod=", pod->desc);
    if (ci.waiting_reason != "CrashLoopBackOff" || ci.waiting_message != msg) {
      Record("backoff", absl::StrCat(pod->spec.name, "/", c.name),
             absl::StrCat("Back-off ", GoDuration(delay),
                          " restarting failed container=", c.name,
                          " pod=", pod->spec.name));
    }
    ci.waiting_reason = "CrashLoopBackOff";
    ci.waiting_message = msg;
    ResyncAt(pod, last->finished_at + delay);
    return true;
  }
  crash_backoff_.Next(key, last->finished_at, now);
  return false;
}

Task<bool> KubeletImpl::StartContainer(PodPtr pod, const ContainerSpec& c,
                                       const std::string& sandbox_id,
                                       const v1::PodSandboxConfig& sandbox) {
  ContainerInfo& ci = pod->info[c.name];
  // The newest instance in any sandbox: its restart count goes on.
  const ContainerStatus* last = pod->status.Newest(c.name);
  if (DoBackOff(pod, c, last)) co_return false;
  const uint32_t restart_count = last == nullptr ? 0 : last->restart_count + 1;
  std::optional<std::string> image_ref = co_await EnsureImage(pod, c, sandbox);
  if (client_.stopped() || !image_ref) co_return false;
  // generateContainerConfig: getImageUser (ImageStatus of the image as
  // written), then verifyRunAsNonRoot. Its errors are
  // CreateContainerConfigError, with no CreateContainer call.
  v1::ImageStatusRequest ureq;
  ureq.mutable_image()->set_image(c.image);
  auto us = co_await KCALL(img, ImageStatus, ureq);
  if (client_.stopped()) co_return false;
  std::optional<std::string> config_error;
  ImageUser user;
  if (!us.ok()) {
    config_error = us.status.error_message();
  } else {
    user = ImageUserOf(us.resp);
    config_error = VerifyRunAsNonRoot(pod->spec, c, user, pod->desc);
  }
  if (config_error) {
    if (ci.waiting_reason != "CreateContainerConfigError" ||
        ci.waiting_message != *config_error) {
      Record(
          "sync", absl::StrCat(pod->spec.name, "/", c.name),
          absl::StrCat("Error: CreateContainerConfigError: ", *config_error));
    }
    ci.waiting_reason = "CreateContainerConfigError";
    ci.waiting_message = *config_error;
    ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
    co_return false;
  }
  v1::CreateContainerRequest create;
  create.set_pod_sandbox_id(sandbox_id);
  *create.mutable_config() =
      ContainerConfig(pod->spec, c, pod->uid, restart_count, *image_ref, user);
  *create.mutable_sandbox_config() = sandbox;
  auto cr = co_await KCALL(rt, CreateContainer, create);
  if (client_.stopped()) co_return false;
  if (!cr.ok()) {
    ci.waiting_reason = "CreateContainerError";
    ci.waiting_message = cr.status.error_message();
    Record("sync", absl::StrCat(pod->spec.name, "/", c.name),
           absl::StrCat("Error: CreateContainerError: ", ci.waiting_message));
    ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
    co_return false;
  }
  const std::string id = cr.resp.container_id();
  v1::StartContainerRequest start;
  start.set_container_id(id);
  auto sr = co_await KCALL(rt, StartContainer, start);
  if (client_.stopped()) co_return false;
  if (!sr.ok()) {
    // The container is left EXITED; the relist brings the restart.
    ci.waiting_reason = "RunContainerError";
    ci.waiting_message = sr.status.error_message();
    Record("sync", absl::StrCat(pod->spec.name, "/", c.name),
           absl::StrCat("Error: RunContainerError: ", ci.waiting_message));
    co_return false;
  }
  ci.waiting_reason.clear();
  ci.waiting_message.clear();
  if (!c.post_start_exec.empty()) {
    v1::ExecSyncRequest hook;
    hook.set_container_id(id);
    for (const auto& s : c.post_start_exec) hook.add_cmd(s);
    hook.set_timeout(0);
    auto hr = co_await KCALL(rt, ExecSync, hook);
    if (client_.stopped()) co_return false;
    if (!hr.ok() || hr.resp.exit_code() != 0) {
      Record(
          "hook", absl::StrCat(pod->spec.name, "/", c.name),
          absl::StrCat("PostStartHook failed: ",
                       hr.ok() ? absl::StrCat("exit code ", hr.resp.exit_code())
                               : hr.status.error_message()));
      ci.kill_id = id;
      ci.kill_reason = "FailedPostStartHook";
      RequestSync(pod, /*need_fresh=*/true);
    }
  }
  co_return true;
}

Task<std::optional<std::string>> KubeletImpl::EnsureImage(
    PodPtr pod, const ContainerSpec& c, const v1::PodSandboxConfig& sandbox) {
  ContainerInfo& ci = pod->info[c.name];
  const std::string image = WithDefaultTag(c.image);
  const PullPolicy policy = EffectivePullPolicy(c);
  const std::string who = absl::StrCat(pod->spec.name, "/", c.name);
  v1::ImageStatusRequest sreq;
  sreq.mutable_image()->set_image(image);
  for (const auto& [k, v] : pod->spec.annotations) {
    (*sreq.mutable_image()->mutable_annotations())[k] = v;
  }
  sreq.mutable_image()->set_runtime_handler(pod->spec.runtime_handler);
  auto st = co_await KCALL(img, ImageStatus, sreq);
  if (client_.stopped()) co_return std::nullopt;
  if (!st.ok()) {
    ci.waiting_reason = "ImageInspectError";
    ci.waiting_message = absl::StrCat("Failed to inspect image \"", image,
                                      "\": ", st.status.error_message());
    Record("image", who, ci.waiting_message);
    ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
    co_return std::nullopt;
  }
  const bool present = st.resp.has_image() && !st.resp.image().id().empty();
  if (policy == PullPolicy::kNever) {
    if (present) co_return st.resp.image().id();
    const std::string msg =
        absl::StrCat("Container image \"", image,
                     "\" is not present with pull policy of Never");
    if (ci.waiting_reason != "ErrImageNeverPull") {
      Record("image", who, absl::StrCat("Error: ErrImageNeverPull: ", msg));
    }
    ci.waiting_reason = "ErrImageNeverPull";
    ci.waiting_message = msg;
    co_return std::nullopt;
  }
  if (present && policy == PullPolicy::kIfNotPresent) {
    co_return st.resp.image().id();
  }
  const std::string key = absl::StrCat(pod->uid, "_", image);
  const TimeNs now = clock_.Now();
  if (image_backoff_.InBackOffSinceUpdate(key, now)) {
    const std::string msg =
        absl::StrCat("Back-off pulling image \"", image, "\"");
    Record("backoff", who, msg);
    ci.waiting_reason = "ImagePullBackOff";
    ci.waiting_message = msg;
    ResyncAt(pod, image_backoff_.LastUpdate(key) + image_backoff_.Get(key));
    co_return std::nullopt;
  }
  v1::PullImageRequest pull;
  *pull.mutable_image() = sreq.image();
  *pull.mutable_sandbox_config() = sandbox;
  auto pr = co_await KCALL(img, PullImage, pull);
  if (client_.stopped()) co_return std::nullopt;
  if (!pr.ok()) {
    image_backoff_.Next(key, clock_.Now(), clock_.Now());
    ci.waiting_reason = "ErrImagePull";
    ci.waiting_message = absl::StrCat("Failed to pull image \"", image,
                                      "\": ", pr.status.error_message());
    Record("image", who, ci.waiting_message);
    ResyncAt(pod, clock_.Now() + kSyncErrorRetry);
    co_return std::nullopt;
  }
  image_backoff_.Reset(key);
  Record("image", who,
         absl::StrCat("Successfully pulled image \"", image, "\""));
  co_return pr.resp.image_ref();
}

Task<std::optional<v1::StopContainerRequest>> KubeletImpl::PrepareStop(
    PodPtr pod, const ContainerStatus& c, int64_t grace_seconds,
    const std::string& reason, bool run_hook) {
  const ContainerInfo& ci = pod->info[c.name];
  int64_t grace = grace_seconds;
  if (run_hook && ci.spec != nullptr && !ci.spec->pre_stop_exec.empty()) {
    const TimeNs t0 = clock_.Now();
    v1::ExecSyncRequest hook;
    hook.set_container_id(c.id);
    for (const auto& s : ci.spec->pre_stop_exec) hook.add_cmd(s);
    hook.set_timeout(grace);
    Record("hook", absl::StrCat(pod->spec.name, "/", c.name),
           "Running preStop hook");
    co_await KCALL(rt, ExecSync, hook);
    if (client_.stopped()) co_return std::nullopt;
    grace -= (clock_.Now() - t0) / kSecond;
  }
  grace = std::max(grace, kMinimumGraceSeconds);
  Record("kill", absl::StrCat(pod->spec.name, "/", c.name),
         absl::StrCat("Killing container with a grace period: container=",
                      c.name, " pod=", pod->spec.name, " gracePeriod=", grace,
                      " reason=", reason));
  v1::StopContainerRequest stop;
  stop.set_container_id(c.id);
  stop.set_timeout(grace);
  co_return stop;
}

Task<bool> KubeletImpl::KillContainer(PodPtr pod, const ContainerStatus& c,
                                      int64_t grace_seconds,
                                      const std::string& reason) {
  std::optional<v1::StopContainerRequest> stop =
      co_await PrepareStop(pod, c, grace_seconds, reason, /*run_hook=*/true);
  if (!stop) co_return false;
  auto r = co_await KCALL(rt, StopContainer, *stop);
  if (client_.stopped()) co_return false;
  co_return r.ok() || r.status.error_code() == grpc::StatusCode::NOT_FOUND;
}

Task<bool> KubeletImpl::KillPod(PodPtr pod, const std::string& why) {
  const RuntimePodStatus st = pod->status;
  // preStop hooks first (each bounded by the grace period), then every
  // container is stopped in parallel, then every sandbox.
  std::vector<v1::StopContainerRequest> stops;
  for (const auto& c : st.containers) {
    if (!Alive(c.state)) continue;
    // The hook only runs in a running container.
    std::optional<v1::StopContainerRequest> stop =
        co_await PrepareStop(pod, c, pod->grace_seconds, why,
                             /*run_hook=*/c.state == v1::CONTAINER_RUNNING);
    if (!stop) co_return false;
    stops.push_back(std::move(*stop));
  }
  bool ok = true;
  auto results = co_await KCALL_ALL(rt, StopContainer, stops);
  if (client_.stopped()) co_return false;
  for (const auto& r : results) {
    if (!r.ok() && r.status.error_code() != grpc::StatusCode::NOT_FOUND) {
      ok = false;
    }
  }
  for (const auto& s : st.sandboxes) {
    v1::StopPodSandboxRequest req;
    req.set_pod_sandbox_id(s.id);
    auto r = co_await KCALL(rt, StopPodSandbox, req);
    if (client_.stopped()) co_return false;
    if (!r.ok() && r.status.error_code() != grpc::StatusCode::NOT_FOUND) {
      Record("kill", pod->spec.name,
             absl::StrCat("Failed to stop sandbox ", s.id, ": ",
                          r.status.error_message()));
      ok = false;
    }
  }
  co_return ok;
}

Task<Unit> KubeletImpl::RemovePod(PodPtr pod) {
  // Pod cleanup / container GC for a deleted pod: every container, then
  // every sandbox.
  co_await UpdatePodStatus(pod);
  if (client_.stopped()) co_return Unit{};
  const RuntimePodStatus st = pod->status;
  for (const auto& c : st.containers) {
    v1::ContainerStatusRequest sreq;
    sreq.set_container_id(c.id);
    co_await KCALL(rt, ContainerStatus, sreq);
    if (client_.stopped()) co_return Unit{};
    v1::RemoveContainerRequest rm;
    rm.set_container_id(c.id);
    co_await KCALL(rt, RemoveContainer, rm);
    if (client_.stopped()) co_return Unit{};
  }
  for (const auto& s : st.sandboxes) {
    v1::StopPodSandboxRequest stop;
    stop.set_pod_sandbox_id(s.id);
    co_await KCALL(rt, StopPodSandbox, stop);
    if (client_.stopped()) co_return Unit{};
    v1::RemovePodSandboxRequest rm;
    rm.set_pod_sandbox_id(s.id);
    co_await KCALL(rt, RemovePodSandbox, rm);
    if (client_.stopped()) co_return Unit{};
  }
  pod->removed = true;
  co_return Unit{};
}

}  // namespace fakecri::scenario::kubelet
