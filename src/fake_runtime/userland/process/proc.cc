// File: proc.cc
#include "fake_runtime/userland/process/proc.h"

#include <bit>

#include "absl/strings/str_cat.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/scheduler.h"
#include "fake_runtime/userland/process/userland.h"

namespace fakecri::userland {

Proc::Proc(Userland& ul, uint32_t pid, uint32_t ppid,
           std::vector<std::string> argv)
    : ul_(&ul), pid_(pid), ppid_(ppid), argv_(std::move(argv)) {
  run_.wait_kind = RunState::Wait::kNone;
}

MemFs& Proc::fs() { return ul_->fs(); }
Scheduler& Proc::scheduler() { return ul_->scheduler(); }
TimeNs Proc::Now() { return ul_->scheduler().clock().Now(); }

bool Proc::Write(int fd, std::string_view bytes) {
  if (fd < 0 || fd >= 10 || out[fd] == nullptr) return true;  // EBADF: drop
  if (bytes.empty()) return true;
  if (!out[fd]->Write(*this, bytes)) {
    // Writing to a pipe nobody reads: SIGPIPE, whose default kills.
    DeliverSignal(kSigPipe);
    return false;
  }
  return true;
}

void Proc::Error(std::string_view msg) {
  std::string name = argv_.empty() ? "sh" : argv_[0];
  if (auto slash = name.rfind('/'); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  Write(2, fakecri::StrCat(name, ": ", msg, "\n"));
}

std::string Proc::GetEnv(std::string_view name) const {
  for (const std::string& kv : env) {
    if (kv.size() > name.size() && kv[name.size()] == '=' &&
        std::string_view(kv).substr(0, name.size()) == name) {
      return kv.substr(name.size() + 1);
    }
  }
  return "";
}

void Proc::CheckKilled() {
  if (run_.fatal_signal != 0) throw ProcessKilled{run_.fatal_signal};
}

int Proc::TakeSignal() {
  if (pending_signals_ == 0) return 0;
  int sig = std::countr_zero(pending_signals_);
  pending_signals_ &= ~(uint64_t{1} << sig);
  return sig;
}

void Proc::SetRss(uint64_t bytes) {
  rss_ = bytes;
  ul_->CheckMemory();
}

uint64_t Proc::BeginWait(std::coroutine_handle<> h, RunState::Wait kind,
                         bool interruptible) {
  Suspend(h, kind, interruptible);
  return run_.wait_token;
}

void Proc::Suspend(std::coroutine_handle<> h, RunState::Wait kind,
                   bool interruptible) {
  run_.waiting = h;
  run_.wait_kind = kind;
  run_.interruptible = interruptible;
  run_.woken_by_signal = false;
  ++run_.wait_token;
  slice_ns_ = 0;  // a process that blocks gives up the rest of its slice
}

void Proc::Wake(bool by_signal) {
  if (!run_.waiting || run_.exited) return;
  ++run_.wait_token;  // timers armed for the old wait no longer apply
  run_.woken_by_signal = by_signal;
  run_.wait_kind = RunState::Wait::kNone;
  scheduler().MakeReady(shared_from_this());
}

void Proc::Resume() {
  std::coroutine_handle<> h = std::exchange(run_.waiting, {});
  run_.running = true;
  h.resume();
  run_.running = false;
  if (run_.root.done()) {
    run_.exit_status = run_.root.await_resume();
    ul_->OnProcExit(*this);
  }
}

void Proc::DeliverSignal(int sig) {
  if (run_.exited || sig <= 0 || sig >= 64) return;
  SignalAction action = SignalAction::kDefault;
  if (sig != kSigKill && sig != kSigStop && signal_policy) {
    action = signal_policy(sig);
  }
  if (action == SignalAction::kIgnore) return;
  if (action == SignalAction::kCatch) {
    pending_signals_ |= uint64_t{1} << sig;
    if (run_.waiting && run_.interruptible) Wake(true);
    return;
  }
  // Default action. These are ignored by default everywhere; the rest
  // terminate, except in PID 1 (the kernel only lets SIGKILL through to a
  // namespace's init that has no handler).
  if (SignalIgnoredByDefault(sig)) return;
  if (is_init() && sig != kSigKill) return;
  if (run_.fatal_signal == 0) run_.fatal_signal = sig;
  if (run_.waiting) Wake(false);
}

// ---- Awaitables. ----

bool Proc::WaitAwaiter::await_ready() {
  if (p->run_.fatal_signal != 0) return true;  // await_resume throws
  switch (kind) {
    case Kind::kSleep:
      return d <= 0;
    case Kind::kSignal:
      return p->pending_signals_ != 0;
    case Kind::kCpu:
      p->cpu_ns_ += d;
      p->slice_ns_ += d;
      return p->slice_ns_ < kCpuQuantumNs;
  }
  return true;
}

void Proc::WaitAwaiter::await_suspend(std::coroutine_handle<> h) {
  switch (kind) {
    case Kind::kSleep:
      p->Suspend(h, RunState::Wait::kTimer, /*interruptible=*/true);
      p->scheduler().WakeAt(p->shared_from_this(),
                            runtime::SaturatingAdd(p->Now(), d));
      break;
    case Kind::kSignal:
      p->Suspend(h, RunState::Wait::kSignal, /*interruptible=*/true);
      break;
    case Kind::kCpu: {
      const DurationNs used = p->slice_ns_;
      p->Suspend(h, RunState::Wait::kTimer, /*interruptible=*/false);
      p->scheduler().WakeAt(p->shared_from_this(), p->Now() + used);
      break;
    }
  }
}

int Proc::WaitAwaiter::await_resume() {
  p->CheckKilled();
  switch (kind) {
    case Kind::kSleep:
      return p->run_.woken_by_signal ? 0 : 1;
    case Kind::kSignal:
      return p->TakeSignal();
    case Kind::kCpu:
      return 1;
  }
  return 0;
}

Proc::WaitAwaiter Proc::Sleep(DurationNs d) {
  return WaitAwaiter{this, WaitAwaiter::Kind::kSleep, d};
}
Proc::WaitAwaiter Proc::WaitSignal() {
  return WaitAwaiter{this, WaitAwaiter::Kind::kSignal, 0};
}
Proc::WaitAwaiter Proc::Cpu(DurationNs ns) {
  return WaitAwaiter{this, WaitAwaiter::Kind::kCpu, ns};
}

namespace {

// Suspends until an InStream is readable (data or EOF).
struct ReadableAwaiter {
  Proc* p;
  InStream* in;
  bool await_ready() { return p->run().fatal_signal != 0; }
  void await_suspend(std::coroutine_handle<> h);
  void await_resume() { p->CheckKilled(); }
};

}  // namespace

void ReadableAwaiter::await_suspend(std::coroutine_handle<> h) {
  const uint64_t token =
      p->BeginWait(h, Proc::RunState::Wait::kRead, /*interruptible=*/false);
  std::weak_ptr<Proc> weak = p->shared_from_this();
  in->OnReadable([weak, token] {
    std::shared_ptr<Proc> proc = weak.lock();
    if (proc && proc->run().wait_token == token) proc->Wake(false);
  });
}

Task<std::optional<std::string>> Proc::Read(std::shared_ptr<InStream> from) {
  if (from == nullptr) co_return std::nullopt;
  while (true) {
    CheckKilled();
    bool would_block = false;
    std::optional<std::string> data = from->ReadSome(&would_block);
    if (!would_block) co_return data;
    co_await ReadableAwaiter{this, from.get()};
  }
}

Task<std::string> Proc::ReadAll(std::shared_ptr<InStream> from) {
  std::string all;
  while (true) {
    std::optional<std::string> chunk = co_await Read(from);
    if (!chunk) break;
    all += *chunk;
  }
  co_return all;
}

namespace {

struct ChildAwaiter {
  Proc* p;
  uint32_t child;
  bool interruptible;
  bool await_ready() {
    return p->run().fatal_signal != 0 || p->userland().Find(child) == nullptr ||
           (interruptible && p->HasPendingSignal());
  }
  void await_suspend(std::coroutine_handle<> h) {
    const uint64_t token =
        p->BeginWait(h, Proc::RunState::Wait::kChild, interruptible);
    std::weak_ptr<Proc> weak = p->shared_from_this();
    p->userland().Find(child)->run().on_exit.push_back([weak, token](int) {
      std::shared_ptr<Proc> proc = weak.lock();
      if (proc && proc->run().wait_token == token) proc->Wake(false);
    });
  }
  void await_resume() { p->CheckKilled(); }
};

}  // namespace

Task<int> Proc::WaitChild(uint32_t child_pid, bool interruptible) {
  while (true) {
    if (auto it = zombies_.find(child_pid); it != zombies_.end()) {
      int status = it->second;
      zombies_.erase(it);
      co_return status;
    }
    if (ul_->Find(child_pid) == nullptr) co_return 127;  // never ours
    if (interruptible && HasPendingSignal()) co_return -1;
    co_await ChildAwaiter{this, child_pid, interruptible};
  }
}

}  // namespace fakecri::userland
