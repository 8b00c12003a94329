// File: call_flow_layout_test.cc
#include "gui/model/call_flow_layout.h"

#include <gtest/gtest.h>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using testing::Id;
using testing::PodStart;
using testing::Script;

RunModel ModelWithCalls(int n) {
  Script s;
  for (int i = 1; i <= n; ++i) {
    s.RpcIn(static_cast<uint64_t>(i), "ContainerStatus", Id('a'));
    s.RpcOut(static_cast<uint64_t>(i), "ContainerStatus");
  }
  RunModel m;
  s.FeedTo(m);
  return m;
}

TEST(CallFlowLayout, LanesAreSpreadEvenlyInColumnOrder) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  const std::vector<float> xs = layout.LaneXs(m, 1050);
  // client, CRI server, manager, runc, processes: 4 gaps over 950 px.
  ASSERT_EQ(xs.size(), 5u);
  EXPECT_FLOAT_EQ(xs[m.client_lane()], 50);
  EXPECT_FLOAT_EQ(xs[m.cri_server_lane()], 287.5f);
  EXPECT_FLOAT_EQ(xs[m.manager_lane()], 525);
  EXPECT_FLOAT_EQ(xs[m.OciLane("runc")], 762.5f);
  EXPECT_FLOAT_EQ(xs[m.processes_lane()], 1000);
  EXPECT_FLOAT_EQ(layout.ContentWidth(m, 1050), 1050);
}

TEST(CallFlowLayout, LanesNeverCloserThanTheMinimumGap) {
  RunModel m;  // three lanes
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 10,
                         .min_lane_gap = 100,
                         .mark_half_width = 30});
  const std::vector<float> xs = layout.LaneXs(m, 120);
  EXPECT_FLOAT_EQ(xs[1] - xs[0], 100);
  EXPECT_FLOAT_EQ(xs[2] - xs[1], 100);
  EXPECT_FLOAT_EQ(layout.ContentWidth(m, 120), 220);  // wider than the view
}

TEST(CallFlowLayout, OnlyVisibleArrowsAreLaidOut) {
  RunModel m = ModelWithCalls(50'000);  // 100,000 rows
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  Viewport v;
  v.width = 1000;
  v.height = 400;
  v.scroll_y = 20 * 70'000 + 5;  // row 70,000 is at the top, cut by 5 px
  v.revealed = m.items().size();
  const std::vector<ArrowGeometry> arrows = layout.Visible(m, v);
  // 400 px of 20 px rows, the first and last partly visible: 21 rows.
  ASSERT_EQ(arrows.size(), 21u);
  EXPECT_EQ(arrows.front().item, 70'000u);
  EXPECT_EQ(arrows.back().item, 70'020u);
  EXPECT_FLOAT_EQ(arrows.front().y, 5.0f);  // centre 10 px down, 5 scrolled
  for (size_t i = 1; i < arrows.size(); ++i) {
    EXPECT_FLOAT_EQ(arrows[i].y - arrows[i - 1].y, 20);
  }
}

TEST(CallFlowLayout, UnrevealedRowsAreNotLaidOut) {
  RunModel m = ModelWithCalls(10);
  CallFlowLayout layout;
  Viewport v;
  v.revealed = 3;
  const std::vector<ArrowGeometry> arrows = layout.Visible(m, v);
  EXPECT_EQ(arrows.size(), 3u);
  EXPECT_FALSE(layout.HitTest(m, v, 300, layout.RowY(5, v)).has_value());
}

TEST(CallFlowLayout, ArrowsCarryTheirLanesLabelAndStyle) {
  Script s;
  s.RpcIn(1, "PullImage", "nginx");
  s.RpcOut(1, "PullImage", 5, 1'500'000, "not found");
  RunModel m;
  s.FeedTo(m);
  CallFlowLayout layout;
  Viewport v;
  v.revealed = 2;
  const auto arrows = layout.Visible(m, v);
  ASSERT_EQ(arrows.size(), 2u);
  const std::vector<float> xs = layout.LaneXs(m, v.width);
  EXPECT_EQ(arrows[0].label, "PullImage");
  EXPECT_FLOAT_EQ(arrows[0].x_from, xs[m.client_lane()]);
  EXPECT_TRUE(arrows[0].has_via);
  EXPECT_FLOAT_EQ(arrows[0].x_via, xs[m.cri_server_lane()]);
  EXPECT_FLOAT_EQ(arrows[0].x_to, xs[m.manager_lane()]);
  EXPECT_EQ(arrows[1].label, "NOT_FOUND 1.5 ms");
  EXPECT_EQ(arrows[1].outcome, Outcome::kError);
  EXPECT_EQ(arrows[1].style.color, StyleFor(Outcome::kError).color);
}

TEST(CallFlowLayout, ZoomScalesTheRows) {
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  EXPECT_FLOAT_EQ(layout.RowHeight(2), 40);
  EXPECT_FLOAT_EQ(layout.RowHeight(100), 80);  // clamped to 4x
  EXPECT_DOUBLE_EQ(layout.ContentHeight(10, 0.5f), 100);
  RunModel m = ModelWithCalls(100);
  Viewport v;
  v.height = 400;
  v.zoom = 2;
  v.revealed = m.items().size();
  EXPECT_EQ(layout.Visible(m, v).size(), 10u);
}

TEST(CallFlowLayout, HitTestFindsTheArrowUnderThePoint) {
  RunModel m = ModelWithCalls(10);
  CallFlowLayout layout;
  Viewport v;
  v.revealed = m.items().size();
  v.scroll_y = 48;  // two rows scrolled away
  const std::vector<float> xs = layout.LaneXs(m, v.width);
  const float mid = (xs[m.client_lane()] + xs[m.manager_lane()]) / 2;
  auto hit = layout.HitTest(m, v, mid, 1);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, 2u);
  EXPECT_EQ(layout.HitTest(m, v, mid, layout.RowY(5, v)), 5u);
  // Right of the manager lane, where no arrow of these calls goes.
  EXPECT_FALSE(layout.HitTest(m, v, xs[m.manager_lane()] + 50, 1));
  EXPECT_FALSE(layout.HitTest(m, v, mid, -1));
}

TEST(CallFlowLayout, HitTestFindsAMarkNearItsLaneOnly) {
  Script s;
  s.Kubelet("backoff", "crasher/app", "Back-off 10s");
  RunModel m;
  s.FeedTo(m);
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  Viewport v;
  v.revealed = 1;
  const float x = layout.LaneXs(m, v.width)[m.client_lane()];
  EXPECT_TRUE(layout.HitTest(m, v, x + 29, 10).has_value());
  EXPECT_FALSE(layout.HitTest(m, v, x + 31, 10).has_value());
}

TEST(CallFlowLayout, FollowScrollShowsTheNewestRowAtTheBottom) {
  RunModel m = ModelWithCalls(100);
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  Viewport v;
  v.height = 300;
  v.revealed = 50;
  v.scroll_y = layout.FollowScroll(v);
  EXPECT_DOUBLE_EQ(v.scroll_y, 50 * 20 - 300);
  const auto arrows = layout.Visible(m, v);
  EXPECT_EQ(arrows.back().item, 49u);
  EXPECT_FLOAT_EQ(arrows.back().row_bottom, 300);
  v.revealed = 5;  // everything fits
  EXPECT_DOUBLE_EQ(layout.FollowScroll(v), 0);
}

TEST(CallFlowLayout, ScrollToShowCentresTheRow) {
  RunModel m = ModelWithCalls(100);
  CallFlowLayout layout({.row_height = 20,
                         .side_margin = 50,
                         .min_lane_gap = 10,
                         .mark_half_width = 30});
  Viewport v;
  v.height = 200;
  v.revealed = m.items().size();
  v.scroll_y = layout.ScrollToShow(100, v);
  EXPECT_FLOAT_EQ(layout.RowY(100, v), 100);
  EXPECT_DOUBLE_EQ(layout.ScrollToShow(0, v), 0);  // never above the top
  EXPECT_DOUBLE_EQ(layout.ScrollToShow(199, v), layout.MaxScroll(v));
}

TEST(FollowState, ScrollingUpStopsFollowingAndTheBottomResumesIt) {
  FollowState f;
  EXPECT_TRUE(f.following());
  EXPECT_DOUBLE_EQ(f.Scroll(10, 500), 500);
  f.OnUserScroll(300, 500);
  EXPECT_FALSE(f.following());
  EXPECT_DOUBLE_EQ(f.Scroll(300, 520), 300);
  f.OnUserScroll(500, 500);
  EXPECT_TRUE(f.following());
  f.SetFollowing(false);
  f.SetFollowing(true);  // the f key
  EXPECT_TRUE(f.following());
}

}  // namespace
}  // namespace fakecri::gui
