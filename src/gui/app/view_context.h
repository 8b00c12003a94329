// File: view_context.h
// What every panel reads and may change in a frame: the view model, the
// playback, the selection, the fonts, and (for screenshot tests) the
// report of where things were drawn. Panels talk to each other only
// through this.
#ifndef FAKECRI_GUI_APP_VIEW_CONTEXT_H_
#define FAKECRI_GUI_APP_VIEW_CONTEXT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "gui/app/fonts.h"
#include "gui/model/call_flow_layout.h"
#include "gui/model/playback.h"
#include "gui/model/run_model.h"
#include "gui/sources/event_source.h"
#include "gui/sources/faults_controller.h"

namespace fakecri::gui {

struct Selection {
  ItemId item = kNoItem;     // a row of the call flow
  std::string object_id;     // an object of the Objects panel
  bool reveal_item = false;  // the call flow should scroll to `item`
};

struct ViewContext {
  const RunModel& model;
  Playback& playback;
  Selection& selection;
  const Fonts& fonts;
  EventSource& source;
  FaultsController* faults;  // null when the source takes none
  FollowState& follow;       // the call flow follows the newest row
  // Non-null when --layout-out asked where things were drawn.
  nlohmann::json* report;
};

// The row the narration and inspector describe: the selection, or the
// newest revealed row.
ItemId FocusItem(const ViewContext& ctx);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_VIEW_CONTEXT_H_
