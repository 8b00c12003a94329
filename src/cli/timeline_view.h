// File: timeline_view.h
// The terminal view of a scenario's timeline (`scenario run --pace`): lines
// held back so that run time passes at a pace a person can follow, and
// coloured by who speaks when the terminal takes colour.
#ifndef FAKECRI_CLI_TIMELINE_VIEW_H_
#define FAKECRI_CLI_TIMELINE_VIEW_H_

#include <chrono>
#include <optional>
#include <string>

namespace fakecri::cli {

// The run time a timeline line starts with ("+12.000s ..."), in seconds.
std::optional<double> LineOffsetSeconds(const std::string& line);

// Holds each line until `pace` run-seconds per wall-second have passed
// since the first; a quiet stretch (a back-off, a grace period) is cut to
// at most `max_gap` of wall time, so the view never stalls.
class TimelinePacer {
 public:
  TimelinePacer(double pace, std::chrono::duration<double> max_gap)
      : pace_(pace), max_gap_(max_gap) {}
  void Wait(const std::string& line);

 private:
  double pace_;
  std::chrono::duration<double> max_gap_;
  bool started_ = false;
  double last_offset_ = 0;
  std::chrono::steady_clock::time_point last_wall_;
};

// ANSI colours by the line's actor column: faults red, kubelet decisions
// yellow, pod changes cyan, scenario steps bold, expectation verdicts
// green or red, failed calls red.
std::string Colorize(const std::string& line);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_TIMELINE_VIEW_H_
