// File: scheduler.cc
#include "fake_runtime/userland/process/scheduler.h"

#include <algorithm>
#include <mutex>

#include "fake_runtime/userland/process/proc.h"

namespace fakecri::userland {

// Clock timers can outlive the scheduler (a virtual clock keeps them until
// advanced, the real clock's thread may be about to fire one). They reach
// the scheduler through this block, which the destructor disarms.
struct Scheduler::Core {
  std::mutex life_mu;
  Scheduler* sched = nullptr;  // null once the scheduler is gone
};

Scheduler::Scheduler(Clock& clock, fakecri::Mutex& mu)
    : clock_(clock), mu_(mu), core_(std::make_shared<Core>()) {
  core_->sched = this;
}

Scheduler::~Scheduler() {
  std::lock_guard<std::mutex> l(core_->life_mu);
  core_->sched = nullptr;
}

void Scheduler::MakeReady(const std::shared_ptr<Proc>& p) {
  ready_.push_back(p);
}

void Scheduler::RunReady() {
  if (running_) return;
  running_ = true;
  while (!ready_.empty()) {
    std::shared_ptr<Proc> p = std::move(ready_.front());
    ready_.pop_front();
    if (p->run().exited || !p->run().waiting) continue;
    ++resumes_;
    p->Resume();
  }
  running_ = false;
}

// The body of every timer: if the scheduler still exists, run `fn` under
// the owner's mutex, let the processes it woke run, then do the work they
// queued for after the lock. A template, so each timer stays one lambda.
template <typename Fn>
void Scheduler::RunLocked(const std::weak_ptr<Core>& weak, Fn&& fn) {
  std::shared_ptr<Core> core = weak.lock();
  if (core == nullptr) return;
  std::vector<std::function<void()>> after;
  {
    std::lock_guard<std::mutex> life(core->life_mu);
    Scheduler* s = core->sched;
    if (s == nullptr) return;
    fakecri::MutexLock l(&s->mu_);
    if (!fn(s)) return;
    s->RunReady();
    if (!s->after_unlock_.empty()) after = s->TakeAfterUnlock();
  }
  for (auto& f : after) f();
}

Clock::TimerId Scheduler::CallAt(TimeNs when, std::function<void()> fn) {
  std::weak_ptr<Core> weak = core_;
  return clock_.ScheduleAt(when, [weak, fn = std::move(fn)] {
    RunLocked(weak, [&fn](Scheduler*) {
      fn();
      return true;
    });
  });
}

void Scheduler::WakeAt(const std::shared_ptr<Proc>& p, TimeNs when) {
  // A killed `sleep 3600` leaves its wake here until it is due, and the
  // weak_ptr keeps the whole (make_shared) Proc allocated: thousands of
  // removed containers held megabytes for an hour. Before the vector would
  // grow, drop the wakes FireWakes would skip anyway (amortised
  // O(1) per wake: the scan runs at doubling sizes).
  if (wakes_.size() >= 64 && wakes_.size() == wakes_.capacity()) {
    std::erase_if(wakes_, [](const Wake& w) {
      // FireWakes would skip these: gone, exited or woken otherwise since.
      std::shared_ptr<Proc> proc = w.proc.lock();
      return proc == nullptr || proc->run().exited ||
             proc->run().wait_token != w.token || !proc->run().waiting;
    });
    std::make_heap(wakes_.begin(), wakes_.end(), LaterWake());
  }
  wakes_.push_back(Wake{when, next_wake_seq_++, p, p->run().wait_token});
  std::push_heap(wakes_.begin(), wakes_.end(), LaterWake());
  ArmWakes();
}

void Scheduler::ArmWakes() {
  if (wakes_.empty()) return;
  const TimeNs first = wakes_.front().when;
  if (!armed_.empty() && *armed_.begin() <= first) return;
  armed_.insert(first);
  std::weak_ptr<Core> weak = core_;
  clock_.ScheduleAt(first, [weak, first] {
    RunLocked(weak, [first](Scheduler* s) { return s->FireWakes(first); });
  });
}

bool Scheduler::FireWakes(TimeNs due) {
  if (auto it = armed_.find(due); it != armed_.end()) armed_.erase(it);
  const TimeNs now = clock_.Now();
  bool woke = false;
  while (!wakes_.empty() && wakes_.front().when <= now) {
    std::pop_heap(wakes_.begin(), wakes_.end(), LaterWake());
    Wake w = std::move(wakes_.back());
    wakes_.pop_back();
    std::shared_ptr<Proc> proc = w.proc.lock();
    if (proc == nullptr || proc->run().exited ||
        proc->run().wait_token != w.token || !proc->run().waiting) {
      continue;  // woken otherwise since, or gone
    }
    proc->Wake(false);
    woke = true;
  }
  ArmWakes();
  return woke;
}

void Scheduler::AfterUnlock(std::function<void()> fn) {
  after_unlock_.push_back(std::move(fn));
}

std::vector<std::function<void()>> Scheduler::TakeAfterUnlock() {
  return std::exchange(after_unlock_, {});
}

}  // namespace fakecri::userland
