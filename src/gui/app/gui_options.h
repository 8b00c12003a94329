// File: gui_options.h
// fakecri-gui's command line.
#ifndef FAKECRI_GUI_APP_GUI_OPTIONS_H_
#define FAKECRI_GUI_APP_GUI_OPTIONS_H_

#include <string>

namespace fakecri::gui {

struct GuiOptions {
  // At most one source; none = the built-in demo scenario.
  std::string scenario;  // a scenario file, played embedded
  std::string connect;   // unix:///... of a running fakecri
  std::string replay;    // an event-log JSON-lines file

  // Projector-sized text: 0 = the scale remembered in imgui.ini (or 1).
  float font_scale = 0;
  int width = 1600, height = 900;
  // imgui.ini (layout + settings); "" = the default path; "none" = keep
  // nothing. Screenshots use none unless a file is named.
  std::string ini;

  double speed = 1.0;   // playback speed, 0.1 .. 100
  bool paused = false;  // start paused (classroom step mode)

  // Draw `frames` frames, save the last one as a PNG and exit.
  std::string screenshot;
  int frames = 0;
  // Seconds of playback per frame instead of the wall clock's, and the
  // embedded run caught up before each frame: the same picture every time.
  double fixed_dt = 0;
  // Select this object (id, id prefix or "pod", "pod/container") or call
  // (RPC name: its latest call) before the screenshot.
  std::string select;
  // Where each part of the last frame was drawn, as JSON (screenshot
  // tests compare the pixels there).
  std::string layout_out;
  // Fault rules (YAML) sent through the Faults panel's path at start.
  std::string add_faults;
  bool vsync = true;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_GUI_OPTIONS_H_
