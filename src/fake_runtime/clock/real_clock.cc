// The only file in src/ that reads the host's time.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

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
    TimerId id;
    {
      std::lock_guard l(mu_);
      id = next_id_++;
      timers_.emplace(std::make_pair(when, id), std::move(fn));
    }
    cv_.notify_one();
    return id;
  }

  bool Cancel(TimerId id) override {
    std::lock_guard l(mu_);
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
      std::lock_guard l(mu_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  const char* Kind() const override {
    return scale_ == 1.0 ? "real" : "scaled";
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock l(mu_);
        if (stop_) return;
        TimeNs now = Now();
        if (!timers_.empty() && timers_.begin()->first.first <= now) {
          auto node = timers_.extract(timers_.begin());
          fn = std::move(node.mapped());
        } else {
          // Sleep until the next due timer (in host time) or a new timer.
          auto wait = std::chrono::milliseconds(200);
          if (!timers_.empty()) {
            double host_ns = (timers_.begin()->first.first - now) / scale_;
            wait = std::min(
                wait,
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::nanoseconds(static_cast<int64_t>(host_ns)) +
                    std::chrono::milliseconds(1)));
          }
          cv_.wait_for(l, wait);
          continue;
        }
      }
      fn();
    }
  }

  const double scale_;
  const TimeNs origin_;
  std::atomic<TimeNs> last_{0};
  // std::mutex + condition variable: the timer thread sleeps until due.
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;    // guarded by mu_
  TimerId next_id_ = 1;  // guarded by mu_
  std::map<std::pair<TimeNs, TimerId>, std::function<void()>>
      timers_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Clock> NewRealClock(double scale) {
  return std::make_unique<RealClock>(scale);
}

}  // namespace fakecri::runtime
