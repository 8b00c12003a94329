// The only file in src/ that reads the host's time.
//
// Clock time is a linear function of host time,
//   Now() = base + (host - base_host) * scale      (running)
//   Now() = base                                   (paused)
// and every control call (pause, resume, advance, scale) re-bases it at the
// current clock time, so Now() never jumps except forward by Advance.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "fake_runtime/clock/clock.h"

namespace fakecri::runtime {

absl::Status ValidateClockScale(double scale) {
  if (!(scale >= kMinClockScale && scale <= kMaxClockScale)) {
    return absl::InvalidArgumentError(
        absl::StrCat("clock scale must be a positive number between ",
                     kMinClockScale, " and ", kMaxClockScale, ", got ", scale));
  }
  return absl::OkStatus();
}

namespace {

TimeNs HostNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One timer thread serves every timer; callbacks run on it, in order.
class RealClock final : public Clock {
 public:
  explicit RealClock(double scale) {
    const TimeNs host = HostNowNs();
    base_.store(host, std::memory_order_relaxed);
    base_host_.store(host, std::memory_order_relaxed);
    scale_.store(ValidateClockScale(scale).ok() ? scale : 1.0,
                 std::memory_order_relaxed);
    thread_ = std::thread([this] { Loop(); });
  }
  ~RealClock() override { Shutdown(); }

  TimeNs Now() override {
    TimeNs t = Compute(HostNowNs());
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
    bool found = false;
    {
      std::lock_guard l(mu_);
      for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->first.second == id) {
          timers_.erase(it);
          found = true;
          break;
        }
      }
    }
    // An Advance may be waiting for exactly this timer.
    if (found) idle_cv_.notify_all();
    return found;
  }

  void Shutdown() override {
    {
      std::lock_guard l(mu_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_one();
    idle_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  const char* Kind() const override {
    return scale_.load(std::memory_order_relaxed) == 1.0 ? "real" : "scaled";
  }

  absl::Status Pause() override {
    {
      std::lock_guard l(mu_);
      if (paused_.load(std::memory_order_relaxed)) return absl::OkStatus();
      Rebase(Now(), /*paused=*/true, scale_.load(std::memory_order_relaxed));
    }
    cv_.notify_one();
    return absl::OkStatus();
  }

  absl::Status Resume() override {
    {
      std::lock_guard l(mu_);
      if (!paused_.load(std::memory_order_relaxed)) return absl::OkStatus();
      Rebase(Now(), /*paused=*/false, scale_.load(std::memory_order_relaxed));
    }
    cv_.notify_one();
    return absl::OkStatus();
  }

  absl::Status SetScale(double scale) override {
    if (absl::Status st = ValidateClockScale(scale); !st.ok()) return st;
    {
      std::lock_guard l(mu_);
      Rebase(Now(), paused_.load(std::memory_order_relaxed), scale);
    }
    cv_.notify_one();
    return absl::OkStatus();
  }

  absl::Status Advance(DurationNs d) override {
    if (d < 0) {
      return absl::InvalidArgumentError("cannot advance the clock backwards");
    }
    TimeNs target;
    {
      std::lock_guard l(mu_);
      const TimeNs now = Now();
      if (d > kMaxClockTime - now) {
        return absl::InvalidArgumentError(
            absl::StrCat("clock advance is too large: the clock stops at ",
                         kMaxClockTime, " ns after the epoch"));
      }
      target = now + d;
      Rebase(target, paused_.load(std::memory_order_relaxed),
             scale_.load(std::memory_order_relaxed));
    }
    cv_.notify_one();
    // A timer callback advancing the clock must not wait for itself.
    if (std::this_thread::get_id() == thread_.get_id()) {
      return absl::OkStatus();
    }
    std::unique_lock l(mu_);
    idle_cv_.wait(l, [&] {
      return stop_ || (!running_ && (timers_.empty() ||
                                     timers_.begin()->first.first > target));
    });
    return absl::OkStatus();
  }

  bool Paused() override { return paused_.load(std::memory_order_acquire); }
  double Scale() override { return scale_.load(std::memory_order_acquire); }

 private:
  // Clock time at host time `host`. Reads the parameters without a lock
  // (Now() is called for every event and log line) under a sequence
  // counter: a reader that overlapped a re-base retries. Every access is
  // sequentially consistent (plain loads on x86; only the rare writer pays),
  // which makes the sequence lock correct without fences (ThreadSanitizer
  // does not model fences).
  TimeNs Compute(TimeNs host) const {
    while (true) {
      const uint64_t v = version_.load();
      if (v & 1) {
        std::this_thread::yield();
        continue;
      }
      const TimeNs base = base_.load();
      const TimeNs base_host = base_host_.load();
      const double scale = scale_.load();
      const bool paused = paused_.load();
      if (version_.load() != v) continue;
      if (paused) return base;
      // In double and clamped before converting back: a large scale times
      // a long run must stop at kMaxClockTime, not wrap (the conversion of
      // an out-of-range double is undefined behaviour).
      const double elapsed = static_cast<double>(host - base_host) * scale;
      const double room = static_cast<double>(kMaxClockTime - base);
      if (!(elapsed < room)) return std::max(base, kMaxClockTime);
      return base + std::max<TimeNs>(static_cast<TimeNs>(elapsed), 0);
    }
  }

  // Clock time `at` from now on, with the given state. Caller holds mu_
  // (which serialises writers).
  void Rebase(TimeNs at, bool paused, double scale) {
    const uint64_t v = version_.load();
    version_.store(v + 1);
    base_.store(at);
    base_host_.store(HostNowNs());
    scale_.store(scale);
    paused_.store(paused);
    version_.store(v + 2);
  }

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
          running_ = true;
        } else {
          idle_cv_.notify_all();  // nothing due: a waiting Advance is done
          // Sleep until the next due timer (in host time), a new timer or
          // a control change (which all notify cv_). Paused: until woken.
          auto wait = std::chrono::milliseconds(200);
          const double scale = scale_.load(std::memory_order_relaxed);
          if (!timers_.empty() && !paused_.load(std::memory_order_relaxed)) {
            // Timers past kMaxClockTime never come due; bounded by the
            // 200 ms above in any case, so the conversion cannot overflow.
            const double host_ns =
                static_cast<double>(timers_.begin()->first.first - now) / scale;
            if (host_ns < 2e8) {
              wait = std::min(
                  wait,
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::nanoseconds(static_cast<int64_t>(host_ns)) +
                      std::chrono::milliseconds(1)));
            }
          }
          cv_.wait_for(l, wait);
          continue;
        }
      }
      fn();
      {
        std::lock_guard l(mu_);
        running_ = false;
      }
      idle_cv_.notify_all();
    }
  }

  // The linear map (see the top of the file); written under mu_ inside a
  // version_ bump, read lock-free by Compute().
  std::atomic<uint64_t> version_{0};
  std::atomic<TimeNs> base_{0};
  std::atomic<TimeNs> base_host_{0};
  std::atomic<double> scale_{1.0};
  std::atomic<bool> paused_{false};
  std::atomic<TimeNs> last_{0};
  // std::mutex + condition variables: the timer thread sleeps until due;
  // Advance sleeps until the timers it made due have run.
  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  bool stop_ = false;     // guarded by mu_
  bool running_ = false;  // a callback is running; guarded by mu_
  TimerId next_id_ = 1;   // guarded by mu_
  std::map<std::pair<TimeNs, TimerId>, std::function<void()>>
      timers_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

std::unique_ptr<Clock> NewRealClock(double scale) {
  return std::make_unique<RealClock>(scale);
}

}  // namespace fakecri::runtime
