// File: userland.cc
#include "fake_runtime/userland/process/userland.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::userland {
namespace {

// The root coroutine of every process: turns a kill into an exit status.
// Anything else thrown inside a program (an allocation failure on absurd
// input, say) ends that process as a crash would, never the runtime.
Task<int> RunRoot(Task<int> body) {
  try {
    int status = co_await std::move(body);
    co_return status & 0xff;
  } catch (const ProcessKilled& k) {
    co_return 128 + k.signal;
  } catch (...) {
    co_return 128 + kSigSegv;
  }
}

Task<int> RunProgram(Proc& p, const ProgramSpec* spec) {
  co_return co_await spec->fn(p, *spec);
}

Task<int> RunFunction(Proc& p, std::function<Task<int>(Proc&)> body) {
  co_return co_await body(p);
}

std::string_view Basename(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

Userland::Userland(Scheduler& sched, UserlandConfig config)
    : sched_(sched), config_(std::move(config)) {
  MemFsOptions fs_opts = config_.fs;
  fs_opts.proc = this;
  Clock* clock = &sched_.clock();
  fs_opts.now_ns = [clock] { return clock->Now(); };
  fs_ = std::make_unique<MemFs>(std::move(fs_opts));
  started_at_ = clock->Now();
}

Userland::~Userland() {
  // Frames of live processes go with their Procs; nothing may resume them.
  for (auto& [pid, p] : procs_) {
    p->run().exited = true;
    p->run().on_exit.clear();
  }
}

void Userland::SetCredentials(const Cred& cred, const std::string& home) {
  config_.cred = cred;
  for (const std::string& e : config_.env) {
    if (e.rfind("HOME=", 0) == 0) return;
  }
  config_.env.push_back("HOME=" + home);
}

void Userland::SetMemoryLimit(uint64_t bytes) {
  config_.memory_limit = bytes;
  CheckMemory();
  sched_.RunReady();
}

const ProgramSpec* Userland::FindProgram(std::string_view name) const {
  std::string_view base = Basename(name);
  for (const ProgramSpec& spec : config_.image_programs) {
    if (spec.name == base) return &spec;
  }
  return FindBuiltinProgram(base);
}

std::shared_ptr<Proc> Userland::NewProc(uint32_t ppid,
                                        std::vector<std::string> argv) {
  auto p = std::make_shared<Proc>(*this, next_pid_++, ppid, std::move(argv));
  p->set_started_at(sched_.clock().Now());
  procs_[p->pid()] = p;
  return p;
}

std::shared_ptr<Proc> Userland::NewContainerProc(
    std::vector<std::string> argv) {
  std::shared_ptr<Proc> p = NewProc(0, std::move(argv));
  p->env = config_.env;
  p->cwd = config_.working_dir.empty() ? "/" : config_.working_dir;
  p->cred = config_.cred;
  p->hostname = config_.hostname;
  p->in = NullIn();
  return p;
}

std::shared_ptr<Proc> Userland::NewChildProc(Proc& parent,
                                             std::vector<std::string> argv) {
  std::shared_ptr<Proc> p = NewProc(parent.pid(), std::move(argv));
  p->env = parent.env;
  p->cwd = parent.cwd;
  p->cred = parent.cred;
  p->hostname = parent.hostname;
  p->in = parent.in;
  for (int fd = 0; fd < 10; ++fd) p->out[fd] = parent.out[fd];
  return p;
}

void Userland::Become(Proc& p, const ProgramSpec& spec) {
  const uint64_t catches = spec.catches, ignores = spec.ignores;
  p.signal_policy = [catches, ignores](int sig) {
    if (catches & SigBit(sig)) return SignalAction::kCatch;
    if (ignores & SigBit(sig)) return SignalAction::kIgnore;
    return SignalAction::kDefault;
  };
  p.SetRss(spec.rss);
}

void Userland::Launch(const std::shared_ptr<Proc>& p, Task<int> body) {
  p->cpu_ns_ += kSpawnCpuNs;  // exec and the program's start-up
  p->run().root = RunRoot(std::move(body));
  p->run().waiting = p->run().root.handle();
  sched_.MakeReady(p);
}

absl::Status Userland::StartInit(std::vector<std::string> argv,
                                 std::function<void(int status)> on_exit) {
  if (argv.empty()) {
    return absl::InvalidArgumentError("no command specified");
  }
  const ProgramSpec* spec = FindProgram(argv[0]);
  if (spec == nullptr) {
    if (argv[0].find('/') != std::string::npos) {
      return absl::FailedPreconditionError(
          fakecri::StrCat("exec: \"", argv[0], "\": stat ", argv[0],
                          ": no such file or directory"));
    }
    return absl::FailedPreconditionError(fakecri::StrCat(
        "exec: \"", argv[0], "\": executable file not found in $PATH"));
  }
  std::shared_ptr<Proc> p = NewContainerProc(std::move(argv));
  auto output = config_.output;
  p->out[1] = config_.stdout_stream
                  ? config_.stdout_stream
                  : std::make_shared<FunctionOut>(
                        [output](std::string_view b) { output(false, b); });
  p->out[2] = config_.stderr_stream
                  ? config_.stderr_stream
                  : std::make_shared<FunctionOut>(
                        [output](std::string_view b) { output(true, b); });
  p->run().on_exit.push_back(std::move(on_exit));
  Become(*p, *spec);
  Launch(p, RunProgram(*p, spec));
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> Userland::StartExec(
    std::vector<std::string> argv, std::shared_ptr<OutStream> out,
    std::shared_ptr<OutStream> err, std::function<void(int status)> on_exit) {
  if (argv.empty()) {
    return absl::InvalidArgumentError("exec command cannot be empty");
  }
  const ProgramSpec* spec = FindProgram(argv[0]);
  if (spec == nullptr) {
    // What runc exec reports, wrapped by containerd; the kubelet shows it.
    return absl::UnknownError(fakecri::StrCat(
        "OCI runtime exec failed: exec failed: unable to start container "
        "process: exec: \"",
        argv[0], "\": executable file not found in $PATH: unknown"));
  }
  std::shared_ptr<Proc> p = NewContainerProc(std::move(argv));
  p->out[1] = std::move(out);
  p->out[2] = std::move(err);
  p->run().on_exit.push_back(std::move(on_exit));
  Become(*p, *spec);
  Launch(p, RunProgram(*p, spec));
  return p->pid();
}

std::shared_ptr<Proc> Userland::Spawn(Proc& parent,
                                      std::vector<std::string> argv,
                                      const ProgramSpec* spec) {
  if (spec == nullptr) return nullptr;
  std::shared_ptr<Proc> p = NewChildProc(parent, std::move(argv));
  Become(*p, *spec);
  Launch(p, RunProgram(*p, spec));
  return p;
}

std::shared_ptr<Proc> Userland::SpawnFunction(
    Proc& parent, std::vector<std::string> argv,
    std::function<Task<int>(Proc&)> body) {
  std::shared_ptr<Proc> p = NewChildProc(parent, std::move(argv));
  p->signal_policy = parent.signal_policy;
  p->SetRss(parent.rss());
  Launch(p, RunFunction(*p, std::move(body)));
  return p;
}

bool Userland::Signal(uint32_t pid, int sig) {
  std::shared_ptr<Proc> p = Find(pid);
  if (p == nullptr) return false;
  if (sig != 0) p->DeliverSignal(sig);
  sched_.RunReady();
  return true;
}

void Userland::KillAll() {
  for (const std::shared_ptr<Proc>& p : Processes()) {
    p->DeliverSignal(kSigKill);
  }
  sched_.RunReady();
}

std::shared_ptr<Proc> Userland::Find(uint32_t pid) const {
  auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Proc>> Userland::Processes() const {
  std::vector<std::shared_ptr<Proc>> out;
  out.reserve(procs_.size());
  for (const auto& [pid, p] : procs_) out.push_back(p);
  return out;
}

bool Userland::init_running() const { return procs_.contains(1); }

int64_t Userland::CpuUsageNs() const {
  int64_t total = exited_cpu_ns_;
  for (const auto& [pid, p] : procs_) total += p->cpu_ns();
  return total;
}

uint64_t Userland::MemoryBytes() const {
  uint64_t total = 0;
  for (const auto& [pid, p] : procs_) total += p->rss();
  return total;
}

void Userland::CheckMemory() {
  if (config_.memory_limit == 0) return;
  while (MemoryBytes() > config_.memory_limit) {
    // The cgroup OOM killer picks the biggest process.
    std::shared_ptr<Proc> victim;
    for (const auto& [pid, p] : procs_) {
      if (p->run().fatal_signal != 0) continue;
      if (victim == nullptr || p->rss() > victim->rss()) victim = p;
    }
    if (victim == nullptr) return;
    oom_killed_ = true;
    victim->DeliverSignal(kSigKill);
    // Its memory is gone as soon as it is killed.
    victim->rss_ = 0;
  }
}

void Userland::OomKillInit() {
  std::shared_ptr<Proc> init = Find(1);
  if (init == nullptr || init->run().fatal_signal != 0) return;
  oom_killed_ = true;
  init->DeliverSignal(kSigKill);
  init->rss_ = 0;
}

void Userland::OnProcExit(Proc& p) {
  std::shared_ptr<Proc> keep = p.shared_from_this();
  p.run().exited = true;
  exited_cpu_ns_ += p.cpu_ns();
  procs_.erase(p.pid());
  // Closing its descriptors lets pipe readers see EOF.
  p.in.reset();
  for (auto& o : p.out) o.reset();
  if (std::shared_ptr<Proc> parent = Find(p.ppid())) {
    parent->zombies()[p.pid()] = p.run().exit_status;
  }
  auto callbacks = std::exchange(p.run().on_exit, {});
  for (auto& cb : callbacks) {
    if (cb) cb(p.run().exit_status);
  }
  if (p.is_init()) {
    // The pid namespace dies with its init: the kernel kills the rest.
    for (const std::shared_ptr<Proc>& other : Processes()) {
      other->DeliverSignal(kSigKill);
    }
  }
}

// ---- /proc ----

std::optional<std::string> Userland::ReadProc(std::string_view rel,
                                              uint32_t reader_pid) {
  std::string path(rel);
  if (path.rfind("self/", 0) == 0) {
    path = fakecri::StrCat(reader_pid, path.substr(4));
  }
  if (path == "uptime") {
    const double up =
        static_cast<double>(sched_.clock().Now() - started_at_) / 1e9;
    return fakecri::StrCat(absl::StrFormat("%.2f %.2f", up, up * 0.9), "\n");
  }
  if (path == "meminfo") {
    const uint64_t total_kb =
        (config_.memory_limit ? config_.memory_limit : (8ull << 30)) / 1024;
    const uint64_t used_kb = MemoryBytes() / 1024;
    return absl::StrFormat(
        "MemTotal:       %8u kB\nMemFree:        %8u kB\n"
        "MemAvailable:   %8u kB\n",
        total_kb, total_kb - std::min(used_kb, total_kb),
        total_kb - std::min(used_kb, total_kb));
  }
  auto slash = path.find('/');
  if (slash == std::string::npos) return std::nullopt;
  uint32_t pid = 0;
  if (!absl::SimpleAtoi(path.substr(0, slash), &pid)) return std::nullopt;
  std::shared_ptr<Proc> p = Find(pid);
  if (p == nullptr) return std::nullopt;
  std::string file = path.substr(slash + 1);
  if (file == "cmdline") {
    std::string out;
    for (const std::string& a : p->argv())
      fakecri::StrAppend(&out, a, std::string(1, '\0'));
    return out;
  }
  if (file == "comm") {
    return fakecri::StrCat(
        p->argv().empty() ? "" : std::string(Basename(p->argv()[0])), "\n");
  }
  if (file == "environ") {
    std::string out;
    for (const std::string& e : p->env)
      fakecri::StrAppend(&out, e, std::string(1, '\0'));
    return out;
  }
  if (file == "status") {
    std::string groups;
    for (uint32_t g : p->cred.groups) fakecri::StrAppend(&groups, g, " ");
    const std::string name =
        p->argv().empty() ? "" : std::string(Basename(p->argv()[0]));
    return absl::StrFormat(
        "Name:\t%s\nState:\t%s\nTgid:\t%u\nPid:\t%u\nPPid:\t%u\n"
        "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t%s\n"
        "VmRSS:\t%8u kB\nThreads:\t1\n",
        name.substr(0, 15), p->run().waiting ? "S (sleeping)" : "R (running)",
        p->pid(), p->pid(), p->ppid(), p->cred.uid, p->cred.uid, p->cred.uid,
        p->cred.uid, p->cred.gid, p->cred.gid, p->cred.gid, p->cred.gid, groups,
        p->rss() / 1024);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> Userland::ListProc(
    std::string_view rel, uint32_t reader_pid) {
  if (rel.empty()) {
    std::vector<std::string> out;
    for (const auto& [pid, p] : procs_) out.push_back(fakecri::StrCat(pid));
    for (const char* f : {"meminfo", "self", "sys", "uptime"}) {
      out.emplace_back(f);
    }
    return out;
  }
  std::string path(rel);
  if (path == "self") path = fakecri::StrCat(reader_pid);
  uint32_t pid = 0;
  if (absl::SimpleAtoi(path, &pid) && Find(pid) != nullptr) {
    return std::vector<std::string>{"cmdline", "comm", "environ", "status"};
  }
  return std::nullopt;
}

}  // namespace fakecri::userland
