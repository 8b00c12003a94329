// File: faults_panel.h
// Panel 5: the fault rules in force with their hit counts, a Remove
// button each, and a form that adds one (hop, RPC or operation,
// selectors, effect, how often), live, through the source's fault
// backend: the embedded runtime's FaultControl or the control API.
#ifndef FAKECRI_GUI_PANELS_FAULTS_PANEL_H_
#define FAKECRI_GUI_PANELS_FAULTS_PANEL_H_

#include "gui/app/view_context.h"
#include "gui/panels/fault_form.h"

namespace fakecri::gui {

class FaultsPanel {
 public:
  void Draw(ViewContext& ctx);

 private:
  void DrawForm(ViewContext& ctx);
  FaultForm form_;
  bool show_yaml_ = false;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_FAULTS_PANEL_H_
