// File: call_flow_panel.cc
#include "gui/panels/call_flow_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gui/model/item_text.h"
#include "gui/panels/draw_util.h"

namespace fakecri::gui {
namespace {

// Words of `text` in lines no wider than `max_w` (at most `max_lines`;
// the last one cut with "..." when the rest does not fit).
std::vector<std::string> WrapWords(ImFont* font, const std::string& text,
                                   float max_w, int max_lines) {
  auto width = [&](const std::string& s) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x;
  };
  std::vector<std::string> lines;
  std::string line;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string word = text.substr(i, j - i);
    const std::string tried = line.empty() ? word : line + " " + word;
    if (!line.empty() && width(tried) > max_w) {
      lines.push_back(line);
      line = word;
    } else {
      line = tried;
    }
    i = j + 1;
  }
  if (!line.empty()) lines.push_back(line);
  if (static_cast<int>(lines.size()) > max_lines) {
    lines.resize(max_lines);
    lines.back() += "...";
  }
  for (std::string& l : lines) {
    while (l.size() > 4 && width(l) > max_w) l.erase(l.size() - 4, 1);
  }
  return lines;
}

struct HeaderText {
  std::vector<std::string> title, subtitle;
};

HeaderText HeaderTextOf(const ViewContext& ctx, const Lane& lane, float max_w) {
  const std::string title =
      lane.kind == LaneKind::kClient
          ? (ctx.model.has_kubelet() ? "kubelet" : lane.title)
          : lane.title;
  return {WrapWords(ctx.fonts.heading, title, max_w, 2),
          WrapWords(ctx.fonts.small, lane.subtitle, max_w, 2)};
}

float HeaderHeight(const ViewContext& ctx, const HeaderText& t) {
  return t.title.size() * ctx.fonts.heading->FontSize +
         t.subtitle.size() * ctx.fonts.small->FontSize;
}

float TextWidth(ImFont* f, const std::string& s) {
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str()).x;
}

// A lane header: title (bold) over subtitle, in a box centred on the
// lifeline, as wide as its text (at most the gap to the next lane).
void DrawHeader(ImDrawList* dl, const ViewContext& ctx, const HeaderText& t,
                float lane_x, float top, float height, float left,
                nlohmann::json* out) {
  const float pad = 8 * ctx.fonts.scale;
  float text_w = 0;
  for (const auto& l : t.title) {
    text_w = std::max(text_w, TextWidth(ctx.fonts.heading, l));
  }
  for (const auto& l : t.subtitle) {
    text_w = std::max(text_w, TextWidth(ctx.fonts.small, l));
  }
  const float w = text_w + 2 * pad;
  // Centred on the lifeline, but never cut by the panel's left edge.
  const float x = std::max(lane_x, left + w / 2 + 2);
  const ImVec2 a(x - w / 2, top), b(x + w / 2, top + height);
  dl->AddRectFilled(a, b, ToImU32(LaneHeaderColor()), 4 * ctx.fonts.scale);
  dl->AddRect(a, b, ToImU32(LifelineColor()), 4 * ctx.fonts.scale, 0,
              1.5f * ctx.fonts.scale);
  float y = top + pad * 0.6f;
  for (const auto& l : t.title) {
    dl->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize,
                ImVec2(x - TextWidth(ctx.fonts.heading, l) / 2, y),
                IM_COL32_WHITE, l.c_str());
    y += ctx.fonts.heading->FontSize;
  }
  for (const auto& l : t.subtitle) {
    dl->AddText(ctx.fonts.small, ctx.fonts.small->FontSize,
                ImVec2(x - TextWidth(ctx.fonts.small, l) / 2, y),
                IM_COL32(225, 225, 230, 255), l.c_str());
    y += ctx.fonts.small->FontSize;
  }
  if (out != nullptr) {
    std::string title;
    for (const auto& l : t.title) title += (title.empty() ? "" : " ") + l;
    out->push_back({{"title", title},
                    {"x", lane_x},
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
  m.side_margin = 75 * scale;
  m.min_lane_gap = 140 * scale;
  m.mark_half_width = 40 * scale;
  layout_ = CallFlowLayout(m);

  // Lane headers stay put while the rows scroll under them; their text
  // wraps to fit between two lifelines.
  const float header_w = ImGui::GetContentRegionAvail().x;
  const auto& cols = model.LaneColumns();
  std::vector<HeaderText> texts;
  float text_h = 0;
  {
    const std::vector<float> hx = layout_.LaneXs(model, header_w);
    const float gap =
        cols.size() > 1 ? hx[cols[1]] - hx[cols[0]] : m.min_lane_gap;
    for (LaneId id : cols) {
      texts.push_back(HeaderTextOf(ctx, model.lanes()[id], gap - 24 * scale));
      text_h = std::max(text_h, HeaderHeight(ctx, texts.back()));
    }
  }
  const float header_h = text_h + 14 * scale;
  const ImVec2 header_pos = ImGui::GetCursorScreenPos();
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
  nlohmann::json lanes = nlohmann::json::array();
  wdl->PushClipRect(header_pos,
                    ImVec2(header_pos.x + header_w, header_pos.y + header_h),
                    true);
  for (size_t i = 0; i < cols.size(); ++i) {
    const LaneId id = cols[i];
    DrawHeader(wdl, ctx, texts[i], ox + xs[id], header_pos.y,
               header_h - 4 * scale, header_pos.x,
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
