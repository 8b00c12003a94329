// File: oci_runtime.h
// The low-level runtime layer: what the container manager asks runc / runsc
// / kata to do (create, start, kill, delete a task). Tasks are simulated:
// a record with a pid and a status; nothing runs on the host. Every call is
// a hop in the event log (container manager -> OCI runtime).
#ifndef FAKECRI_OCI_OCI_RUNTIME_H_
#define FAKECRI_OCI_OCI_RUNTIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/oci/handler_profile.h"

namespace fakecri::runtime {

enum class TaskStatus { kCreated, kRunning, kStopped };

struct TaskInfo {
  uint32_t pid = 0;
  TaskStatus status = TaskStatus::kCreated;
  int exit_status = 0;  // valid when kStopped
};

// Thread-safe. One instance per handler profile.
class OciRuntime {
 public:
  OciRuntime(HandlerProfile profile, EventLog& log, uint32_t first_pid);
  OciRuntime(const OciRuntime&) = delete;
  OciRuntime& operator=(const OciRuntime&) = delete;

  const HandlerProfile& profile() const { return profile_; }

  // `span` is the RPC span that caused the hop (for the event log).
  // `kind` is "sandbox" or "container" (for the event log).
  absl::StatusOr<uint32_t> Create(uint64_t span, absl::string_view id,
                                  absl::string_view kind);
  absl::Status Start(uint64_t span, absl::string_view id);
  // Delivers `signal`; a task with no handler for it stops with exit status
  // 128 + signal, as a process killed by a signal reports.
  absl::StatusOr<int> Kill(uint64_t span, absl::string_view id, int signal);
  // Delivers `signal` to a task whose process decides what happens (a
  // simulated container): only the hop is recorded.
  absl::Status Signal(uint64_t span, absl::string_view id, int signal);
  // An exec'd process started in the task (ExecSync), for the event log.
  void ExecHop(uint64_t span, absl::string_view id, absl::string_view cmd,
               const absl::Status& result);
  // The task's process exited with wait status `status`.
  void MarkExited(uint64_t span, absl::string_view id, int status);
  absl::Status Delete(uint64_t span, absl::string_view id);
  absl::StatusOr<TaskInfo> State(absl::string_view id);
  size_t TaskCount();

 private:
  void Hop(uint64_t span, absl::string_view op, absl::string_view id,
           std::string detail, const absl::Status& result);

  const HandlerProfile profile_;
  EventLog& log_;
  fakecri::Mutex mu_;
  uint32_t next_pid_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, TaskInfo> tasks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_OCI_OCI_RUNTIME_H_
