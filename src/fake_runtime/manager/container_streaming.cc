// ExecSync runs a command in the container's simulated userland. Exec,
// Attach and PortForward are validated as containerd validates them; the
// streaming server that would serve them is not part of this release, so
// valid calls answer UNIMPLEMENTED.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/cri_enums.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

absl::Status NotYet(absl::string_view rpc) {
  return absl::UnimplementedError(absl::StrCat(
      rpc,
      " is not implemented yet: fakecri has no streaming server in this "
      "release (ExecSync works)"));
}

absl::Status ValidateStreams(bool in, bool out, bool err, bool tty) {
  if (!in && !out && !err) {
    return absl::InvalidArgumentError(
        "one of stdin, stdout, or stderr must be set");
  }
  if (tty && err) {
    return absl::InvalidArgumentError("tty and stderr cannot both be true");
  }
  return absl::OkStatus();
}

}  // namespace

void ContainerManager::ExecSync(Ctx c, const v1::ExecSyncRequest& req,
                                v1::ExecSyncResponse* resp, Done done) {
  if (req.container_id().empty()) {
    return done(absl::InvalidArgumentError("container id must not be empty"));
  }
  if (req.cmd().empty()) {
    return done(absl::InvalidArgumentError("exec command cannot be empty"));
  }
  if (req.timeout() < 0) {
    return done(absl::InvalidArgumentError(absl::StrCat(
        "timeout must not be negative (got ", req.timeout(), ")")));
  }
  ManagerLock l(this);
  auto fail = [&](absl::Status st) {
    sched_.AfterUnlock([done, st] { done(st); });
  };
  auto found = FindContainerFor(req.container_id(), ContainerOp::kExecSync);
  if (!found.ok()) return fail(found.status());
  ContainerRecord& ctr = **found;
  if (ctr.userland == nullptr || !ctr.userland->init_running()) {
    return fail(absl::UnknownError(
        absl::StrCat("container is in ",
                     v1::ContainerState_Name(ToCri(ctr.state)), " state")));
  }
  if (shutting_down_)
    return fail(absl::UnavailableError("runtime is shutting down"));
  // containerd caps each stream at 16 MiB and drops the rest silently.
  constexpr size_t kCap = 16 << 20;
  auto out = std::make_shared<userland::CaptureOut>(kCap);
  auto err = std::make_shared<userland::CaptureOut>(kCap);
  const uint64_t exec_id = next_exec_id_++;
  pending_execs_[exec_id] = std::move(done);
  // Runs when the exec'd process exits: in simulated code, which runs only
  // under mu_ (scheduler.h), as the annotation tells the analysis.
  auto on_exit = [this, exec_id, out, err,
                  resp](int status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = pending_execs_.find(exec_id);
    if (it == pending_execs_.end()) return;  // timed out already
    Done finish = std::move(it->second);
    pending_execs_.erase(it);
    resp->set_stdout(out->Take());
    resp->set_stderr(err->Take());
    resp->set_exit_code(status);
    sched_.AfterUnlock([finish] { finish(absl::OkStatus()); });
  };
  std::vector<std::string> argv(req.cmd().begin(), req.cmd().end());
  OciRuntime* oci = HandlerFor("");
  if (SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr.sandbox_id)) {
    oci = HandlerFor(sb->runtime_handler);
  }
  absl::StatusOr<uint32_t> pid =
      ctr.userland->StartExec(std::move(argv), out, err, on_exit);
  oci->ExecHop(c.span, ctr.id, absl::StrJoin(req.cmd(), " "), pid.status());
  if (!pid.ok()) {
    Done finish = std::move(pending_execs_[exec_id]);
    pending_execs_.erase(exec_id);
    return sched_.AfterUnlock([finish, st = pid.status()] { finish(st); });
  }
  if (req.timeout() > 0) {
    std::weak_ptr<userland::Userland> weak = ctr.userland;
    const int64_t timeout = req.timeout();
    const bool crio = options_.exec_timeout_style == "cri-o";
    // Scheduler::CallAt runs the callback under mu_.
    sched_.CallAt(
        SaturatingAdd(clock_.Now(), SecondsToNs(timeout)),
        [this, exec_id, weak, pid = *pid, timeout, crio,
         resp]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          auto it = pending_execs_.find(exec_id);
          if (it == pending_execs_.end()) return;  // finished in time
          Done finish = std::move(it->second);
          pending_execs_.erase(it);
          if (auto ul = weak.lock()) ul->Signal(pid, kSigKill);
          if (crio) {
            // CRI-O answers OK so that probes count a timeout as a failure.
            resp->set_exit_code(-1);
            resp->set_stderr("command timed out");
            sched_.AfterUnlock([finish] { finish(absl::OkStatus()); });
            return;
          }
          sched_.AfterUnlock([finish, timeout] {
            finish(absl::DeadlineExceededError(absl::StrCat(
                "timeout ", timeout, "s exceeded: context deadline exceeded")));
          });
        });
  }
  // Commands that do not wait finish here, before the call returns.
  sched_.RunReady();
}

absl::Status ContainerManager::Exec(Ctx, const v1::ExecRequest& req,
                                    v1::ExecResponse*) {
  if (req.cmd().empty())
    return absl::InvalidArgumentError("exec command cannot be empty");
  if (auto st =
          ValidateStreams(req.stdin(), req.stdout(), req.stderr(), req.tty());
      !st.ok()) {
    return st;
  }
  ManagerLock l(this);
  auto ctr = FindContainerFor(req.container_id(), ContainerOp::kExecSync);
  if (!ctr.ok()) return ctr.status();
  return NotYet("Exec");
}

absl::Status ContainerManager::Attach(Ctx, const v1::AttachRequest& req,
                                      v1::AttachResponse*) {
  if (auto st =
          ValidateStreams(req.stdin(), req.stdout(), req.stderr(), req.tty());
      !st.ok()) {
    return st;
  }
  ManagerLock l(this);
  auto ctr = FindContainerFor(req.container_id(), ContainerOp::kExecSync);
  if (!ctr.ok()) return ctr.status();
  if (req.tty() != (*ctr)->config.Get().tty()) {
    return absl::InvalidArgumentError(
        "tty must match the container's tty setting for Attach");
  }
  return NotYet("Attach");
}

absl::Status ContainerManager::PortForward(Ctx,
                                           const v1::PortForwardRequest& req,
                                           v1::PortForwardResponse*) {
  ManagerLock l(this);
  auto sb = FindSandbox(req.pod_sandbox_id());
  if (!sb.ok()) return sb.status();
  if (auto st = SandboxTransition((*sb)->state, SandboxOp::kPortForward);
      !st.ok()) {
    return st.status();
  }
  for (int32_t port : req.port()) {
    if (port <= 0 || port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("invalid port ", port));
    }
  }
  return NotYet("PortForward");
}

}  // namespace fakecri::runtime
