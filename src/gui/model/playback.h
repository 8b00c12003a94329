// File: playback.h
// The timeline's clock: pause, play, step one call at a time, speed from
// 0.1x to 100x, scrub, and live following. It decides how many rows of
// the call flow are revealed; it never reads a clock itself — the app
// passes in the wall time that went by since the last frame, so tests
// drive it exactly.
//
// Paced mode (a built-in demo, a scenario, a replay) reveals rows one by
// one: each row stays row_dwell of wall time, plus the run's own time to
// the next row (idle stretches capped at max_gap), all divided by the
// speed. Many records share one virtual instant, so pacing by run time
// alone would show a whole pod start at once. Live mode (--connect)
// reveals every row as soon as it arrives while playing.
#ifndef FAKECRI_GUI_MODEL_PLAYBACK_H_
#define FAKECRI_GUI_MODEL_PLAYBACK_H_

#include <cstddef>
#include <cstdint>

#include "fakecri/clock.h"
#include "gui/model/run_model.h"

namespace fakecri::gui {

class Playback {
 public:
  enum class Mode : uint8_t { kPaced, kLive };
  struct Options {
    Mode mode = Mode::kPaced;
    double speed = 1.0;
    DurationNs row_dwell = 500'000'000;  // wall time per row at 1x
    DurationNs max_gap = 3'000'000'000;  // run time between rows, capped
  };
  static constexpr double kMinSpeed = 0.1;
  static constexpr double kMaxSpeed = 100.0;

  Playback() = default;
  explicit Playback(Options o);

  Mode mode() const { return o_.mode; }
  void SetMode(Mode m) { o_.mode = m; }

  bool playing() const { return playing_; }
  // Each ends a step in progress.
  void Play();
  void Pause();
  void TogglePlay();

  double speed() const { return o_.speed; }
  // Clamped to [kMinSpeed, kMaxSpeed].
  void SetSpeed(double s);

  // Classroom step: pauses, then reveals the next CRI call — its request
  // and every row up to (not including) the request after it, so the
  // call's OCI hops, events and reply come with it. When that call has
  // not arrived yet, the step waits for it (StepPending()) and completes
  // in a later Tick.
  void Step(const RunModel& model);
  bool StepPending() const { return step_ != StepPhase::kNone; }

  // Advance by `wall_elapsed` of wall time; reveals rows as the mode and
  // speed say. Call once per frame, after ingesting the frame's records.
  void Tick(const RunModel& model, DurationNs wall_elapsed);

  // Scrubbing: show the run as it was after `rows` rows / at time `t`.
  // Does not change playing().
  void ScrubToRow(const RunModel& model, size_t rows);
  void ScrubToTime(const RunModel& model, TimeNs t);
  // Reveal everything there is now.
  void RevealAll(const RunModel& model);

  // The revealed rows: items [0, revealed()).
  size_t revealed() const { return revealed_; }
  // The seq and time of the newest revealed row (0 before the first):
  // the moment the Objects panel shows (ObjectHistory::AtSeq).
  uint64_t cursor_seq(const RunModel& model) const;
  TimeNs cursor_time(const RunModel& model) const;
  // Every row that arrived is revealed.
  bool CaughtUp(const RunModel& model) const {
    return revealed_ >= model.items().size();
  }
  // An embedded run may go on (fire its next clock step) when the viewer
  // has shown everything it has and wants more: playing, or a step
  // waiting for its call.
  bool WantsMoreEvents(const RunModel& model) const {
    return CaughtUp(model) && (playing_ || StepPending());
  }

 private:
  enum class StepPhase : uint8_t {
    kNone,
    kSeekingRequest,  // revealing rows until a request is revealed
    kRevealingCall,   // then until the next row would be a request
  };
  DurationNs DwellOf(const RunModel& model, size_t row) const;
  void AdvanceStep(const RunModel& model);

  Options o_;
  bool playing_ = true;
  StepPhase step_ = StepPhase::kNone;
  size_t revealed_ = 0;
  // Wall time spent on the current (newest revealed) row so far, scaled
  // by the speed.
  double owed_ns_ = 0;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_PLAYBACK_H_
