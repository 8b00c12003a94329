// File: inspector_panel.cc
#include "gui/panels/inspector_panel.h"

#include <imgui.h>

#include <string>

#include "gui/model/item_text.h"

namespace fakecri::gui {

void InspectorPanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Inspector")) {
    ImGui::End();
    return;
  }
  const ItemId item = FocusItem(ctx);
  if (item == kNoItem) {
    ImGui::TextDisabled("Nothing to inspect yet.");
    ImGui::End();
    return;
  }
  const CallId call = ctx.model.CallOf(item);
  const std::string text = call != kNoCall ? CallDetails(ctx.model, call)
                                           : ItemSummary(ctx.model, item);
  if (ctx.selection.item == kNoItem) {
    ImGui::TextDisabled("latest row (click a row to pin it)");
  } else if (ImGui::SmallButton("Show in call flow")) {
    ctx.selection.reveal_item = true;
  }
  ImGui::BeginChild("text", ImVec2(0, 0), false,
                    ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace fakecri::gui
