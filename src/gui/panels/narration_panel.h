// File: narration_panel.h
// Panel 6: one or two plain sentences, in large type, saying what the
// selected (or latest) row means: what the kubelet asked, which part
// answers it (container manager or OCI runtime) and why.
#ifndef FAKECRI_GUI_PANELS_NARRATION_PANEL_H_
#define FAKECRI_GUI_PANELS_NARRATION_PANEL_H_

#include "gui/app/view_context.h"

namespace fakecri::gui {

class NarrationPanel {
 public:
  void Draw(ViewContext& ctx);
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_NARRATION_PANEL_H_
