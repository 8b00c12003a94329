// File: draw_util.h
// Small drawing helpers shared by the panels: the palette's colours as
// ImGui colours, dashed and dotted lines, and the arrows' end markers.
#ifndef FAKECRI_GUI_PANELS_DRAW_UTIL_H_
#define FAKECRI_GUI_PANELS_DRAW_UTIL_H_

#include <imgui.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "gui/model/palette.h"

namespace fakecri::gui {

inline ImU32 ToImU32(Rgba c) { return c.Packed(); }
inline ImVec4 ToImVec4(Rgba c) {
  return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}
inline nlohmann::json ToJson(Rgba c) { return {c.r, c.g, c.b}; }
inline nlohmann::json RectJson(ImVec2 min, ImVec2 max) {
  return {
      {"x", min.x}, {"y", min.y}, {"w", max.x - min.x}, {"h", max.y - min.y}};
}

// Run time for a class: "+12.5s", "+2m05s" (from the run's start).
std::string ShortOffset(int64_t t, int64_t origin);

// A horizontal or sloped line in the pattern's dashes.
void PatternLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col,
                 LinePattern pattern, float thickness);
// The marker at `tip`, for an arrow arriving from direction `dir` (+1:
// left to right, -1: right to left; 0: a mark on a lane).
void EndMarkerAt(ImDrawList* dl, ImVec2 tip, float dir, ImU32 col,
                 EndMarker marker, float size);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_DRAW_UTIL_H_
