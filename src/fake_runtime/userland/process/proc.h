// File: proc.h
// One simulated process: pid, arguments, environment, credentials, open
// streams, signal state and CPU / memory use, plus the awaitables a program
// uses to wait (sleep, read, wait for a child or a signal, use CPU).
//
// Signals follow Linux: SIGKILL always kills; a caught signal interrupts the
// process's current wait; a signal with the default action kills the
// process (exit status 128+n), except in PID 1 of the container, where the
// kernel drops signals the process has no handler for.
#ifndef FAKECRI_USERLAND_PROCESS_PROC_H_
#define FAKECRI_USERLAND_PROCESS_PROC_H_

#include <coroutine>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fake_runtime/userland/process/streams.h"
#include "fake_runtime/userland/process/task.h"

namespace fakecri::userland {

class Userland;
class Scheduler;
using runtime::DurationNs;
using runtime::TimeNs;

// Thrown inside a killed process's coroutine chain; the process's root
// catches it and exits with 128 + signal.
struct ProcessKilled {
  int signal;
};

// How a program treats a signal when nobody changed its disposition.
enum class SignalAction { kDefault, kIgnore, kCatch };

// What a CPU step costs in simulated time, so stats reflect work done.
inline constexpr DurationNs kBuiltinCpuNs = 20'000;  // a shell builtin
inline constexpr DurationNs kSpawnCpuNs = 600'000;   // fork + exec
// A process that keeps the CPU this long yields to the clock.
inline constexpr DurationNs kCpuQuantumNs = 10'000'000;

class Proc : public std::enable_shared_from_this<Proc> {
 public:
  Proc(Userland& ul, uint32_t pid, uint32_t ppid,
       std::vector<std::string> argv);

  Userland& userland() { return *ul_; }
  MemFs& fs();
  Scheduler& scheduler();
  TimeNs Now();

  uint32_t pid() const { return pid_; }
  uint32_t ppid() const { return ppid_; }
  bool is_init() const { return pid_ == 1; }
  const std::vector<std::string>& argv() const { return argv_; }
  std::vector<std::string>& mutable_argv() { return argv_; }

  // Environment as "K=V" entries (what /proc/<pid>/environ shows).
  std::vector<std::string> env;
  std::string cwd = "/";
  Cred cred;
  std::string hostname;
  // fd 0, 1, 2 (and a few more for redirections like 3>file).
  std::shared_ptr<InStream> in;
  std::shared_ptr<OutStream> out[10];

  // ---- Output helpers. Returning false means the reader is gone: the
  // caller should stop (it will be killed by SIGPIPE at its next wait). ----
  bool Write(int fd, std::string_view bytes);
  bool Print(std::string_view bytes) { return Write(1, bytes); }
  // "<prog>: <msg>\n" on stderr, the way busybox applets report errors.
  void Error(std::string_view msg);
  std::string GetEnv(std::string_view name) const;

  // ---- Awaitables (co_await them; each may throw ProcessKilled). ----
  struct WaitAwaiter;
  // Sleeps `d` of clock time. Returns false when a caught signal cut the
  // sleep short.
  WaitAwaiter Sleep(DurationNs d);
  // Waits until a caught signal arrives; returns its number.
  WaitAwaiter WaitSignal();
  // Waits until `fd 0` (or `in`) has data; nullopt at EOF.
  Task<std::optional<std::string>> Read(std::shared_ptr<InStream> from);
  Task<std::optional<std::string>> Read() { return Read(in); }
  // Reads everything until EOF.
  Task<std::string> ReadAll(std::shared_ptr<InStream> from);
  // Waits for the child's exit status. Not interrupted by signals unless
  // `interruptible` (the shell's `wait` builtin is; a foreground command
  // is not, as POSIX requires).
  Task<int> WaitChild(uint32_t child_pid, bool interruptible = false);
  // Uses `ns` of CPU; yields to the clock once a quantum is used up.
  WaitAwaiter Cpu(DurationNs ns);
  // Throws ProcessKilled if a fatal signal arrived (for loops that never
  // wait).
  void CheckKilled();

  // ---- Signals. ----
  // Disposition set by the program (and by the shell's `trap`).
  std::function<SignalAction(int)> signal_policy;
  // Oldest caught signal not yet handled, or 0.
  int TakeSignal();
  bool HasPendingSignal() const { return pending_signals_ != 0; }

  // ---- Memory (bytes of resident memory the process uses). ----
  uint64_t rss() const { return rss_; }
  // Grows or shrinks resident memory; may trigger the container's OOM
  // killer (which may kill this process).
  void SetRss(uint64_t bytes);

  // ---- For the userland and scheduler. ----
  struct RunState {
    Task<int> root;
    std::coroutine_handle<> waiting;  // innermost suspended frame
    uint64_t wait_token = 0;
    enum class Wait { kNone, kTimer, kSignal, kRead, kChild } wait_kind;
    bool interruptible = false;
    bool woken_by_signal = false;
    bool running = false;
    bool exited = false;
    int exit_status = 0;
    int fatal_signal = 0;
    std::vector<std::function<void(int)>> on_exit;
  };
  RunState& run() { return run_; }
  // Marks the process as waiting in frame `h` (for awaiters); returns the
  // wait token a waker must match. A waiting process gives up the rest of
  // its CPU slice.
  uint64_t BeginWait(std::coroutine_handle<> h, RunState::Wait kind,
                     bool interruptible);
  void Resume();                // scheduler: continue the suspended frame
  void Wake(bool by_signal);    // make ready if waiting (token bump)
  void DeliverSignal(int sig);  // userland: apply disposition
  int64_t cpu_ns() const { return cpu_ns_; }
  // Exit statuses of children nobody waited for yet (zombies), by pid.
  std::map<uint32_t, int>& zombies() { return zombies_; }
  TimeNs started_at() const { return started_at_; }
  void set_started_at(TimeNs t) { started_at_ = t; }

  struct WaitAwaiter {
    Proc* p;
    enum class Kind { kSleep, kSignal, kCpu } kind;
    DurationNs d;
    bool await_ready();
    void await_suspend(std::coroutine_handle<> h);
    int await_resume();
  };

 private:
  friend class Userland;
  void Suspend(std::coroutine_handle<> h, RunState::Wait kind,
               bool interruptible);

  Userland* ul_;
  uint32_t pid_, ppid_;
  std::vector<std::string> argv_;
  RunState run_;
  uint64_t pending_signals_ = 0;  // bit n = signal n caught, not handled
  int64_t cpu_ns_ = 0;
  int64_t slice_ns_ = 0;
  uint64_t rss_ = 0;
  TimeNs started_at_ = 0;
  std::map<uint32_t, int> zombies_;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_PROC_H_
