// The only file in src/ that reads the host's time.
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "fake_runtime/clock/clock.h"

namespace fakecri::runtime {
namespace {

TimeNs HostNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One timer thread serves every timer; callbacks run on it, in order.
class RealClock final : public Clock {
 public:
  explicit RealClock(double scale)
      : scale_(scale > 0 ? scale : 1.0), origin_(HostNowNs()) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~RealClock() override { Shutdown(); }

  TimeNs Now() override {
    TimeNs host = HostNowNs();
    TimeNs t = origin_ + static_cast<TimeNs>((host - origin_) * scale_);
    // Keep Now() monotonic even if the host clock steps back.
    TimeNs prev = last_.load(std::memory_order_relaxed);
    while (t > prev && !last_.compare_exchange_weak(prev, t)) {
    }
    return std::max(t, prev);
  }

  TimerId ScheduleAt(TimeNs when, std::function<void()> fn) override {
    absl::MutexLock l(&mu_);
    TimerId id = next_id_++;
    timers_.emplace(std::make_pair(when, id), std::move(fn));
    wake_ = true;
    return id;
  }

  bool Cancel(TimerId id) override {
    absl::MutexLock l(&mu_);
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (it->first.second == id) {
        timers_.erase(it);
        return true;
      }
    }
    return false;
  }

  void Shutdown() override {
    {
      absl::MutexLock l(&mu_);
      if (stop_) return;
      stop_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

  const char* Kind() const override { return scale_ == 1.0 ? "real" : "scaled"; }

 private:
  void Loop() {
    while (true) {
      std::function<void()> fn;
      {
        absl::MutexLock l(&mu_);
        if (stop_) return;
        TimeNs now = Now();
        if (!timers_.empty() && timers_.begin()->first.first <= now) {
          auto node = timers_.extract(timers_.begin());
          fn = std::move(node.mapped());
        } else {
          // Wake at the next due timer, or periodically to notice new ones.
          absl::Duration wait = absl::Milliseconds(20);
          if (!timers_.empty()) {
            double host_ns = (timers_.begin()->first.first - now) / scale_;
            wait = std::min(wait, absl::Nanoseconds(static_cast<int64_t>(host_ns)));
          }
          mu_.AwaitWithTimeout(absl::Condition(this, &RealClock::WakeUp), wait);
          wake_ = false;
          continue;
        }
      }
      fn();
    }
  }

  bool WakeUp() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_ || wake_; }

  const double scale_;
  const TimeNs origin_;
  std::atomic<TimeNs> last_{0};
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  TimerId next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<std::pair<TimeNs, TimerId>, std::function<void()>> timers_
      ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Clock> NewRealClock(double scale) {
  return std::make_unique<RealClock>(scale);
}

}  // namespace fakecri::runtime
