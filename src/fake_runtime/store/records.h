// File: records.h
// What the container manager remembers about each sandbox and container.
// Plain data; the manager owns the records and serialises access.
#ifndef FAKECRI_STORE_RECORDS_H_
#define FAKECRI_STORE_RECORDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/store/container_state.h"
#include "fake_runtime/store/packed_message.h"
#include "fake_runtime/store/sandbox_state.h"

namespace fakecri::logs {
class CriLogWriter;
}
namespace fakecri::userland {
class Userland;
}

namespace fakecri::runtime {

struct SandboxRecord {
  std::string id;
  std::string name;  // reserved name: name_namespace_uid_attempt
  ::runtime::v1::PodSandboxConfig config;  // as the client sent it
  std::string runtime_handler;             // as requested ("" = default)
  SandboxState state = SandboxState::kReady;
  TimeNs created_at = 0;
  TimeNs stopped_at = 0;
  std::string ip;    // "" for host network or once stopped
  uint32_t pid = 0;  // the pause process in the OCI runtime
  std::vector<std::string> container_ids;  // in creation order
};

struct ContainerRecord {
  std::string id;
  std::string sandbox_id;
  std::string name;  // reserved name: name_pod_namespace_uid_attempt
  // As the client sent it; config.Get() parses a copy.
  PackedMessage<::runtime::v1::ContainerConfig> config;
  // Image as resolved at creation time.
  std::string image_id;      // "sha256:..." = PullImageResponse.image_ref
  std::string image_name;    // first repo tag, or the config's image
  std::string image_digest;  // first repo digest (ContainerStatus.image_ref)
  std::string image_user;    // image USER, for ContainerStatus.user
  std::string image_stop_signal;
  ContainerState state = ContainerState::kCreated;
  TimeNs created_at = 0;
  TimeNs started_at = 0;
  TimeNs finished_at = 0;
  int32_t exit_code = 0;
  std::string reason;
  std::string message;
  std::string log_path;  // absolute, or "" when the config gave none
  uint32_t pid = 0;
  // The simulated processes and filesystem: from StartContainer until the
  // container is removed (an exited container keeps its files).
  std::shared_ptr<userland::Userland> userland;
  std::shared_ptr<logs::CriLogWriter> log;  // null without a log path
  bool oom_killed = false;
  // Set by an injected crash: the exit code PID 1 reports instead of the
  // signal that ended it.
  std::optional<int> injected_exit_code;
  // StopContainer calls waiting for the container to exit.
  std::vector<std::function<void(absl::Status)>> stop_waiters;
  // Previous stats sample, for usage_nano_cores (a rate between samples,
  // as containerd computes it).
  mutable TimeNs last_stats_at = 0;
  mutable int64_t last_stats_cpu_ns = 0;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_RECORDS_H_
