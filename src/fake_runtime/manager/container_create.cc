// CreateContainer: validate the config, resolve the image locally (never
// pull), reserve the name and record a CREATED container. As in containerd,
// no OCI task exists until StartContainer.
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/quote.h"
#include "fake_runtime/common/random.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

absl::Status ValidateContainerConfig(const v1::ContainerConfig& cfg) {
  if (cfg.metadata().name().empty()) {
    return absl::InvalidArgumentError(
        "container metadata.name must not be empty");
  }
  if (cfg.image().image().empty()) {
    return absl::InvalidArgumentError(
        "container config must include an image (image.image)");
  }
  const auto& sc = cfg.linux().security_context();
  if (sc.has_run_as_group() && !sc.has_run_as_user() &&
      sc.run_as_username().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("user group \"", sc.run_as_group().value(),
                     "\" is specified without user"));
  }
  for (const auto* p : {&sc.seccomp(), &sc.apparmor()}) {
    if (p->profile_type() == v1::SecurityProfile::Localhost &&
        p->localhost_ref().empty()) {
      return absl::InvalidArgumentError(
          "localhost security profile needs a localhost_ref");
    }
  }
  for (const auto& m : cfg.mounts()) {
    if (m.container_path().empty()) {
      return absl::InvalidArgumentError(
          "mount container_path must not be empty");
    }
  }
  for (const auto& kv : cfg.envs()) {
    if (kv.key().empty())
      return absl::InvalidArgumentError("env key must not be empty");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ContainerManager::CreateContainer(
    Ctx c, const v1::CreateContainerRequest& req,
    v1::CreateContainerResponse* resp) {
  if (req.pod_sandbox_id().empty()) {
    return absl::InvalidArgumentError("pod sandbox id must not be empty");
  }
  if (!req.has_config() || !req.config().has_metadata()) {
    return absl::InvalidArgumentError("container config must include metadata");
  }
  if (absl::Status st = ValidateContainerConfig(req.config()); !st.ok())
    return st;
  const v1::ContainerConfig& cfg = req.config();

  ManagerLock l(this);
  auto found = FindSandbox(req.pod_sandbox_id());
  if (!found.ok()) {
    if (found.status().code() != absl::StatusCode::kNotFound)
      return found.status();
    return absl::NotFoundError(absl::StrCat("failed to find sandbox id ",
                                            QuoteInput(req.pod_sandbox_id()),
                                            ": not found"));
  }
  SandboxRecord& sb = **found;
  if (auto st = SandboxTransition(sb.state, SandboxOp::kCreateContainer);
      !st.ok()) {
    return absl::UnknownError(
        absl::StrCat("sandbox container \"", sb.id, "\" is not running"));
  }
  auto image = images_.Find(cfg.image().image());
  if (!image.has_value()) {
    return absl::NotFoundError(absl::StrCat("failed to resolve image ",
                                            QuoteInput(cfg.image().image()),
                                            ": not found"));
  }
  // containerd joins the request's sandbox_config.log_directory (the
  // kubelet always sends it); fall back to the stored sandbox's.
  const std::string& log_dir = req.has_sandbox_config()
                                   ? req.sandbox_config().log_directory()
                                   : sb.config.log_directory();
  absl::StatusOr<std::string> log_path =
      cfg.log_path().empty() || log_dir.empty()
          ? absl::StatusOr<std::string>("")
          : logs::ResolveLogPath(options_.log_root, log_dir, cfg.log_path());
  if (!log_path.ok()) return log_path.status();
  const auto& smd = sb.config.metadata();
  const std::string name = absl::StrCat(cfg.metadata().name(), "_", smd.name(),
                                        "_", smd.namespace_(), "_", smd.uid(),
                                        "_", cfg.metadata().attempt());
  std::string id;
  do {
    id = id_stream_.Hex64();
  } while (sandboxes_.Contains(id) || containers_.Contains(id));
  if (absl::Status st = container_names_.Reserve(name, id); !st.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "failed to reserve container name \"", name, "\": ", st.message(),
        "; check if another CreateContainer request is in progress"));
  }
  if (FaultsOn(faults::Hop::kOci) || FaultsOn(faults::Hop::kManager)) {
    FaultTarget target = TargetOfLocked(&sb, nullptr);
    target.container_name = cfg.metadata().name();
    target.image = image->repo_tags.empty() ? cfg.image().image()
                                            : image->repo_tags.front();
    absl::Status st =
        InjectFaults(c, faults::Hop::kManager, "create_container", target);
    if (st.ok()) st = InjectFaults(c, faults::Hop::kOci, "create", target);
    if (!st.ok()) {
      container_names_.Release(name);
      return absl::Status(
          st.code(), absl::StrCat("failed to create containerd container: ",
                                  st.message()));
    }
  }

  auto rec = std::make_unique<ContainerRecord>();
  rec->id = id;
  rec->sandbox_id = sb.id;
  rec->name = name;
  rec->config.Set(cfg);
  rec->image_id = image->id;
  rec->image_name =
      image->repo_tags.empty() ? cfg.image().image() : image->repo_tags.front();
  rec->image_digest =
      image->repo_digests.empty() ? "" : image->repo_digests.front();
  rec->image_user = image->profile.user;
  rec->image_stop_signal = image->profile.stop_signal;
  rec->created_at = clock_.Now();
  rec->log_path = *log_path;
  ContainerRecord* ctr = containers_.Insert(id, std::move(rec));
  IndexContainerLabels(ctr, cfg.labels());
  sb.container_ids.push_back(id);

  // From none, kCreate cannot be refused.
  (void)TransitionContainer(
      c, *ctr, ContainerOp::kCreate,
      absl::StrCat("name ", name, ", image ", ctr->image_name),
      {v1::CONTAINER_CREATED_EVENT});
  resp->set_container_id(id);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
