// File: userland.h
// One container's simulated userland: its filesystem, its process table and
// the programs it can run. The container manager creates one when a
// container starts, starts PID 1 from the resolved command, runs ExecSync
// commands in it, delivers stop signals, and learns from it when PID 1
// exits and what the processes use (CPU, memory, disk).
//
// Not thread-safe: every call with the scheduler's owner mutex held.
#ifndef FAKECRI_USERLAND_PROCESS_USERLAND_H_
#define FAKECRI_USERLAND_PROCESS_USERLAND_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fake_runtime/userland/process/program.h"
#include "fake_runtime/userland/process/scheduler.h"

namespace fakecri::userland {

struct UserlandConfig {
  std::string hostname;
  std::vector<std::string> env;  // "K=V", as the runtime computed it
  std::string working_dir = "/";
  Cred cred;
  MemFsOptions fs;
  uint64_t memory_limit = 0;  // bytes; 0 = none
  // Main process output (stdout = false, stderr = true). When the stream
  // objects are set they are used directly (the runtime's log writers);
  // otherwise `output` is called.
  std::function<void(bool is_stderr, std::string_view bytes)> output;
  std::shared_ptr<OutStream> stdout_stream, stderr_stream;
  // Programs the image adds (its declared behaviour), by name.
  std::vector<ProgramSpec> image_programs;
};

class Userland final : public ProcSource,
                       public std::enable_shared_from_this<Userland> {
 public:
  Userland(Scheduler& sched, UserlandConfig config);
  ~Userland() override;

  Scheduler& scheduler() { return sched_; }
  MemFs& fs() { return *fs_; }
  const UserlandConfig& config() const { return config_; }

  // The user processes run as (resolved by the runtime from the image's
  // /etc/passwd), and HOME when the environment has none.
  void SetCredentials(const Cred& cred, const std::string& home);
  // UpdateContainerResources: a lower limit may OOM-kill at once.
  void SetMemoryLimit(uint64_t bytes);

  // Looks a program up as execve would: "/bin/sh" and "sh" both find sh;
  // image programs first.
  const ProgramSpec* FindProgram(std::string_view name) const;

  // Starts PID 1. Fails (nothing started) when argv is empty or argv[0] is
  // no program of this userland, with the message runc gives. `on_exit`
  // gets the wait status (exit code, or 128+signal) once PID 1 ends.
  absl::Status StartInit(std::vector<std::string> argv,
                         std::function<void(int status)> on_exit);

  // Starts an exec'd process (ExecSync): a child of no one, sharing the
  // container's filesystem and environment. Returns its pid, or an error
  // when argv[0] is unknown (as runc reports exec failures).
  absl::StatusOr<uint32_t> StartExec(std::vector<std::string> argv,
                                     std::shared_ptr<OutStream> out,
                                     std::shared_ptr<OutStream> err,
                                     std::function<void(int status)> on_exit);

  // Creates a child of `parent` running argv (nullptr when argv[0] is no
  // known program; the caller reports "not found"). The child starts when
  // the scheduler next runs.
  std::shared_ptr<Proc> Spawn(Proc& parent, std::vector<std::string> argv,
                              const ProgramSpec* spec);
  // Same, running `body` (a subshell of the shell) instead of a program.
  std::shared_ptr<Proc> SpawnFunction(Proc& parent,
                                      std::vector<std::string> argv,
                                      std::function<Task<int>(Proc&)> body);

  // What exec(2) changes: `p` now runs `spec`, with its signal handlers
  // and resident memory (the caller sets argv and runs the program).
  void Become(Proc& p, const ProgramSpec& spec);

  // kill(2). Returns false when no such live process exists.
  bool Signal(uint32_t pid, int sig);
  // Kills every process (container teardown). PID 1's on_exit still runs.
  void KillAll();

  std::shared_ptr<Proc> Find(uint32_t pid) const;
  std::vector<std::shared_ptr<Proc>> Processes() const;  // live, by pid
  bool init_running() const;

  // Usage, for stats.
  int64_t CpuUsageNs() const;    // all processes, ever
  uint64_t MemoryBytes() const;  // resident memory of live processes
  bool oom_killed() const { return oom_killed_; }
  // Called by Proc::SetRss; applies the memory limit.
  void CheckMemory();
  // The OOM killer takes PID 1 now (an injected oom_kill fault): it dies
  // from SIGKILL and the container reports OOMKilled.
  void OomKillInit();

  // ProcSource: /proc/<pid>/..., /proc/self, meminfo, uptime.
  std::optional<std::string> ReadProc(std::string_view rel,
                                      uint32_t reader_pid) override;
  std::optional<std::vector<std::string>> ListProc(
      std::string_view rel, uint32_t reader_pid) override;

  // Internal: a process finished (from its root coroutine).
  void OnProcExit(Proc& p);

 private:
  std::shared_ptr<Proc> NewProc(uint32_t ppid, std::vector<std::string> argv);
  // Started by the runtime (PID 1, an exec): the container's environment,
  // user and working directory, no stdin.
  std::shared_ptr<Proc> NewContainerProc(std::vector<std::string> argv);
  // A child: inherits environment, directory, user and descriptors.
  std::shared_ptr<Proc> NewChildProc(Proc& parent,
                                     std::vector<std::string> argv);
  void Launch(const std::shared_ptr<Proc>& p, Task<int> body);

  Scheduler& sched_;
  UserlandConfig config_;
  std::unique_ptr<MemFs> fs_;
  std::map<uint32_t, std::shared_ptr<Proc>> procs_;  // live ones
  uint32_t next_pid_ = 1;
  int64_t exited_cpu_ns_ = 0;
  bool oom_killed_ = false;
  TimeNs started_at_ = 0;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_USERLAND_H_
