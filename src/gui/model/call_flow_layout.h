// File: call_flow_layout.h
// Geometry of the call-flow diagram, without a window: where each lane's
// lifeline is for a viewport width, where each row is, which rows a
// viewport shows (only those are laid out: O(visible rows), so 100,000
// calls cost nothing while off screen), what is under the mouse, and the
// scroll position that follows the newest call.
//
// Coordinates are pixels relative to the diagram's scrolling area: x from
// its left edge, y from its top edge (the lane headers are drawn by the
// panel above that area, at LaneXs()). Row r spans
// [r * row_height * zoom, (r + 1) * row_height * zoom) in content space.
#ifndef FAKECRI_GUI_MODEL_CALL_FLOW_LAYOUT_H_
#define FAKECRI_GUI_MODEL_CALL_FLOW_LAYOUT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/palette.h"
#include "gui/model/run_model.h"

namespace fakecri::gui {

struct Viewport {
  float width = 1200;   // px of the scrolling area
  float height = 600;   // px
  double scroll_y = 0;  // px of content above the area's top edge
  float zoom = 1.0f;    // row height multiplier (clamped to 0.25 .. 4)
  // Rows that exist for the viewer: the playback's revealed count
  // (rows beyond it are not shown, laid out nor hit).
  size_t revealed = 0;
};

// One row laid out for drawing.
struct ArrowGeometry {
  ItemId item = kNoItem;
  ItemKind kind = ItemKind::kRequest;
  float x_from = 0, x_via = 0, x_to = 0;  // x_via == x_from when no via
  bool has_via = false;
  bool is_mark = false;  // a mark on one lane (x_from == x_to)
  float y = 0;           // the row's centre line
  float row_top = 0, row_bottom = 0;
  Outcome outcome = Outcome::kOk;
  ArrowStyle style;
  std::string label;  // ItemLabel()
};

class CallFlowLayout {
 public:
  struct Metrics {
    float row_height = 24;    // px at zoom 1 (scaled with the font by the app)
    float side_margin = 70;   // px left of the first and right of the last lane
    float min_lane_gap = 90;  // lanes never closer than this
    float mark_half_width = 40;  // a mark's hit box half-width
  };

  CallFlowLayout() = default;
  explicit CallFlowLayout(Metrics m) : m_(m) {}
  const Metrics& metrics() const { return m_; }

  // x of every lane's lifeline, indexed by LaneId: columns spread evenly
  // over the width between the margins (never closer than min_lane_gap:
  // then the diagram is wider than the viewport).
  std::vector<float> LaneXs(const RunModel& model, float width) const;
  // Width the lanes need (>= width).
  float ContentWidth(const RunModel& model, float width) const;

  float RowHeight(float zoom) const;
  double ContentHeight(size_t rows, float zoom) const;
  // The row's centre line in area coordinates.
  float RowY(size_t row, const Viewport& v) const;

  // Visible rows among the first `v.revealed`, laid out, top to bottom.
  // O(log n + visible): rows are uniform, so the range is computed.
  std::vector<ArrowGeometry> Visible(const RunModel& model,
                                     const Viewport& v) const;
  // [first, last) rows a viewport shows.
  std::pair<size_t, size_t> VisibleRange(size_t rows, const Viewport& v) const;

  // The row under (x, y) (area coordinates): an arrow when the point is
  // in its row and between its ends (plus a few px), a mark within
  // mark_half_width of its lane. nullopt when nothing is there.
  std::optional<ItemId> HitTest(const RunModel& model, const Viewport& v,
                                float x, float y) const;

  // The scroll position that puts the newest revealed row at the bottom
  // of the area (0 when everything fits).
  double FollowScroll(const Viewport& v) const;
  // The largest meaningful scroll position.
  double MaxScroll(const Viewport& v) const;
  // A scroll position that shows `row` near the middle of the area.
  double ScrollToShow(size_t row, const Viewport& v) const;

 private:
  Metrics m_;
};

// "Follow the newest call unless the user scrolls back": following
// stops when the user scrolls up, starts again when they scroll to the
// bottom or press f (SetFollowing(true)).
class FollowState {
 public:
  bool following() const { return following_; }
  void SetFollowing(bool on) { following_ = on; }
  // The user moved the scroll position (wheel, scrollbar, drag).
  void OnUserScroll(double new_scroll, double max_scroll);
  // The scroll position to use this frame.
  double Scroll(double current_scroll, double follow_scroll) const {
    return following_ ? follow_scroll : current_scroll;
  }

 private:
  bool following_ = true;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_CALL_FLOW_LAYOUT_H_
