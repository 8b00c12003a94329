// File: playback.cc
#include "gui/model/playback.h"

#include <algorithm>

namespace fakecri::gui {

Playback::Playback(Options o) : o_(o) { SetSpeed(o.speed); }

void Playback::Play() {
  playing_ = true;
  step_ = StepPhase::kNone;
}

void Playback::Pause() {
  playing_ = false;
  step_ = StepPhase::kNone;
}

void Playback::TogglePlay() {
  if (playing_) {
    Pause();
  } else {
    Play();
  }
}

void Playback::SetSpeed(double s) {
  // NaN and non-positive speeds are the slowest, not an error: the value
  // comes from a slider or a key press.
  if (!(s > 0)) s = kMinSpeed;
  o_.speed = std::clamp(s, kMinSpeed, kMaxSpeed);
}

DurationNs Playback::DwellOf(const RunModel& model, size_t row) const {
  const auto& items = model.items();
  DurationNs gap = 0;
  if (row + 1 < items.size()) {
    gap = std::min(o_.max_gap, items[row + 1].time - items[row].time);
  }
  return o_.row_dwell + std::max<DurationNs>(0, gap);
}

void Playback::AdvanceStep(const RunModel& model) {
  const auto& items = model.items();
  while (step_ != StepPhase::kNone && revealed_ < items.size()) {
    const bool request = items[revealed_].kind == ItemKind::kRequest;
    if (step_ == StepPhase::kSeekingRequest) {
      ++revealed_;
      if (request) step_ = StepPhase::kRevealingCall;
    } else if (request) {
      step_ = StepPhase::kNone;  // the next call: the step is complete
    } else {
      ++revealed_;
    }
  }
  owed_ns_ = 0;
}

void Playback::Step(const RunModel& model) {
  playing_ = false;
  step_ = StepPhase::kSeekingRequest;
  AdvanceStep(model);
}

void Playback::Tick(const RunModel& model, DurationNs wall_elapsed) {
  const size_t n = model.items().size();
  if (step_ != StepPhase::kNone) AdvanceStep(model);
  if (!playing_) return;
  if (o_.mode == Mode::kLive) {
    revealed_ = n;
    return;
  }
  owed_ns_ +=
      static_cast<double>(std::max<DurationNs>(0, wall_elapsed)) * o_.speed;
  if (revealed_ == 0 && n > 0) revealed_ = 1;  // the first row at once
  while (revealed_ > 0 && revealed_ < n) {
    const double dwell = static_cast<double>(DwellOf(model, revealed_ - 1));
    if (owed_ns_ < dwell) break;
    owed_ns_ -= dwell;
    ++revealed_;
  }
  if (revealed_ >= n) {
    // Waiting for records: the newest row has been seen long enough for
    // the next one to appear at once, but not for a burst of them.
    owed_ns_ = std::min(owed_ns_, static_cast<double>(o_.row_dwell));
  }
}

void Playback::ScrubToRow(const RunModel& model, size_t rows) {
  revealed_ = std::min(rows, model.items().size());
  owed_ns_ = 0;
  step_ = StepPhase::kNone;
}

void Playback::ScrubToTime(const RunModel& model, TimeNs t) {
  ScrubToRow(model, model.ItemsUpTo(t));
}

void Playback::RevealAll(const RunModel& model) {
  ScrubToRow(model, model.items().size());
}

uint64_t Playback::cursor_seq(const RunModel& model) const {
  if (revealed_ == 0) return 0;
  // Caught up: records after the newest row (a transition, a CRI event
  // nobody streamed) are part of the present too.
  if (CaughtUp(model)) return model.last_seq();
  return model.items()[revealed_ - 1].seq;
}

TimeNs Playback::cursor_time(const RunModel& model) const {
  if (revealed_ == 0) return model.first_time();
  if (CaughtUp(model)) return model.last_time();
  return model.items()[revealed_ - 1].time;
}

}  // namespace fakecri::gui
