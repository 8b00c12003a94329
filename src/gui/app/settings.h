// File: settings.h
// What the app remembers between runs, kept in imgui.ini next to the
// window layout (a "[FakecriGui][Settings]" section), so one file holds
// everything: today the font scale a teacher picked for the projector.
#ifndef FAKECRI_GUI_APP_SETTINGS_H_
#define FAKECRI_GUI_APP_SETTINGS_H_

#include <string>

namespace fakecri::gui {

struct AppSettings {
  float font_scale = 1.0f;
  bool font_scale_loaded = false;  // read from the file
};

// Registers the section with the current ImGui context; `settings` must
// outlive it. Call before LoadIni.
void RegisterSettingsHandler(AppSettings* settings);
// Reads `path` now (layout and settings) instead of at the first frame, so
// the fonts can be built at the remembered scale. Missing file: defaults.
void LoadIni(const std::string& path);
// Asks ImGui to write the file again soon (after a setting changed).
void MarkSettingsChanged();
// $XDG_CONFIG_HOME/fakecri/imgui.ini (or ~/.config/...), its folder
// created; "" when neither variable is set.
std::string DefaultIniPath();

// Exposed for tests: one "key=value" line into `settings`.
void ParseSettingsLine(const char* line, AppSettings* settings);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_SETTINGS_H_
