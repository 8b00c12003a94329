// File: inspector_panel.h
// Panel 4: the selected (or latest) call as readable text: request and
// response (protobuf text format, when the runtime recorded them), its
// timing, the fault that touched it, the transitions it caused, its OCI
// hops.
#ifndef FAKECRI_GUI_PANELS_INSPECTOR_PANEL_H_
#define FAKECRI_GUI_PANELS_INSPECTOR_PANEL_H_

#include "gui/app/view_context.h"

namespace fakecri::gui {

class InspectorPanel {
 public:
  void Draw(ViewContext& ctx);
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_INSPECTOR_PANEL_H_
