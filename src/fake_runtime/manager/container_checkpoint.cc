// CheckpointContainer: writes a tar archive describing the container
// (config, runtime spec, status) to the requested location, as CRI-O's
// checkpoint archives carry config.dump and spec.dump.
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/tar_writer.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::CheckpointContainer(
    Ctx c, const v1::CheckpointContainerRequest& req,
    v1::CheckpointContainerResponse*) {
  if (req.location().empty()) {
    return absl::InvalidArgumentError("checkpoint location must not be empty");
  }
  if (req.timeout() < 0) {
    return absl::InvalidArgumentError("timeout must not be negative");
  }
  ManagerLock l(this);
  auto found = FindContainer(req.container_id());
  if (!found.ok()) return found.status();
  ContainerRecord& ctr = **found;
  if (ctr.state != ContainerState::kRunning) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container \"", ctr.id,
        "\" is not running: only running containers can be checkpointed"));
  }
  std::vector<TarEntry> entries;
  std::string config_json;
  (void)google::protobuf::util::MessageToJsonString(ctr.config.Get(),
                                                    &config_json);
  entries.push_back({"config.dump", config_json});
  entries.push_back({"spec.dump", ContainerInfoJson(ctr)});
  v1::ContainerStatus status;
  FillContainerStatus(ctr, &status);
  std::string status_json;
  (void)google::protobuf::util::MessageToJsonString(status, &status_json);
  entries.push_back({"status.dump", status_json});
  if (absl::Status st =
          WriteTar(req.location(), entries, clock_.Now() / kSecond);
      !st.ok()) {
    return st;
  }
  RecordTransition(c, "container", ctr.id, ContainerStateName(ctr.state),
                   ContainerStateName(ctr.state),
                   absl::StrCat("checkpointed to ", req.location()));
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
