// File: timeline_panel.h
// Panel 3: pause / play, step (one CRI call at a time: the classroom
// mode), speed from 0.1x to 100x, follow, and a scrubber over the whole
// run; the source's status on the right.
#ifndef FAKECRI_GUI_PANELS_TIMELINE_PANEL_H_
#define FAKECRI_GUI_PANELS_TIMELINE_PANEL_H_

#include "gui/app/view_context.h"

namespace fakecri::gui {

class TimelinePanel {
 public:
  void Draw(ViewContext& ctx);
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_TIMELINE_PANEL_H_
