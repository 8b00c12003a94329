// RunPodSandbox: reserve the name, make sure the pause image is there, give
// the pod an IP, create and start the pause task, announce it.
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::EnsureSandboxImage(Ctx c) {
  if (images_.Find(options_.sandbox_image).has_value()) return absl::OkStatus();
  auto id = images_.Pull(options_.sandbox_image);
  if (!id.ok()) {
    return absl::Status(
        id.status().code(),
        absl::StrCat("failed to get sandbox image \"", options_.sandbox_image,
                     "\": ", id.status().message()));
  }
  RecordTransition(
      c, "image", *id, "absent", "present",
      absl::StrCat("pulled sandbox image ", options_.sandbox_image));
  return absl::OkStatus();
}

absl::Status ContainerManager::RunPodSandbox(
    Ctx c, const v1::RunPodSandboxRequest& req,
    v1::RunPodSandboxResponse* resp) {
  if (!req.has_config() || !req.config().has_metadata()) {
    return absl::InvalidArgumentError("sandbox config must include metadata");
  }
  const auto& md = req.config().metadata();
  if (md.name().empty() || md.namespace_().empty() || md.uid().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sandbox metadata must have a name, a namespace and a uid (got name=\"",
        md.name(), "\" namespace=\"", md.namespace_(), "\" uid=\"", md.uid(),
        "\")"));
  }
  OciRuntime* oci = HandlerFor(req.runtime_handler());
  if (oci == nullptr) {
    // containerd: GetSandboxRuntime fails with a plain error (Unknown).
    return absl::UnknownError(absl::StrCat(
        "no runtime for \"", req.runtime_handler(), "\" is configured"));
  }
  const std::string name = absl::StrCat(md.name(), "_", md.namespace_(), "_",
                                        md.uid(), "_", md.attempt());
  const bool host_network =
      req.config().linux().security_context().namespace_options().network() ==
      v1::NODE;

  ManagerLock l(this);
  std::string id;
  do {
    id = id_stream_.Hex64();
  } while (sandboxes_.Contains(id) || containers_.Contains(id));
  if (absl::Status st = sandbox_names_.Reserve(name, id); !st.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "failed to reserve sandbox name \"", name, "\": ", st.message()));
  }
  // From here on, undo the reservation on any failure.
  auto fail = [&](absl::Status st) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    sandbox_names_.Release(name);
    return st;
  };
  if (absl::Status st = EnsureSandboxImage(c); !st.ok()) return fail(st);
  FaultTarget target;
  if (FaultsOn(faults::Hop::kManager) || FaultsOn(faults::Hop::kOci)) {
    target.SetPod(md, req.config().labels());
    target.handler = req.runtime_handler();
    target.image = options_.sandbox_image;
  }
  std::string ip;
  if (!host_network) {
    if (absl::Status st =
            InjectFaults(c, faults::Hop::kManager, "setup_network", target);
        !st.ok()) {
      return fail(absl::Status(
          st.code(), absl::StrCat("failed to setup network for sandbox \"", id,
                                  "\": ", st.message())));
    }
    auto allocated = ips_.Allocate();
    if (!allocated.ok()) {
      return fail(absl::UnknownError(
          absl::StrCat("failed to setup network for sandbox \"", id,
                       "\": ", allocated.status().message())));
    }
    ip = *allocated;
  }
  absl::Status injected = InjectFaults(c, faults::Hop::kOci, "create", target);
  if (injected.ok()) {
    injected = InjectFaults(c, faults::Hop::kOci, "start", target);
  }
  auto pid = injected.ok() ? oci->Create(c.span, id, "sandbox")
                           : absl::StatusOr<uint32_t>(injected);
  absl::Status started = pid.ok() ? oci->Start(c.span, id) : pid.status();
  if (!started.ok()) {
    if (!ip.empty()) ips_.Release(ip);
    (void)oci->Delete(c.span, id);
    return fail(absl::UnknownError(absl::StrCat(
        "failed to start sandbox \"", id, "\": ", started.message())));
  }

  auto rec = std::make_unique<SandboxRecord>();
  rec->id = id;
  rec->name = name;
  rec->config = req.config();
  rec->runtime_handler = req.runtime_handler();
  rec->created_at = clock_.Now();
  rec->ip = ip;
  rec->pid = *pid;
  SandboxRecord* sb = sandboxes_.Insert(id, std::move(rec));

  // From none, kRun cannot be refused. The pause task was created and
  // started: both events, as containerd sends them.
  (void)TransitionSandbox(
      c, *sb, SandboxOp::kRun,
      absl::StrCat("name ", name,
                   host_network ? ", host network" : ", ip " + ip),
      {v1::CONTAINER_CREATED_EVENT, v1::CONTAINER_STARTED_EVENT});
  resp->set_pod_sandbox_id(id);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
