// Run-time control of the clocks: pause, resume, advance and speed, as
// `fakecri ctl clock` and the GUI use them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "testing/status_matchers.h"

namespace fakecri::runtime {
namespace {

using ::fakecri::testing::StatusIs;

void SleepMs(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

TEST(RealClockControl, PauseFreezesNowAndResumeContinuesWithoutAJump) {
  auto clock = NewRealClock();
  absl::Status st = clock->Pause();
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_TRUE(clock->Paused());
  const TimeNs frozen = clock->Now();
  SleepMs(200);
  EXPECT_EQ(clock->Now(), frozen);
  st = clock->Resume();
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_FALSE(clock->Paused());
  const TimeNs after = clock->Now();
  EXPECT_GE(after, frozen);
  // The 200 ms spent paused did not pass on the clock.
  EXPECT_LT(after - frozen, 150 * kMillisecond);
}

TEST(RealClockControl, PausedClockHoldsItsTimersUntilResumed) {
  auto clock = NewRealClock();
  ASSERT_TRUE(clock->Pause().ok());
  std::atomic<bool> fired = false;
  clock->ScheduleAfter(10 * kMillisecond, [&] { fired = true; });
  SleepMs(80);
  EXPECT_FALSE(fired);
  ASSERT_TRUE(clock->Resume().ok());
  for (int i = 0; i < 500 && !fired; ++i) SleepMs(2);
  EXPECT_TRUE(fired);
}

TEST(RealClockControl, AdvanceJumpsAndFiresDueTimersBeforeReturning) {
  auto clock = NewRealClock();
  ASSERT_TRUE(clock->Pause().ok());
  const TimeNs start = clock->Now();
  std::atomic<int> fired = 0;
  clock->ScheduleAt(start + 10 * kSecond, [&] { ++fired; });
  clock->ScheduleAt(start + 30 * kSecond, [&] { ++fired; });
  clock->ScheduleAt(start + 31 * kSecond, [&] { fired += 100; });
  absl::Status st = clock->Advance(30 * kSecond);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(fired.load(), 2);
  EXPECT_EQ(clock->Now(), start + 30 * kSecond);  // still paused
}

TEST(RealClockControl, AdvanceFiresTimersThatCallbacksScheduleInsideTheJump) {
  auto clock = NewRealClock();
  ASSERT_TRUE(clock->Pause().ok());
  const TimeNs start = clock->Now();
  std::atomic<bool> second = false;
  clock->ScheduleAt(start + kSecond, [&] {
    // Callbacks see the time after the jump (a real clock jumps at once),
    // so a timer due inside the jump is already due.
    clock->ScheduleAt(start + 2 * kSecond, [&] { second = true; });
  });
  ASSERT_TRUE(clock->Advance(5 * kSecond).ok());
  EXPECT_TRUE(second);
}

TEST(RealClockControl, AdvanceFromATimerCallbackDoesNotDeadlock) {
  auto clock = NewRealClock();
  std::promise<absl::Status> done;
  clock->ScheduleAfter(0, [&] { done.set_value(clock->Advance(kSecond)); });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(f.get().ok());
}

TEST(RealClockControl, SetScaleChangesSpeedWithoutAJump) {
  auto clock = NewRealClock();
  // Slowing down: the time before the change counts at the old speed only.
  const TimeNs before = clock->Now();
  ASSERT_TRUE(clock->SetScale(0.001).ok());
  EXPECT_LT(clock->Now() - before, 100 * kMillisecond);
  // Speeding up a paused clock moves nothing until it runs again.
  ASSERT_TRUE(clock->Pause().ok());
  const TimeNs at = clock->Now();
  absl::Status st = clock->SetScale(1000);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(clock->Now(), at);
  EXPECT_EQ(clock->Scale(), 1000);
  EXPECT_STREQ(clock->Kind(), "scaled");
  ASSERT_TRUE(clock->Resume().ok());
  SleepMs(20);
  // 20 ms of host time is at least 20 s of clock time now.
  EXPECT_GE(clock->Now() - at, 20 * kSecond);
  ASSERT_TRUE(clock->SetScale(1).ok());
  EXPECT_STREQ(clock->Kind(), "real");
}

TEST(RealClockControl, FasterScaleBringsAPendingTimerForward) {
  auto clock = NewRealClock();
  std::atomic<bool> fired = false;
  clock->ScheduleAfter(100 * kSecond, [&] { fired = true; });
  ASSERT_TRUE(clock->SetScale(10'000).ok());  // 100 s is 10 ms now
  for (int i = 0; i < 1000 && !fired; ++i) SleepMs(2);
  EXPECT_TRUE(fired);
}

TEST(RealClockControl, RejectsBadScaleAndNegativeAdvance) {
  auto clock = NewRealClock(2.0);
  EXPECT_THAT(clock->SetScale(0),
              StatusIs(absl::StatusCode::kInvalidArgument, "positive"));
  EXPECT_THAT(clock->SetScale(-3),
              StatusIs(absl::StatusCode::kInvalidArgument, "positive"));
  EXPECT_THAT(clock->SetScale(std::nan("")),
              StatusIs(absl::StatusCode::kInvalidArgument, "positive"));
  EXPECT_THAT(clock->Advance(-1),
              StatusIs(absl::StatusCode::kInvalidArgument, "backwards"));
  EXPECT_EQ(clock->Scale(), 2.0);  // unchanged by the failures
}

// Issue 16: SetScale(1e308) was accepted and wedged every Advance.
TEST(RealClockControl, RejectsAbsurdScalesNamingTheBounds) {
  auto clock = NewRealClock(2.0);
  for (double scale : {1e308, 1e7, 1e-7, std::numeric_limits<double>::max()}) {
    EXPECT_THAT(
        clock->SetScale(scale),
        StatusIs(absl::StatusCode::kInvalidArgument, "between 1e-06 and 1e+06"))
        << scale;
  }
  EXPECT_EQ(clock->Scale(), 2.0);
  EXPECT_TRUE(clock->SetScale(kMaxClockScale).ok());
  EXPECT_TRUE(clock->SetScale(kMinClockScale).ok());
}

// At the largest scale the clock runs into kMaxClockTime and stops there;
// a timer that keeps rescheduling itself cannot spin, and Advance answers.
TEST(RealClockControl, ClockStopsAtItsEndAndTimersBeyondNeverSpin) {
  auto clock = NewRealClock(kMaxClockScale);
  // 1,000 clock seconds before the end: a millisecond of host time.
  ASSERT_TRUE(
      clock->Advance(kMaxClockTime - clock->Now() - 1000 * kSecond).ok());
  std::atomic<int> fired{0};
  std::function<void()> tick = [&] {
    ++fired;
    clock->ScheduleAfter(kSecond / 10, tick);
  };
  clock->ScheduleAfter(kSecond / 10, tick);
  SleepMs(30);  // 30,000 clock seconds at this scale: far past the end
  EXPECT_EQ(clock->Now(), kMaxClockTime);
  EXPECT_THAT(clock->Advance(kSecond),
              StatusIs(absl::StatusCode::kInvalidArgument, "too large"));
  const int at_end = fired.load();
  SleepMs(20);
  EXPECT_EQ(fired.load(), at_end);  // the next tick is beyond the end
  clock->Shutdown();
}

TEST(RealClockControl, NowStaysMonotonicWhileControlsChange) {
  auto clock = NewRealClock();
  std::atomic<bool> stop = false;
  std::atomic<bool> went_back = false;
  std::thread reader([&] {
    TimeNs prev = clock->Now();
    while (!stop) {
      const TimeNs t = clock->Now();
      if (t < prev) went_back = true;
      prev = t;
    }
  });
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(clock->SetScale(i % 2 == 0 ? 0.001 : 50).ok());
    ASSERT_TRUE(clock->Pause().ok());
    ASSERT_TRUE(clock->Resume().ok());
    ASSERT_TRUE(clock->Advance(kMillisecond).ok());
  }
  stop = true;
  reader.join();
  EXPECT_FALSE(went_back);
}

TEST(RealClockControl, PauseAndResumeAreIdempotent) {
  auto clock = NewRealClock();
  ASSERT_TRUE(clock->Pause().ok());
  const TimeNs frozen = clock->Now();
  ASSERT_TRUE(clock->Pause().ok());
  EXPECT_EQ(clock->Now(), frozen);
  ASSERT_TRUE(clock->Resume().ok());
  ASSERT_TRUE(clock->Resume().ok());
  EXPECT_FALSE(clock->Paused());
}

TEST(VirtualClockControl, AdvanceFiresDueTimersOnTheCallingThread) {
  VirtualClock clock(0);
  int fired = 0;
  clock.ScheduleAt(5 * kSecond, [&] { ++fired; });
  clock.ScheduleAt(50 * kSecond, [&] { ++fired; });
  absl::Status st = clock.Advance(10 * kSecond);
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(clock.Now(), 10 * kSecond);
}

TEST(VirtualClockControl, IsAlwaysPausedAndRefusesResumeAndScale) {
  VirtualClock clock(0);
  EXPECT_TRUE(clock.Paused());
  EXPECT_EQ(clock.Scale(), 0);
  EXPECT_TRUE(clock.Pause().ok());
  EXPECT_THAT(clock.Resume(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "advance"));
  EXPECT_THAT(clock.SetScale(10),
              StatusIs(absl::StatusCode::kFailedPrecondition, "advance"));
  EXPECT_THAT(clock.Advance(-5),
              StatusIs(absl::StatusCode::kInvalidArgument, "backwards"));
  EXPECT_EQ(clock.Now(), 0);
}

// A clock that implements only the required methods.
class MinimalClock final : public Clock {
 public:
  TimeNs Now() override { return 0; }
  TimerId ScheduleAt(TimeNs, std::function<void()>) override { return 1; }
  bool Cancel(TimerId) override { return false; }
  const char* Kind() const override { return "minimal"; }
};

TEST(ClockControlDefaults, UnsupportedControlsAreFailedPrecondition) {
  MinimalClock clock;
  EXPECT_THAT(clock.Pause(), StatusIs(absl::StatusCode::kFailedPrecondition,
                                      "cannot be paused"));
  EXPECT_THAT(clock.Resume(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "resumed"));
  EXPECT_THAT(clock.Advance(1),
              StatusIs(absl::StatusCode::kFailedPrecondition, "advanced"));
  EXPECT_THAT(clock.SetScale(2),
              StatusIs(absl::StatusCode::kFailedPrecondition, "speed"));
  EXPECT_FALSE(clock.Paused());
  EXPECT_EQ(clock.Scale(), 1.0);
}

// The stepping a virtual-time driver uses: peek at the next due time
// (cancelled timers skipped) and fire exactly one timer.
TEST(VirtualClockStepping, NextTimerDueSkipsCancelledTimers) {
  VirtualClock clock(0);
  auto first = clock.ScheduleAt(10, [] {});
  clock.ScheduleAt(20, [] {});
  EXPECT_EQ(clock.NextTimerDue(), std::optional<TimeNs>(10));
  clock.Cancel(first);
  EXPECT_EQ(clock.NextTimerDue(), std::optional<TimeNs>(20));
  EXPECT_EQ(clock.Now(), 0);
}

TEST(VirtualClockStepping, FireNextRunsOneDueTimerWithinTheLimit) {
  VirtualClock clock(0);
  std::vector<int> fired;
  clock.ScheduleAt(10, [&] { fired.push_back(1); });
  clock.ScheduleAt(10, [&] { fired.push_back(2); });
  clock.ScheduleAt(30, [&] { fired.push_back(3); });
  EXPECT_TRUE(clock.FireNext(25));
  EXPECT_EQ(fired, (std::vector<int>{1}));
  EXPECT_EQ(clock.Now(), 10);
  EXPECT_TRUE(clock.FireNext(25));
  EXPECT_FALSE(clock.FireNext(25));  // the next one is due after the limit
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  EXPECT_EQ(clock.NextTimerDue(), std::optional<TimeNs>(30));
}

TEST(VirtualClockStepping, RealClockDoesNotStep) {
  auto clock = NewRealClock();
  clock->ScheduleAfter(kSecond, [] {});
  EXPECT_EQ(clock->NextTimerDue(), std::nullopt);
  EXPECT_FALSE(clock->FireNext(clock->Now() + 10 * kSecond));
  clock->Shutdown();
}

}  // namespace
}  // namespace fakecri::runtime
