// File: call_flow_panel.h
// Panel 1, the sequence diagram: one lifeline per actor (kubelet or CRI
// client, CRI server, container manager, one per OCI runtime handler,
// container processes), one row per request, reply, OCI hop, CRI event,
// fault or kubelet decision. The CallFlowLayout (view model) says where;
// this draws only the rows in view, shows a summary on hover, selects on
// click, and follows the newest row unless the user scrolled back.
#ifndef FAKECRI_GUI_PANELS_CALL_FLOW_PANEL_H_
#define FAKECRI_GUI_PANELS_CALL_FLOW_PANEL_H_

#include "gui/app/view_context.h"
#include "gui/model/call_flow_layout.h"

namespace fakecri::gui {

class CallFlowPanel {
 public:
  void Draw(ViewContext& ctx);
  // The metrics used in the last frame (scaled with the font).
  const CallFlowLayout& layout() const { return layout_; }

 private:
  CallFlowLayout layout_;
  float zoom_ = 1.0f;
  double scroll_set_ = -1;  // the scroll position we asked for last frame
  float scroll_x_ = 0;      // the diagram's horizontal scroll
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_CALL_FLOW_PANEL_H_
