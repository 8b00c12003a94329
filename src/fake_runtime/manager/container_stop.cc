// StopContainer and RemoveContainer, both idempotent.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

void ContainerManager::StopContainer(Ctx c, const v1::StopContainerRequest& req,
                                     v1::StopContainerResponse*, Done done) {
  if (req.container_id().empty()) {
    return done(absl::InvalidArgumentError("container id must not be empty"));
  }
  if (req.timeout() < 0) {
    return done(absl::InvalidArgumentError(absl::StrCat(
        "timeout must not be negative (got ", req.timeout(), ")")));
  }
  ManagerLock l(this);
  auto found = FindContainer(req.container_id());
  if (found.status().code() == absl::StatusCode::kNotFound) {
    return sched_.AfterUnlock([done] { done(absl::OkStatus()); });
  }
  if (!found.ok()) {
    return sched_.AfterUnlock([done, st = found.status()] { done(st); });
  }
  ContainerRecord& ctr = **found;
  if (ctr.state != ContainerState::kRunning &&
      ctr.state != ContainerState::kUnknown) {
    // Nothing to stop.
    return sched_.AfterUnlock([done] { done(absl::OkStatus()); });
  }
  if (FaultsOn(faults::Hop::kOci)) {
    absl::Status st = InjectFaults(
        c, faults::Hop::kOci, "kill",
        TargetOfLocked(sandboxes_.ResolveOrNull(ctr.sandbox_id), &ctr));
    if (!st.ok()) {
      return sched_.AfterUnlock([done, st, id = ctr.id] {
        done(absl::Status(st.code(), absl::StrCat("failed to stop container \"",
                                                  id, "\": ", st.message())));
      });
    }
  }
  // Like containerd: the stop signal (config, then image STOPSIGNAL, then
  // SIGTERM), and SIGKILL once `timeout` seconds have passed; timeout 0
  // kills at once. The call returns when the container has exited.
  ctr.stop_waiters.push_back(std::move(done));
  if (req.timeout() == 0) {
    KillContainer(c, ctr, kSigKill);
    return;
  }
  int signal = SignalNumber(ctr.config.Get().stop_signal());
  if (signal == 0) signal = SignalNumber(ctr.image_stop_signal);
  if (signal == 0) signal = kSigTerm;
  KillContainer(c, ctr, signal);
  if (ctr.state == ContainerState::kExited) return;
  const std::string id = ctr.id;
  const TimeNs started_at = ctr.started_at;
  const uint64_t span = c.span;
  sched_.CallAt(SaturatingAdd(clock_.Now(), SecondsToNs(req.timeout())),
                [this, id, started_at, span]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
                  ContainerRecord* ctr = containers_.ResolveOrNull(id);
                  if (ctr == nullptr || ctr->started_at != started_at ||
                      ctr->state == ContainerState::kExited) {
                    return;
                  }
                  RecordTransition(CallContext{span}, "container", id,
                                   ContainerStateName(ctr->state),
                                   ContainerStateName(ctr->state),
                                   "stop signal timed out, killing");
                  KillContainer(CallContext{span}, *ctr, kSigKill);
                });
}

void ContainerManager::RemoveContainerLocked(Ctx c, ContainerRecord& ctr) {
  KillContainer(c, ctr, kSigKill);  // no-op unless RUNNING/UNKNOWN
  // Exec'd processes and orphans die with the container; its log is
  // flushed before the record (and its filesystem) goes.
  if (ctr.userland != nullptr) ctr.userland->KillAll();
  if (ctr.log != nullptr) ctr.log->Close(clock_.Now());
  SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
  (void)HandlerFor(sb ? sb->runtime_handler : "")->Delete(c.span, ctr.id);
  const std::string id = ctr.id;
  const ContainerState last = ctr.state;
  container_names_.Release(ctr.name);
  if (sb != nullptr) std::erase(sb->container_ids, id);
  UnindexContainerLabels(&ctr);
  containers_.Erase(id);
  RecordTransition(c, "container", id, ContainerStateName(last), "removed");
  // containerd deletes the container before announcing it: the event's
  // container list no longer includes it.
  EmitCriEvent(id, sb, v1::CONTAINER_DELETED_EVENT);
}

absl::Status ContainerManager::RemoveContainer(
    Ctx c, const v1::RemoveContainerRequest& req,
    v1::RemoveContainerResponse*) {
  ManagerLock l(this);
  auto found = FindContainer(req.container_id());
  if (found.status().code() == absl::StatusCode::kNotFound)
    return absl::OkStatus();
  if (!found.ok()) return found.status();
  if (FaultsOn(faults::Hop::kOci)) {
    ContainerRecord& ctr = **found;
    absl::Status st = InjectFaults(
        c, faults::Hop::kOci, "delete",
        TargetOfLocked(sandboxes_.ResolveOrNull(ctr.sandbox_id), &ctr));
    if (!st.ok()) {
      return absl::Status(st.code(),
                          absl::StrCat("failed to remove container \"", ctr.id,
                                       "\": ", st.message()));
    }
  }
  RemoveContainerLocked(c, **found);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
