// File: call_flow_layout.cc
#include "gui/model/call_flow_layout.h"

#include <algorithm>
#include <cmath>

#include "gui/model/item_text.h"

namespace fakecri::gui {
namespace {

float ClampZoom(float z) { return std::clamp(z, 0.25f, 4.0f); }

// Arrows are hit a few pixels beyond their ends.
constexpr float kHitSlack = 6.0f;

}  // namespace

std::vector<float> CallFlowLayout::LaneXs(const RunModel& model,
                                          float width) const {
  const std::vector<LaneId>& cols = model.LaneColumns();
  std::vector<float> xs(model.lanes().size(), 0.0f);
  const size_t n = cols.size();
  if (n == 1) {
    xs[cols[0]] = width / 2;
    return xs;
  }
  const float span = std::max(0.0f, width - 2 * m_.side_margin);
  const float gap = std::max(m_.min_lane_gap, span / static_cast<float>(n - 1));
  for (size_t i = 0; i < n; ++i) {
    xs[cols[i]] = m_.side_margin + gap * static_cast<float>(i);
  }
  return xs;
}

float CallFlowLayout::ContentWidth(const RunModel& model, float width) const {
  const std::vector<float> xs = LaneXs(model, width);
  const float right = *std::max_element(xs.begin(), xs.end());
  return std::max(width, right + m_.side_margin);
}

float CallFlowLayout::RowHeight(float zoom) const {
  return m_.row_height * ClampZoom(zoom);
}

double CallFlowLayout::ContentHeight(size_t rows, float zoom) const {
  return static_cast<double>(rows) * RowHeight(zoom);
}

float CallFlowLayout::RowY(size_t row, const Viewport& v) const {
  const double rh = RowHeight(v.zoom);
  return static_cast<float>(static_cast<double>(row) * rh + rh / 2 -
                            v.scroll_y);
}

std::pair<size_t, size_t> CallFlowLayout::VisibleRange(
    size_t rows, const Viewport& v) const {
  const double rh = RowHeight(v.zoom);
  const double top = std::max(0.0, v.scroll_y);
  const double bottom = v.scroll_y + std::max(0.0f, v.height);
  if (bottom <= 0) return {0, 0};
  const size_t first = std::min(rows, static_cast<size_t>(top / rh));
  const size_t last =
      std::min(rows, static_cast<size_t>(std::ceil(bottom / rh)));
  return {first, std::max(first, last)};
}

std::vector<ArrowGeometry> CallFlowLayout::Visible(const RunModel& model,
                                                   const Viewport& v) const {
  const size_t rows = std::min(v.revealed, model.items().size());
  const auto [first, last] = VisibleRange(rows, v);
  std::vector<ArrowGeometry> out;
  if (first == last) return out;
  const std::vector<float> xs = LaneXs(model, v.width);
  const float rh = RowHeight(v.zoom);
  out.reserve(last - first);
  for (size_t r = first; r < last; ++r) {
    const FlowItem& it = model.items()[r];
    ArrowGeometry g;
    g.item = static_cast<ItemId>(r);
    g.kind = it.kind;
    g.x_from = xs[it.from];
    g.x_to = xs[it.to];
    g.has_via = it.via != kNoLane;
    g.x_via = g.has_via ? xs[it.via] : g.x_from;
    g.is_mark = it.from == it.to;
    g.y = RowY(r, v);
    g.row_top = g.y - rh / 2;
    g.row_bottom = g.y + rh / 2;
    g.outcome = OutcomeOf(model, g.item);
    g.style = StyleFor(g.outcome);
    g.label = ItemLabel(model, g.item);
    out.push_back(std::move(g));
  }
  return out;
}

std::optional<ItemId> CallFlowLayout::HitTest(const RunModel& model,
                                              const Viewport& v, float x,
                                              float y) const {
  const size_t rows = std::min(v.revealed, model.items().size());
  const double content_y = static_cast<double>(y) + v.scroll_y;
  if (content_y < 0 || y < 0 || y >= v.height) return std::nullopt;
  const size_t r = static_cast<size_t>(content_y / RowHeight(v.zoom));
  if (r >= rows) return std::nullopt;
  const FlowItem& it = model.items()[r];
  const std::vector<float> xs = LaneXs(model, v.width);
  const float a = xs[it.from];
  const float b = xs[it.to];
  if (it.from == it.to) {
    if (std::abs(x - a) <= m_.mark_half_width) return static_cast<ItemId>(r);
    return std::nullopt;
  }
  if (x >= std::min(a, b) - kHitSlack && x <= std::max(a, b) + kHitSlack) {
    return static_cast<ItemId>(r);
  }
  return std::nullopt;
}

double CallFlowLayout::MaxScroll(const Viewport& v) const {
  const size_t rows = v.revealed;
  return std::max(0.0, ContentHeight(rows, v.zoom) - v.height);
}

double CallFlowLayout::FollowScroll(const Viewport& v) const {
  return MaxScroll(v);
}

double CallFlowLayout::ScrollToShow(size_t row, const Viewport& v) const {
  const double rh = RowHeight(v.zoom);
  const double want = static_cast<double>(row) * rh + rh / 2 - v.height / 2;
  return std::clamp(want, 0.0, MaxScroll(v));
}

void FollowState::OnUserScroll(double new_scroll, double max_scroll) {
  // At the bottom (within a pixel): follow again; anywhere else: the user
  // is reading back.
  following_ = new_scroll >= max_scroll - 1.0;
}

}  // namespace fakecri::gui
