// File: pace_gate.cc
#include "gui/sources/pace_gate.h"

#include <algorithm>

namespace fakecri::gui {

bool PaceGate::Wait(TimeNs t) {
  std::unique_lock<std::mutex> lock(mu_);
  waiting_ = t;
  cv_.wait(lock, [&] {
    return closed_ || (has_allowed_ && t <= allowed_) || grants_ > 0;
  });
  waiting_.reset();
  if (closed_) return false;
  if (!(has_allowed_ && t <= allowed_)) --grants_;
  return true;
}

void PaceGate::Allow(TimeNs until) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (has_allowed_ && until <= allowed_) return;
    allowed_ = has_allowed_ ? std::max(allowed_, until) : until;
    has_allowed_ = true;
  }
  cv_.notify_all();
}

void PaceGate::Grant(int timers) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    grants_ = std::max(grants_, timers);
  }
  cv_.notify_all();
}

void PaceGate::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

std::optional<TimeNs> PaceGate::waiting_for() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_;
}

bool PaceGate::Idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.has_value() && grants_ == 0 &&
         !(has_allowed_ && *waiting_ <= allowed_);
}

TimeNs PaceGate::allowed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return allowed_;
}

}  // namespace fakecri::gui
