// CheckpointContainer: writes a tar archive describing the container
// (config, runtime spec, status) to the requested location, as CRI-O's
// checkpoint archives carry config.dump and spec.dump.
//
// The archive is built under the manager's lock and written after it is
// released, so a slow or stuck location never holds up other calls. Where
// it may go follows containerd (os.OpenFile(location, O_RDWR|O_CREATE,
// 0600): anywhere, an existing file overwritten, no directories created),
// with fakecri's own limits: the location must be absolute and free of NUL
// bytes, it must be (or become) a regular file - a FIFO or device could
// block the write forever - and under --log-root it is confined below the
// root like a log file, no symlink followed.
#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "fake_runtime/common/quote.h"
#include "fake_runtime/logs/host_file.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/tar_writer.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::CheckpointContainer(
    Ctx c, const v1::CheckpointContainerRequest& req,
    v1::CheckpointContainerResponse*) {
  const std::string& location = req.location();
  if (location.empty()) {
    return absl::InvalidArgumentError("checkpoint location must not be empty");
  }
  if (location.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "checkpoint location ", QuoteInput(location), " contains a NUL byte"));
  }
  if (location.front() != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint location ", QuoteInput(location),
                     " is relative: give an absolute path"));
  }
  if (req.timeout() < 0) {
    return absl::InvalidArgumentError("timeout must not be negative");
  }
  std::string id;
  std::vector<TarEntry> entries;
  TimeNs now;
  {
    ManagerLock l(this);
    auto found = FindContainer(req.container_id());
    if (!found.ok()) return found.status();
    ContainerRecord& ctr = **found;
    if (ctr.state != ContainerState::kRunning) {
      return absl::FailedPreconditionError(absl::StrCat(
          "container \"", ctr.id,
          "\" is not running: only running containers can be checkpointed"));
    }
    id = ctr.id;
    std::string config_json;
    (void)google::protobuf::util::MessageToJsonString(ctr.config.Get(),
                                                      &config_json);
    entries.push_back({"config.dump", std::move(config_json)});
    entries.push_back({"spec.dump", ContainerInfoJson(ctr)});
    v1::ContainerStatus status;
    FillContainerStatus(ctr, &status);
    std::string status_json;
    (void)google::protobuf::util::MessageToJsonString(status, &status_json);
    entries.push_back({"status.dump", std::move(status_json)});
    now = clock_.Now();
  }
  // From here on no lock: the host I/O cannot hold up any other call.
  absl::StatusOr<std::string> tar = MakeTar(entries, now / kSecond);
  if (!tar.ok()) return tar.status();
  absl::StatusOr<int> fd = logs::OpenHostFile(
      options_.log_root, location,
      logs::HostFileOptions{.flags = O_WRONLY | O_CREAT | O_TRUNC,
                            .mode = 0600,
                            .regular_only = true});
  if (!fd.ok()) {
    return absl::Status(
        fd.status().code(),
        absl::StrCat("cannot write the checkpoint archive to ",
                     QuoteInput(location), ": ", fd.status().message()));
  }
  absl::Status written = WriteAll(*fd, *tar);
  if (::close(*fd) != 0 && written.ok()) {
    written = absl::UnknownError("close failed");
  }
  if (!written.ok()) {
    return absl::UnknownError(absl::StrCat("failed writing checkpoint archive ",
                                           QuoteInput(location), ": ",
                                           written.message()));
  }
  RecordTransition(c, "container", id,
                   ContainerStateName(ContainerState::kRunning),
                   ContainerStateName(ContainerState::kRunning),
                   absl::StrCat("checkpointed to ", QuoteInput(location)));
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
