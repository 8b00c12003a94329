// File: records.h
// What the container manager remembers about each sandbox and container.
// Plain data; the manager owns the records and serialises access.
#ifndef FAKECRI_STORE_RECORDS_H_
#define FAKECRI_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/store/container_state.h"
#include "fake_runtime/store/sandbox_state.h"

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
  ::runtime::v1::ContainerConfig config;  // as the client sent it
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
  // Synthetic usage model: a steady CPU rate and a memory footprint derived
  // from the id, so figures are plausible, stable and monotonic.
  uint64_t cpu_nano_cores = 0;
  uint64_t memory_bytes = 0;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_RECORDS_H_
