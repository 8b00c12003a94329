// File: scheduler.h
// Runs every simulated process of the runtime. Processes are coroutines;
// the scheduler keeps the ones ready to continue in a FIFO queue and wakes
// sleeping ones from timers of the runtime's one clock. There is no thread
// per process: all simulated code runs either on the clock's timer thread or
// on the RPC thread that started or signalled a process, always with the
// owner's mutex held, so processes never run concurrently.
#ifndef FAKECRI_USERLAND_PROCESS_SCHEDULER_H_
#define FAKECRI_USERLAND_PROCESS_SCHEDULER_H_

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <vector>

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"

namespace fakecri::userland {

class Proc;
using runtime::Clock;
using runtime::DurationNs;
using runtime::TimeNs;

class Scheduler {
 public:
  // `mu` is the owner's mutex (the container manager's): timer callbacks
  // take it before touching any process.
  Scheduler(Clock& clock, fakecri::Mutex& mu);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Clock& clock() { return clock_; }

  // All below: call with the owner's mutex held.

  // Queues `p` to continue where it suspended.
  void MakeReady(const std::shared_ptr<Proc>& p);
  // Resumes queued processes until none is ready. Re-entrant calls (from
  // code a process runs) return at once: the outer loop continues.
  void RunReady();
  // Wakes `p` at `when` unless it was woken otherwise first (the wait
  // token changed).
  void WakeAt(const std::shared_ptr<Proc>& p, TimeNs when);
  // Runs `fn` once the owner's mutex is released: replies to RPC callers
  // and other work that must not run under the lock.
  void AfterUnlock(std::function<void()> fn);
  // Runs `fn` with the owner's mutex held at `when`, then drains the ready
  // queue (e.g. a StopContainer kill deadline).
  Clock::TimerId CallAt(TimeNs when, std::function<void()> fn);

  // Takes the work queued by AfterUnlock; the lock holder runs it after
  // unlocking (see UnlockAndRun in the manager).
  std::vector<std::function<void()>> TakeAfterUnlock();

  // Counters for stats and benchmarks.
  uint64_t resumes() const { return resumes_; }

 private:
  struct Core;  // outlives the scheduler for timers still queued on the clock
  // Runs `fn(scheduler)` (returning false: nothing to do) for a timer;
  // scheduler.cc.
  template <typename Fn>
  static void RunLocked(const std::weak_ptr<Core>& weak, Fn&& fn);

  // Sleeping processes wait in one heap served by a single clock timer at
  // the earliest wake-up: 10,000 processes waking at the same instant cost
  // one timer, one lock and one pass instead of 10,000.
  struct Wake {
    TimeNs when;
    uint64_t seq;  // same-time wakes in the order they were asked for
    std::weak_ptr<Proc> proc;
    uint64_t token;
  };
  struct LaterWake {
    bool operator()(const Wake& a, const Wake& b) const {
      return a.when != b.when ? a.when > b.when : a.seq > b.seq;
    }
  };
  // Makes sure a clock timer is due at the earliest wake-up.
  void ArmWakes();
  // The wake timer due at `due` fired: wakes every process due by now.
  bool FireWakes(TimeNs due);
  std::vector<Wake> wakes_;
  uint64_t next_wake_seq_ = 0;
  // Due times of the pending wake timers. An earlier wake adds a timer
  // rather than cancelling the later one (cancelling scans the clock's
  // timers); each timer re-arms for what is left when it fires.
  std::multiset<TimeNs> armed_;

  Clock& clock_;
  fakecri::Mutex& mu_;
  std::shared_ptr<Core> core_;
  std::deque<std::shared_ptr<Proc>> ready_;
  std::vector<std::function<void()>> after_unlock_;
  bool running_ = false;
  uint64_t resumes_ = 0;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_SCHEDULER_H_
