// File: narration_panel.cc
#include "gui/panels/narration_panel.h"

#include <imgui.h>

#include <string>

#include "gui/model/item_text.h"
#include "gui/model/narration.h"

namespace fakecri::gui {

void NarrationPanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Narration")) {
    ImGui::End();
    return;
  }
  const ItemId item = FocusItem(ctx);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::PushTextWrapPos(0);
  if (item == kNoItem) {
    ImGui::TextDisabled("Waiting for the first call...");
  } else {
    ImGui::TextUnformatted(Narrate(ctx.model, item).c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  if (ctx.report != nullptr && item != kNoItem) {
    (*ctx.report)["narration"] = {{"item", item},
                                  {"text", Narrate(ctx.model, item)}};
  }
  ImGui::End();
}

}  // namespace fakecri::gui
