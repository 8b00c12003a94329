// File: palette_test.cc
#include "gui/model/palette.h"

#include <gtest/gtest.h>

#include <cmath>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using testing::Script;

constexpr Outcome kAll[] = {Outcome::kOk,     Outcome::kError,
                            Outcome::kFault,  Outcome::kKubelet,
                            Outcome::kStream, Outcome::kPending};

// WCAG relative luminance.
double Luminance(Rgba c) {
  auto lin = [](uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

TEST(Palette, NoTwoOutcomesDifferByColourAlone) {
  for (Outcome a : kAll) {
    for (Outcome b : kAll) {
      if (a == b) continue;
      const ArrowStyle sa = StyleFor(a);
      const ArrowStyle sb = StyleFor(b);
      EXPECT_NE(sa.color, sb.color) << OutcomeName(a) << " " << OutcomeName(b);
      EXPECT_TRUE(sa.marker != sb.marker || sa.pattern != sb.pattern)
          << OutcomeName(a) << " and " << OutcomeName(b)
          << " differ only by colour";
    }
  }
}

TEST(Palette, ErrorAndOkDifferInLightnessNotOnlyInHue) {
  // Red-green colour blindness keeps lightness: the error colour must be
  // clearly darker or lighter than the OK colour (contrast ratio).
  const double ok = Luminance(StyleFor(Outcome::kOk).color);
  const double err = Luminance(StyleFor(Outcome::kError).color);
  const double ratio = (std::max(ok, err) + 0.05) / (std::min(ok, err) + 0.05);
  EXPECT_GE(ratio, 1.5);
  EXPECT_GT(StyleFor(Outcome::kError).thickness,
            StyleFor(Outcome::kOk).thickness);
}

TEST(Palette, EveryOutcomeIsReadableOnTheDarkBackground) {
  const double bg = Luminance(Rgba{15, 15, 15, 255});  // ImGui dark theme
  for (Outcome o : kAll) {
    const double l = Luminance(StyleFor(o).color);
    EXPECT_GE((l + 0.05) / (bg + 0.05), 3.0) << OutcomeName(o);
  }
}

TEST(Palette, PackedIsImGuiByteOrder) {
  EXPECT_EQ((Rgba{0x11, 0x22, 0x33, 0x44}.Packed()), 0x44332211u);
}

TEST(Palette, OutcomeFollowsWhatHappened) {
  Script s;
  s.RpcIn(1, "Version");
  s.RpcOut(1, "Version");
  s.RpcIn(2, "ContainerStatus");
  s.RpcOut(2, "ContainerStatus", 5);
  s.RpcIn(3, "PullImage", "nginx");
  s.Fault("f",
          "fault f fired on cri PullImage (image nginx): error "
          "UNAVAILABLE",
          14);
  s.RpcOut(3, "PullImage", 14);
  s.RpcIn(4, "GetContainerEvents");
  s.Kubelet("backoff", "a/b", "Back-off");
  s.RpcIn(5, "Status");
  s.Oci(6, 5, "runc.start", testing::Id('a'), "no such task", 5);
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(OutcomeOf(m, 0), Outcome::kOk);      // Version request
  EXPECT_EQ(OutcomeOf(m, 1), Outcome::kOk);      // OK reply
  EXPECT_EQ(OutcomeOf(m, 3), Outcome::kError);   // NOT_FOUND reply
  EXPECT_EQ(OutcomeOf(m, 4), Outcome::kFault);   // faulted request
  EXPECT_EQ(OutcomeOf(m, 5), Outcome::kFault);   // the fault mark
  EXPECT_EQ(OutcomeOf(m, 6), Outcome::kFault);   // faulted reply
  EXPECT_EQ(OutcomeOf(m, 7), Outcome::kStream);  // GetContainerEvents
  EXPECT_EQ(OutcomeOf(m, 8), Outcome::kKubelet);
  EXPECT_EQ(OutcomeOf(m, 9), Outcome::kPending);  // Status, unanswered
  EXPECT_EQ(OutcomeOf(m, 10), Outcome::kError);   // failed OCI hop
}

}  // namespace
}  // namespace fakecri::gui
