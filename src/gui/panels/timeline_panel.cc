// File: timeline_panel.cc
#include "gui/panels/timeline_panel.h"

#include <imgui.h>

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gui/model/item_text.h"
#include "gui/panels/draw_util.h"

namespace fakecri::gui {

void TimelinePanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Timeline")) {
    ImGui::End();
    return;
  }
  Playback& pb = ctx.playback;
  const RunModel& model = ctx.model;
  const float bw = ImGui::GetFontSize() * 5.5f;
  if (ImGui::Button(pb.playing() ? "Pause" : "Play", ImVec2(bw, 0))) {
    pb.TogglePlay();
  }
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(bw, 0))) pb.Step(model);
  ImGui::SameLine();
  bool follow = ctx.follow.following();
  if (ImGui::Checkbox("Follow", &follow)) ctx.follow.SetFollowing(follow);
  ImGui::SameLine();
  // Speed on a log scale: equal slider steps from 0.1x to 100x.
  float log_speed = static_cast<float>(std::log10(pb.speed()));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  const std::string speed_text =
      absl::StrCat("speed ",
                   pb.speed() < 1 ? absl::StrFormat("%.1f", pb.speed())
                                  : absl::StrFormat("%.0f", pb.speed()),
                   "x");
  if (ImGui::SliderFloat("##speed", &log_speed, -1.0f, 2.0f,
                         speed_text.c_str())) {
    pb.SetSpeed(std::pow(10.0, static_cast<double>(log_speed)));
  }
  ImGui::SameLine();
  const size_t total = model.items().size();
  ImGui::Text(
      "row %zu of %zu   %s", pb.revealed(), total,
      pb.revealed() > 0
          ? ShortOffset(pb.cursor_time(model), model.first_time()).c_str()
          : "");
  if (pb.StepPending()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(waiting for the next call)");
  }
  ImGui::SameLine();
  const SourceStatus st = ctx.source.Status();
  const ImVec4 col = st.state == SourceState::kFailed
                         ? ImVec4(1.0f, 0.75f, 0.35f, 1.0f)
                         : ImVec4(0.75f, 0.85f, 1.0f, 1.0f);
  // The status gets the room left of "F1 help", cut to fit.
  const float help_w = ImGui::CalcTextSize("F1 help").x;
  const float room = ImGui::GetWindowContentRegionMax().x -
                     ImGui::GetCursorPosX() - help_w -
                     2 * ImGui::GetStyle().ItemSpacing.x;
  std::string message = "| " + st.message;
  while (message.size() > 5 && ImGui::CalcTextSize(message.c_str()).x > room) {
    message.erase(message.size() - 4);
    message += "...";
  }
  ImGui::TextColored(col, "%s", message.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", st.message.c_str());
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - help_w);
  ImGui::TextDisabled("F1 help");

  // The scrubber: drag to any row; the Objects panel shows that moment.
  int row = static_cast<int>(pb.revealed());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderInt("##scrub", &row, 0, static_cast<int>(total),
                       total == 0 ? "no calls yet" : "row %d")) {
    pb.ScrubToRow(model, static_cast<size_t>(row));
    ctx.follow.SetFollowing(true);
  }
  ImGui::End();
}

}  // namespace fakecri::gui
