// File: playback_test.cc
#include "gui/model/playback.h"

#include <gtest/gtest.h>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using testing::Id;
using testing::PodStart;
using testing::Script;

constexpr DurationNs kMs = 1'000'000;

RunModel Calls(int n, DurationNs apart = 0) {
  Script s;
  for (int i = 1; i <= n; ++i) {
    s.RpcIn(static_cast<uint64_t>(i), "ContainerStatus", Id('a'));
    s.RpcOut(static_cast<uint64_t>(i), "ContainerStatus");
    s.Advance(apart);
  }
  RunModel m;
  s.FeedTo(m);
  return m;
}

Playback::Options Paced(DurationNs dwell = 100 * kMs) {
  Playback::Options o;
  o.row_dwell = dwell;
  o.max_gap = 1000 * kMs;
  return o;
}

TEST(Playback, PacedRevealsOneRowPerDwell) {
  RunModel m = Calls(5);
  Playback p(Paced());
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 1u);  // the first row at once
  p.Tick(m, 99 * kMs);
  EXPECT_EQ(p.revealed(), 1u);
  p.Tick(m, 1 * kMs);
  EXPECT_EQ(p.revealed(), 2u);
  p.Tick(m, 250 * kMs);
  EXPECT_EQ(p.revealed(), 4u);
  p.Tick(m, 10'000 * kMs);
  EXPECT_EQ(p.revealed(), 10u);
  EXPECT_TRUE(p.CaughtUp(m));
}

TEST(Playback, SpeedScalesThePace) {
  RunModel m = Calls(50);
  Playback p(Paced());
  p.SetSpeed(10);
  p.Tick(m, 0);
  p.Tick(m, 100 * kMs);  // ten rows' worth at 10x
  EXPECT_EQ(p.revealed(), 11u);
}

TEST(Playback, SpeedIsClampedToTheRange) {
  Playback p;
  p.SetSpeed(1000);
  EXPECT_DOUBLE_EQ(p.speed(), Playback::kMaxSpeed);
  p.SetSpeed(0.001);
  EXPECT_DOUBLE_EQ(p.speed(), Playback::kMinSpeed);
  p.SetSpeed(-1);
  EXPECT_DOUBLE_EQ(p.speed(), Playback::kMinSpeed);
  p.SetSpeed(std::nan(""));
  EXPECT_DOUBLE_EQ(p.speed(), Playback::kMinSpeed);
}

TEST(Playback, RunTimeBetweenRowsAddsToTheDwellUpToTheCap) {
  RunModel m = Calls(3, 5000 * kMs);  // 5 s apart, capped at 1 s
  Playback p(Paced());
  p.Tick(m, 0);
  p.Tick(m, 100 * kMs);  // row 0 -> 1: same instant
  EXPECT_EQ(p.revealed(), 2u);
  p.Tick(m, 1099 * kMs);  // row 1 -> 2: 100 ms + min(5 s, 1 s)
  EXPECT_EQ(p.revealed(), 2u);
  p.Tick(m, 1 * kMs);
  EXPECT_EQ(p.revealed(), 3u);
}

TEST(Playback, PausedRevealsNothing) {
  RunModel m = Calls(5);
  Playback p(Paced());
  p.Pause();
  p.Tick(m, 10'000 * kMs);
  EXPECT_EQ(p.revealed(), 0u);
  EXPECT_FALSE(p.WantsMoreEvents(m));
  p.TogglePlay();
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 1u);
}

TEST(Playback, StepRevealsOneCallWithItsHops) {
  Script s;
  s.Kubelet("pod", "web", "Pod web added");
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  Playback p(Paced());
  p.Step(m);
  EXPECT_FALSE(p.playing());
  // kubelet mark, RunPodSandbox request, runc create, runc start, reply.
  EXPECT_EQ(p.revealed(), 5u);
  EXPECT_EQ(m.items()[p.revealed()].kind, ItemKind::kRequest);
  EXPECT_FALSE(p.StepPending());
  p.Tick(m, 10'000 * kMs);  // paused: time alone reveals nothing
  EXPECT_EQ(p.revealed(), 5u);
  p.Step(m);  // CreateContainer: request and reply
  EXPECT_EQ(p.revealed(), 7u);
}

TEST(Playback, StepWaitsForACallThatHasNotArrived) {
  Script s;
  s.RpcIn(1, "Version");
  s.RpcOut(1, "Version");
  RunModel m;
  m.Ingest(s.events()[0]);
  Playback p(Paced());
  p.Step(m);
  EXPECT_EQ(p.revealed(), 1u);
  EXPECT_TRUE(p.StepPending());  // its reply may still come
  EXPECT_TRUE(p.WantsMoreEvents(m));
  m.Ingest(s.events()[1]);
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 2u);
  m.Ingest(s.RpcIn(2, "Status"));
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 2u);  // the next call waits for the next step
  EXPECT_FALSE(p.StepPending());
  EXPECT_FALSE(p.WantsMoreEvents(m));
}

TEST(Playback, LiveRevealsEverythingAtOnce) {
  RunModel m = Calls(100);
  Playback::Options o;
  o.mode = Playback::Mode::kLive;
  Playback p(o);
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 200u);
  p.Pause();
  RunModel m2 = Calls(150);
  p.Tick(m2, 0);
  EXPECT_EQ(p.revealed(), 200u);  // paused: frozen
}

TEST(Playback, CaughtUpDoesNotBurstWhenRecordsArrive) {
  Script s;
  for (uint64_t i = 1; i <= 10; ++i) {
    s.RpcIn(i, "Version");
    s.RpcOut(i, "Version");
  }
  RunModel m;
  m.Ingest(s.events()[0]);
  Playback p(Paced());
  p.Tick(m, 0);
  p.Tick(m, 60'000 * kMs);  // a minute with nothing new
  for (size_t i = 1; i < s.events().size(); ++i) m.Ingest(s.events()[i]);
  p.Tick(m, 0);
  EXPECT_EQ(p.revealed(), 2u);  // one at once, not all nineteen
}

TEST(Playback, ScrubToTimeShowsTheRunAsItWas) {
  RunModel m = Calls(10, 10 * kMs);
  Playback p(Paced());
  p.ScrubToTime(m, testing::kT0 + 25 * kMs);  // calls at 0, 10, 20 ms
  EXPECT_EQ(p.revealed(), 6u);
  EXPECT_EQ(p.cursor_time(m), testing::kT0 + 20 * kMs);
  EXPECT_EQ(p.cursor_seq(m), 6u);
  p.ScrubToRow(m, 1000);
  EXPECT_EQ(p.revealed(), 20u);
  EXPECT_EQ(p.cursor_seq(m), m.last_seq());
  p.ScrubToRow(m, 0);
  EXPECT_EQ(p.cursor_seq(m), 0u);
  EXPECT_EQ(p.cursor_time(m), m.first_time());
}

TEST(Playback, CursorIncludesTrailingRecordsOnceCaughtUp) {
  Script s;
  PodStart(s);
  s.Oci(30, 0, "runc.exit", Id('b'), "task exited, status 0");
  s.Transition(0, "container", Id('b'),
               "CONTAINER_RUNNING -> CONTAINER_EXITED (exit code 0)");
  RunModel m;
  s.FeedTo(m);
  Playback p(Paced());
  p.RevealAll(m);
  // The exit transition is after the last row; caught up, it is shown.
  EXPECT_EQ(m.objects().Find(Id('b'))->StateAtSeq(p.cursor_seq(m)),
            "CONTAINER_EXITED");
}

TEST(Playback, WantsMoreEventsOnlyWhenCaughtUpAndPlaying) {
  RunModel m = Calls(2);
  Playback p(Paced());
  p.Tick(m, 0);
  EXPECT_FALSE(p.WantsMoreEvents(m));  // three rows still to show
  p.Tick(m, 1000 * kMs);
  EXPECT_TRUE(p.WantsMoreEvents(m));
  p.Pause();
  EXPECT_FALSE(p.WantsMoreEvents(m));
}

}  // namespace
}  // namespace fakecri::gui
