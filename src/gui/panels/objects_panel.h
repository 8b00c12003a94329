// File: objects_panel.h
// Panel 2: pods -> sandboxes -> containers, and images, each in the state
// it had at the playback's cursor (so scrubbing the timeline shows the
// node as it was then). The selected object's state machine is drawn as a
// small diagram: states as nodes, the current one filled, the transitions
// it took so far marked with how often and when.
#ifndef FAKECRI_GUI_PANELS_OBJECTS_PANEL_H_
#define FAKECRI_GUI_PANELS_OBJECTS_PANEL_H_

#include "gui/app/view_context.h"

namespace fakecri::gui {

class ObjectsPanel {
 public:
  void Draw(ViewContext& ctx);

 private:
  void DrawTree(ViewContext& ctx, uint64_t seq);
  void DrawDiagram(ViewContext& ctx, const ObjectRecord& object, uint64_t seq);
  void DrawTransitions(ViewContext& ctx, const ObjectRecord& object,
                       uint64_t seq);
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_OBJECTS_PANEL_H_
