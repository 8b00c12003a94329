// ExecSync, Exec, Attach and PortForward: validated as containerd validates
// them; the simulated processes and the streaming server that would serve
// them are not part of this release, so valid calls answer UNIMPLEMENTED.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

absl::Status NotYet(absl::string_view rpc) {
  return absl::UnimplementedError(absl::StrCat(
      rpc,
      " is not implemented yet: fakecri does not simulate container processes "
      "and has no streaming server in this release"));
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

absl::Status ContainerManager::ExecSync(Ctx, const v1::ExecSyncRequest& req,
                                        v1::ExecSyncResponse*) {
  if (req.container_id().empty()) {
    return absl::InvalidArgumentError("container id must not be empty");
  }
  if (req.cmd().empty())
    return absl::InvalidArgumentError("exec command cannot be empty");
  if (req.timeout() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("timeout must not be negative (got ", req.timeout(), ")"));
  }
  fakecri::MutexLock l(&mu_);
  auto ctr = FindContainerFor(req.container_id(), ContainerOp::kExecSync);
  if (!ctr.ok()) return ctr.status();
  return NotYet("ExecSync");
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
  fakecri::MutexLock l(&mu_);
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
  fakecri::MutexLock l(&mu_);
  auto ctr = FindContainerFor(req.container_id(), ContainerOp::kExecSync);
  if (!ctr.ok()) return ctr.status();
  if (req.tty() != (*ctr)->config.tty()) {
    return absl::InvalidArgumentError(
        "tty must match the container's tty setting for Attach");
  }
  return NotYet("Attach");
}

absl::Status ContainerManager::PortForward(Ctx,
                                           const v1::PortForwardRequest& req,
                                           v1::PortForwardResponse*) {
  fakecri::MutexLock l(&mu_);
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
