#include "fake_runtime/oci/oci_runtime.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

OciRuntime::OciRuntime(HandlerProfile profile, EventLog& log,
                       uint32_t first_pid)
    : profile_(std::move(profile)), log_(log), next_pid_(first_pid) {}

void OciRuntime::Hop(uint64_t span, absl::string_view op, absl::string_view id,
                     std::string detail, const absl::Status& result) {
  Event e;
  e.kind = EventKind::kOciCall;
  e.span_id = log_.NewSpanId();
  e.parent_span_id = span;
  e.subject = absl::StrCat(profile_.name, ".", op);
  e.object_id = std::string(id);
  e.detail = result.ok() ? std::move(detail) : std::string(result.message());
  e.status_code = static_cast<int>(result.code());
  log_.Append(std::move(e));
}

absl::StatusOr<uint32_t> OciRuntime::Create(uint64_t span, absl::string_view id,
                                            absl::string_view kind) {
  uint32_t pid = 0;
  absl::Status st;
  {
    fakecri::MutexLock l(&mu_);
    auto [it, inserted] = tasks_.try_emplace(std::string(id));
    if (!inserted) {
      st = absl::AlreadyExistsError(
          absl::StrCat("task ", id, " already exists"));
    } else {
      pid = next_pid_++;
      it->second.pid = pid;
    }
  }
  Hop(span, "create", id, absl::StrCat(kind, " task created"), st);
  if (!st.ok()) return st;
  return pid;
}

absl::Status OciRuntime::Start(uint64_t span, absl::string_view id) {
  absl::Status st;
  {
    fakecri::MutexLock l(&mu_);
    auto it = tasks_.find(std::string(id));
    if (it == tasks_.end()) {
      st = absl::NotFoundError(absl::StrCat("task ", id, " not found"));
    } else if (it->second.status != TaskStatus::kCreated) {
      st = absl::FailedPreconditionError("task already started");
    } else {
      it->second.status = TaskStatus::kRunning;
    }
  }
  Hop(span, "start", id, "task running", st);
  return st;
}

absl::StatusOr<int> OciRuntime::Kill(uint64_t span, absl::string_view id,
                                     int signal) {
  absl::Status st;
  int exit_status = 0;
  {
    fakecri::MutexLock l(&mu_);
    auto it = tasks_.find(std::string(id));
    if (it == tasks_.end()) {
      st = absl::NotFoundError(absl::StrCat("task ", id, " not found"));
    } else {
      if (it->second.status != TaskStatus::kStopped) {
        it->second.status = TaskStatus::kStopped;
        it->second.exit_status = 128 + signal;
      }
      exit_status = it->second.exit_status;
    }
  }
  Hop(span, "kill", id,
      absl::StrCat("signal ", signal, ", exit status ", exit_status), st);
  if (!st.ok()) return st;
  return exit_status;
}

absl::Status OciRuntime::Signal(uint64_t span, absl::string_view id,
                                int signal) {
  absl::Status st;
  {
    fakecri::MutexLock l(&mu_);
    if (!tasks_.contains(std::string(id))) {
      st = absl::NotFoundError(absl::StrCat("task ", id, " not found"));
    }
  }
  Hop(span, "kill", id, absl::StrCat("signal ", signal), st);
  return st;
}

void OciRuntime::ExecHop(uint64_t span, absl::string_view id,
                         absl::string_view cmd, const absl::Status& result) {
  Hop(span, "exec", id, std::string(cmd), result);
}

void OciRuntime::MarkExited(uint64_t span, absl::string_view id, int status) {
  {
    fakecri::MutexLock l(&mu_);
    auto it = tasks_.find(std::string(id));
    if (it == tasks_.end()) return;
    it->second.status = TaskStatus::kStopped;
    it->second.exit_status = status;
  }
  Hop(span, "exit", id, absl::StrCat("task exited, status ", status),
      absl::OkStatus());
}

absl::Status OciRuntime::Delete(uint64_t span, absl::string_view id) {
  bool erased;
  {
    fakecri::MutexLock l(&mu_);
    erased = tasks_.erase(std::string(id)) > 0;
  }
  // Deleting an absent task is not an error: Remove* must be idempotent.
  Hop(span, "delete", id, erased ? "task deleted" : "no task",
      absl::OkStatus());
  return absl::OkStatus();
}

absl::StatusOr<TaskInfo> OciRuntime::State(absl::string_view id) {
  fakecri::MutexLock l(&mu_);
  auto it = tasks_.find(std::string(id));
  if (it == tasks_.end()) {
    return absl::NotFoundError(absl::StrCat("task ", id, " not found"));
  }
  return it->second;
}

size_t OciRuntime::TaskCount() {
  fakecri::MutexLock l(&mu_);
  return tasks_.size();
}

}  // namespace fakecri::runtime
