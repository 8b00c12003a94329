#include "fake_runtime/clock/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"

namespace fakecri::runtime {
namespace {

TEST(VirtualClock, FiresTimersInDueThenSchedulingOrder) {
  VirtualClock clock(1000);
  std::vector<int> fired;
  clock.ScheduleAt(3000, [&] { fired.push_back(3); });
  clock.ScheduleAt(2000, [&] { fired.push_back(1); });
  clock.ScheduleAt(2000, [&] { fired.push_back(2); });
  clock.AdvanceTo(2500);
  EXPECT_EQ(fired, (std::vector<int>{1, 2}));
  EXPECT_EQ(clock.Now(), 2500);
  clock.AdvanceBy(10'000);
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
}

TEST(VirtualClock, TimersScheduledByCallbacksInsideTheWindowFire) {
  VirtualClock clock(0);
  std::vector<TimeNs> at;
  clock.ScheduleAt(10, [&] {
    at.push_back(clock.Now());
    clock.ScheduleAfter(5, [&] { at.push_back(clock.Now()); });
  });
  clock.AdvanceTo(100);
  EXPECT_EQ(at, (std::vector<TimeNs>{10, 15}));
}

// Issue 16: now + a client's huge delay wrapped negative and fired at once.
TEST(VirtualClock, HugeDelaySaturatesInsteadOfFiringAtOnce) {
  VirtualClock clock(1000);
  bool fired = false;
  clock.ScheduleAfter(std::numeric_limits<DurationNs>::max(),
                      [&] { fired = true; });
  clock.AdvanceBy(kSecond);
  EXPECT_FALSE(fired);
  EXPECT_EQ(SaturatingAdd(std::numeric_limits<TimeNs>::max() - 1, 5),
            std::numeric_limits<TimeNs>::max());
  EXPECT_EQ(SecondsToNs(std::numeric_limits<int64_t>::max()),
            std::numeric_limits<DurationNs>::max());
}

TEST(VirtualClock, CancelledTimerNeverRuns) {
  VirtualClock clock(0);
  bool ran = false;
  auto id = clock.ScheduleAt(10, [&] { ran = true; });
  EXPECT_TRUE(clock.Cancel(id));
  EXPECT_FALSE(clock.Cancel(id));
  clock.AdvanceTo(20);
  EXPECT_FALSE(ran);
}

TEST(VirtualClock, RunNextJumpsToTheNextTimer) {
  VirtualClock clock(0);
  clock.ScheduleAt(5 * kSecond, [] {});
  EXPECT_TRUE(clock.RunNext());
  EXPECT_EQ(clock.Now(), 5 * kSecond);
  EXPECT_FALSE(clock.RunNext());
}

TEST(RealClock, NowIsMonotonicAndLooksLikeEpochNanoseconds) {
  auto clock = NewRealClock();
  TimeNs a = clock->Now();
  TimeNs b = clock->Now();
  EXPECT_GE(b, a);
  EXPECT_GT(a, 1'600'000'000LL * kSecond);  // after 2020
  EXPECT_STREQ(clock->Kind(), "real");
}

TEST(RealClock, FiresAScheduledTimer) {
  auto clock = NewRealClock(10.0);  // 10x: 100 ms of clock time is 10 ms
  std::promise<void> done;
  auto fired = done.get_future();
  clock->ScheduleAfter(100 * kMillisecond, [&] { done.set_value(); });
  EXPECT_EQ(fired.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_STREQ(clock->Kind(), "scaled");
}

}  // namespace
}  // namespace fakecri::runtime
