// StartContainer: CREATED -> RUNNING through the sandbox's OCI runtime. A
// failure after the checks leaves the container EXITED with exit code 128
// and reason StartError, as containerd does.
#include "absl/strings/str_cat.h"
#include "fake_runtime/logs/host_file.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::StartContainer(
    Ctx c, const v1::StartContainerRequest& req, v1::StartContainerResponse*) {
  ManagerLock l(this);
  auto found = FindContainer(req.container_id());
  if (!found.ok()) return found.status();
  ContainerRecord& ctr = **found;
  if (auto allowed = ContainerTransition(ctr.state, ContainerOp::kStart);
      !allowed.ok()) {
    return allowed.status();
  }
  SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
  if (sb == nullptr ||
      !SandboxTransition(sb->state, SandboxOp::kStartContainer).ok()) {
    return absl::UnknownError(absl::StrCat(
        "sandbox container \"", ctr.sandbox_id, "\" is not running"));
  }
  OciRuntime* oci = HandlerFor(sb->runtime_handler);

  absl::Status st = FaultsOn(faults::Hop::kOci)
                        ? InjectFaults(c, faults::Hop::kOci, "start",
                                       TargetOfLocked(sb, &ctr))
                        : absl::OkStatus();
  if (st.ok()) st = logs::CreateLogFile(options_.log_root, ctr.log_path);
  absl::StatusOr<uint32_t> pid = absl::UnknownError("not created");
  if (st.ok()) {
    pid = oci->Create(c.span, ctr.id, "container");
    st = pid.ok() ? StartProcess(c, ctr, *sb) : pid.status();
    if (!st.ok() && pid.ok()) {
      // What containerd reports when runc cannot exec the entrypoint.
      st = absl::UnknownError(absl::StrCat(
          "failed to create containerd task: failed to create shim task: OCI "
          "runtime create failed: runc create failed: unable to start "
          "container process: ",
          st.message(), ": unknown"));
    }
    if (st.ok()) st = oci->Start(c.span, ctr.id);
  }
  if (!st.ok()) {
    (void)oci->Delete(c.span, ctr.id);
    ctr.userland.reset();
    ctr.log.reset();
    const std::string message(st.message());
    // No CRI event: the container never ran; the error tells the client.
    (void)TransitionContainer(c, ctr, ContainerOp::kStartFailed,
                              "start failed: " + message, {}, [&] {
                                ctr.finished_at = clock_.Now();
                                ctr.exit_code = 128;
                                ctr.reason = "StartError";
                                ctr.message = message;
                              });
    return absl::UnknownError(
        absl::StrCat("failed to start container \"", ctr.id, "\": ", message));
  }
  absl::Status started = TransitionContainer(
      c, ctr, ContainerOp::kStart, absl::StrCat("pid ", *pid),
      {v1::CONTAINER_STARTED_EVENT}, [&] {
        ctr.pid = *pid;
        ctr.started_at = clock_.Now();
      });
  if (!started.ok()) return started;
  ApplyProcessFaults(ctr, *sb);
  // PID 1 runs until it first waits: a command that exits at once has
  // exited (EXITED, STOPPED event) by the time StartContainer returns.
  sched_.RunReady();
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
