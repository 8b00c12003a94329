// File: app.h
// The fakecri-gui application: a window, the panels, one event source and
// the view model folded from it, frame by frame. RunApp is the program;
// App is also driven frame by frame by the frame-time benchmark.
#ifndef FAKECRI_GUI_APP_APP_H_
#define FAKECRI_GUI_APP_APP_H_

#include <memory>

#include "absl/status/statusor.h"
#include "gui/app/gui_options.h"
#include "gui/model/playback.h"
#include "gui/model/run_model.h"
#include "gui/sources/event_source.h"

namespace fakecri::gui {

class App {
 public:
  // Opens the window (fails without a display) and starts the source.
  static absl::StatusOr<std::unique_ptr<App>> Create(
      const GuiOptions& options, std::unique_ptr<EventSource> source);
  virtual ~App() = default;

  // One frame: fold what the source sent, advance the playback by
  // `dt_seconds` of wall time, draw, and (on the --frames'th frame of a
  // --screenshot run) save the picture. False when the app should end.
  virtual bool Frame(double dt_seconds) = 0;
  virtual const RunModel& model() const = 0;
  virtual Playback& playback() = 0;
  // The exit code once Frame returned false.
  virtual int exit_code() const = 0;
};

// Runs until the window closes (or, with --screenshot, until the picture
// is saved). Returns the process exit code.
int RunApp(const GuiOptions& options, std::unique_ptr<EventSource> source);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_APP_H_
