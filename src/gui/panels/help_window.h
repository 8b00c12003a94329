// File: help_window.h
// The keyboard shortcuts and what each panel shows (F1 or h toggles it).
#ifndef FAKECRI_GUI_PANELS_HELP_WINDOW_H_
#define FAKECRI_GUI_PANELS_HELP_WINDOW_H_

namespace fakecri::gui {

struct Shortcut {
  const char* keys;
  const char* what;
};
// Every shortcut the app handles, in the order the help lists them.
extern const Shortcut kShortcuts[];
extern const int kShortcutCount;

class HelpWindow {
 public:
  void Toggle() { open_ = !open_; }
  bool open() const { return open_; }
  void Draw();

 private:
  bool open_ = false;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_HELP_WINDOW_H_
