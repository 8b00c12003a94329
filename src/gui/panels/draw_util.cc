// File: draw_util.cc
#include "gui/panels/draw_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fakecri::gui {

std::string ShortOffset(int64_t t, int64_t origin) {
  const double s = static_cast<double>(t - origin) / 1e9;
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "+%.1fs", s);
  } else {
    const int64_t whole = static_cast<int64_t>(s);
    std::snprintf(buf, sizeof buf, "+%lldm%02llds",
                  static_cast<long long>(whole / 60),
                  static_cast<long long>(whole % 60));
  }
  return buf;
}

void PatternLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col,
                 LinePattern pattern, float thickness) {
  if (pattern == LinePattern::kSolid) {
    dl->AddLine(a, b, col, thickness);
    return;
  }
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float on =
      pattern == LinePattern::kDashed ? 4 * thickness + 6 : thickness + 1;
  const float off =
      pattern == LinePattern::kDashed ? 2 * thickness + 4 : 2 * thickness + 3;
  for (float t = 0; t < len; t += on + off) {
    const float e = std::min(len, t + on);
    dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len),
                ImVec2(a.x + dx * e / len, a.y + dy * e / len), col, thickness);
  }
}

void EndMarkerAt(ImDrawList* dl, ImVec2 tip, float dir, ImU32 col,
                 EndMarker marker, float size) {
  const float s = size;
  const float d = dir == 0 ? 1 : dir;
  switch (marker) {
    case EndMarker::kArrowHead:
      dl->AddTriangleFilled(tip, ImVec2(tip.x - d * s, tip.y - s * 0.55f),
                            ImVec2(tip.x - d * s, tip.y + s * 0.55f), col);
      break;
    case EndMarker::kOpenHead:
      dl->AddLine(tip, ImVec2(tip.x - d * s, tip.y - s * 0.6f), col, 2);
      dl->AddLine(tip, ImVec2(tip.x - d * s, tip.y + s * 0.6f), col, 2);
      break;
    case EndMarker::kCross: {
      const float h = s * 0.6f;
      const ImVec2 c(tip.x - d * h, tip.y);
      dl->AddLine(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), col, 3);
      dl->AddLine(ImVec2(c.x - h, c.y + h), ImVec2(c.x + h, c.y - h), col, 3);
      break;
    }
    case EndMarker::kBolt: {
      // A zig-zag bolt inside a diamond outline.
      const float h = s * 0.75f;
      const ImVec2 c(dir == 0 ? tip.x : tip.x - d * h, tip.y);
      dl->AddQuad(ImVec2(c.x, c.y - h), ImVec2(c.x + h, c.y),
                  ImVec2(c.x, c.y + h), ImVec2(c.x - h, c.y), col, 2);
      const ImVec2 pts[] = {ImVec2(c.x + h * 0.25f, c.y - h * 0.7f),
                            ImVec2(c.x - h * 0.25f, c.y + h * 0.05f),
                            ImVec2(c.x + h * 0.25f, c.y - h * 0.05f),
                            ImVec2(c.x - h * 0.25f, c.y + h * 0.7f)};
      dl->AddPolyline(pts, 4, col, ImDrawFlags_None, 2.5f);
      break;
    }
    case EndMarker::kDiamond: {
      const float h = s * 0.7f;
      dl->AddQuadFilled(ImVec2(tip.x, tip.y - h), ImVec2(tip.x + h, tip.y),
                        ImVec2(tip.x, tip.y + h), ImVec2(tip.x - h, tip.y),
                        col);
      break;
    }
    case EndMarker::kDots:
      for (int i = 0; i < 3; ++i) {
        dl->AddCircleFilled(ImVec2(tip.x - d * (4 + i * s * 0.45f), tip.y),
                            s * 0.15f + 1, col);
      }
      break;
  }
}

}  // namespace fakecri::gui
