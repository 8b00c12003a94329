// File: call_flow_panel.cc
#include "gui/panels/call_flow_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/model/item_text.h"
#include "gui/panels/draw_util.h"

namespace fakecri::gui {
namespace {

// A lane header: title (bold) over subtitle, in a box centred on the
// lifeline.
void DrawHeader(ImDrawList* dl, const ViewContext& ctx, const Lane& lane,
                float x, float top, float height, float max_width,
                nlohmann::json* out) {
  ImFont* title_font = ctx.fonts.heading;
  ImFont* sub_font = ctx.fonts.ui;
  const std::string title =
      lane.kind == LaneKind::kClient
          ? (ctx.model.has_kubelet() ? "kubelet" : lane.title)
          : lane.title;
  const ImVec2 ts = title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, 0,
                                              title.c_str());
  const ImVec2 ss = sub_font->CalcTextSizeA(sub_font->FontSize, FLT_MAX, 0,
                                            lane.subtitle.c_str());
  const float pad = 8 * ctx.fonts.scale;
  const float w = std::min(max_width, std::max(ts.x, ss.x) + 2 * pad);
  const ImVec2 a(x - w / 2, top), b(x + w / 2, top + height);
  dl->AddRectFilled(a, b, ToImU32(LaneHeaderColor()), 4 * ctx.fonts.scale);
  dl->AddRect(a, b, ToImU32(LifelineColor()), 4 * ctx.fonts.scale, 0,
              1.5f * ctx.fonts.scale);
  dl->PushClipRect(a, b, true);
  dl->AddText(title_font, title_font->FontSize,
              ImVec2(x - ts.x / 2, top + pad * 0.5f), IM_COL32_WHITE,
              title.c_str());
  dl->AddText(sub_font, sub_font->FontSize,
              ImVec2(x - ss.x / 2, top + pad * 0.5f + ts.y),
              IM_COL32(225, 225, 230, 255), lane.subtitle.c_str());
  dl->PopClipRect();
  if (out != nullptr) {
    out->push_back({{"title", title},
                    {"x", x},
                    {"box", RectJson(a, b)},
                    {"color", ToJson(LaneHeaderColor())}});
  }
}

}  // namespace

void CallFlowPanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Call flow")) {
    ImGui::End();
    return;
  }
  const RunModel& model = ctx.model;
  const float scale = ctx.fonts.scale;
  CallFlowLayout::Metrics m;
  m.row_height = std::round(ctx.fonts.ui->FontSize * 1.75f);
  m.side_margin = 90 * scale;
  m.min_lane_gap = 170 * scale;
  m.mark_half_width = 40 * scale;
  layout_ = CallFlowLayout(m);

  // Lane headers stay put while the rows scroll under them.
  const float header_h =
      ctx.fonts.heading->FontSize + ctx.fonts.ui->FontSize + 12 * scale;
  const ImVec2 header_pos = ImGui::GetCursorScreenPos();
  const float header_w = ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(header_w, header_h));

  const bool zooming = ImGui::GetIO().KeyCtrl;
  ImGui::BeginChild("rows", ImVec2(0, 0), false,
                    ImGuiWindowFlags_HorizontalScrollbar |
                        (zooming ? ImGuiWindowFlags_NoScrollWithMouse : 0));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 area_pos = ImGui::GetWindowPos();
  const ImVec2 area_size = ImGui::GetWindowSize();
  const float area_w = ImGui::GetContentRegionAvail().x;
  const float area_h = area_size.y;
  if (zooming && ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel != 0) {
    zoom_ = std::clamp(zoom_ * std::pow(1.15f, ImGui::GetIO().MouseWheel),
                       0.25f, 4.0f);
  }

  Viewport v;
  v.width = area_w;
  v.height = area_h;
  v.zoom = zoom_;
  v.revealed = ctx.playback.revealed();
  const float content_w = layout_.ContentWidth(model, area_w);
  const double content_h = layout_.ContentHeight(v.revealed, zoom_);
  // The scroll extent: ImGui scrolls the child over this much content.
  ImGui::SetCursorPos(ImVec2(0, 0));
  ImGui::Dummy(ImVec2(content_w, static_cast<float>(content_h)));

  const double current = ImGui::GetScrollY();
  v.scroll_y = current;
  if (scroll_set_ >= 0 && std::abs(current - scroll_set_) > 0.5) {
    ctx.follow.OnUserScroll(current, layout_.MaxScroll(v));
  }
  double want = ctx.follow.Scroll(current, layout_.FollowScroll(v));
  if (ctx.selection.reveal_item && ctx.selection.item != kNoItem) {
    ctx.follow.SetFollowing(false);
    want = layout_.ScrollToShow(ctx.selection.item, v);
    ctx.selection.reveal_item = false;
  }
  want = std::clamp(want, 0.0, layout_.MaxScroll(v));
  if (std::abs(want - current) > 0.5)
    ImGui::SetScrollY(static_cast<float>(want));
  scroll_set_ = want;
  v.scroll_y = want;
  scroll_x_ = ImGui::GetScrollX();

  const float ox = area_pos.x - scroll_x_;  // content x -> screen x
  const float oy = area_pos.y;              // area y -> screen y
  const std::vector<float> xs = layout_.LaneXs(model, area_w);
  const ImU32 lifeline = ToImU32(LifelineColor());
  for (LaneId id : model.LaneColumns()) {
    dl->AddLine(ImVec2(ox + xs[id], oy), ImVec2(ox + xs[id], oy + area_h),
                lifeline, 2.0f * scale);
  }

  nlohmann::json* out = ctx.report;
  nlohmann::json arrows = nlohmann::json::array();
  const std::vector<ArrowGeometry> rows = layout_.Visible(model, v);
  const float marker = 9 * scale;
  for (const ArrowGeometry& g : rows) {
    const float y = oy + g.y;
    const ImU32 col = ToImU32(g.style.color);
    const float thick = g.style.thickness * scale * 1.4f;
    if (g.item == ctx.selection.item) {
      dl->AddRectFilled(ImVec2(area_pos.x, oy + g.row_top),
                        ImVec2(area_pos.x + area_size.x, oy + g.row_bottom),
                        ToImU32(SelectionColor()));
    }
    float label_x;
    if (g.is_mark) {
      EndMarkerAt(dl, ImVec2(ox + g.x_from, y), 0, col, g.style.marker,
                  marker * 1.2f);
      label_x = ox + g.x_from + marker * 1.6f;
    } else {
      const float dir = g.x_to >= g.x_from ? 1.0f : -1.0f;
      const ImVec2 a(ox + g.x_from, y), b(ox + g.x_to - dir * 2, y);
      PatternLine(dl, a, b, col, g.style.pattern, thick);
      if (g.has_via) {
        dl->AddCircleFilled(ImVec2(ox + g.x_via, y), 3.5f * scale, col);
      }
      EndMarkerAt(dl, ImVec2(ox + g.x_to, y), dir, col, g.style.marker, marker);
      label_x = ox + std::min(g.x_from, g.x_to) + 10 * scale;
    }
    dl->AddText(ImVec2(label_x, y - ctx.fonts.ui->FontSize - 1), col,
                g.label.c_str());
    if (out != nullptr) {
      arrows.push_back({{"item", g.item},
                        {"kind", ItemKindName(g.kind)},
                        {"outcome", OutcomeName(g.outcome)},
                        {"x_from", ox + g.x_from},
                        {"x_to", ox + g.x_to},
                        {"y", y},
                        {"mark", g.is_mark},
                        {"label", g.label},
                        {"color", ToJson(g.style.color)}});
    }
  }

  // Hover and click.
  if (ImGui::IsWindowHovered()) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const auto hit = layout_.HitTest(model, v, mouse.x - ox, mouse.y - oy);
    if (hit) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(ItemSummary(model, *hit).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      ctx.selection.item = hit ? *hit : kNoItem;
    }
  }
  ImGui::EndChild();

  // Headers last, over the top strip, shifted with the horizontal scroll.
  ImDrawList* wdl = ImGui::GetWindowDrawList();
  const float gap =
      model.LaneColumns().size() > 1
          ? xs[model.LaneColumns()[1]] - xs[model.LaneColumns()[0]]
          : m.min_lane_gap;
  nlohmann::json lanes = nlohmann::json::array();
  wdl->PushClipRect(header_pos,
                    ImVec2(header_pos.x + header_w, header_pos.y + header_h),
                    true);
  for (LaneId id : model.LaneColumns()) {
    DrawHeader(wdl, ctx, model.lanes()[id], ox + xs[id], header_pos.y,
               header_h - 4 * scale, gap - 8 * scale,
               out != nullptr ? &lanes : nullptr);
    if (out != nullptr) {
      lanes.back()["lane"] = id;
      lanes.back()["content_x"] = xs[id];
    }
  }
  wdl->PopClipRect();
  if (out != nullptr) {
    (*out)["call_flow"] = {
        {"area",
         RectJson(area_pos, ImVec2(area_pos.x + area_w, area_pos.y + area_h))},
        {"area_width", area_w},
        {"scroll_x", scroll_x_},
        {"scroll_y", want},
        {"zoom", zoom_},
        {"revealed", v.revealed},
        {"following", ctx.follow.following()},
        {"metrics",
         {{"row_height", m.row_height},
          {"side_margin", m.side_margin},
          {"min_lane_gap", m.min_lane_gap},
          {"mark_half_width", m.mark_half_width}}},
        {"lifeline_color", ToJson(LifelineColor())},
        {"lanes", lanes},
        {"arrows", arrows}};
  }
  ImGui::End();
}

}  // namespace fakecri::gui
