#include "fake_runtime/events/event_log.h"

#include <gtest/gtest.h>

#include "fake_runtime/clock/virtual_clock.h"

namespace fakecri::runtime {
namespace {

Event Named(std::string subject) {
  Event e;
  e.subject = std::move(subject);
  return e;
}

TEST(EventLog, AssignsIncreasingSequenceNumbersAndClockTime) {
  VirtualClock clock(77);
  BoundedEventLog log(clock, 100);
  EXPECT_EQ(log.Append(Named("a")), 1u);
  clock.AdvanceBy(5);
  EXPECT_EQ(log.Append(Named("b")), 2u);
  auto all = log.Since(0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]->time_ns, 77);
  EXPECT_EQ(all[1]->time_ns, 82);
  EXPECT_EQ(log.LastSeq(), 2u);
}

TEST(EventLog, KeepsOnlyTheNewestCapacityEvents) {
  VirtualClock clock;
  BoundedEventLog log(clock, 16);
  for (int i = 0; i < 100; ++i) log.Append(Named(std::to_string(i)));
  auto all = log.Since(0);
  ASSERT_EQ(all.size(), 16u);
  EXPECT_EQ(all.front()->seq, 85u);
  EXPECT_EQ(all.back()->subject, "99");
  EXPECT_EQ(log.Since(95).size(), 6u);
}

Event CriEventOfSize(size_t bytes) {
  Event e;
  e.kind = EventKind::kCriEvent;
  e.cri_event_bytes.assign(bytes, 'x');
  return e;
}

TEST(EventLog, ByteBudgetDropsTheOldestEventsFirst) {
  VirtualClock clock;
  constexpr size_t kBudget = 256 << 10;
  BoundedEventLog log(clock, 100'000, kBudget);
  for (int i = 0; i < 100; ++i) log.Append(CriEventOfSize(10'000));
  EXPECT_LE(log.HeldBytes(), kBudget);
  auto held = log.Since(0);
  // 10,000 bytes of payload plus the record: 25 fit in 256 KiB, not 26.
  ASSERT_EQ(held.size(), 25u);
  EXPECT_EQ(held.front()->seq, 76u);
  EXPECT_EQ(held.back()->seq, 100u);
  size_t sum = 0;
  for (const auto& e : held) sum += EventFootprint(*e);
  EXPECT_EQ(sum, log.HeldBytes());
}

TEST(EventLog, RecordedPayloadsCountAgainstTheByteBudget) {
  Event plain = Named("rpc");
  Event recorded = plain;
  recorded.payload.assign(10'000, 'p');
  EXPECT_GE(EventFootprint(recorded), EventFootprint(plain) + 10'000);
  VirtualClock clock;
  BoundedEventLog log(clock, 100'000, 256 << 10);
  for (int i = 0; i < 100; ++i) log.Append(recorded);
  EXPECT_LE(log.HeldBytes(), size_t{256} << 10);
  EXPECT_EQ(log.Since(0).size(), 25u);
}

TEST(EventLog, AnEventLargerThanTheBudgetIsStillKeptAlone) {
  VirtualClock clock;
  BoundedEventLog log(clock, 100, 64 << 10);
  log.Append(Named("small"));
  log.Append(CriEventOfSize(1 << 20));
  auto held = log.Since(0);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held.front()->seq, 2u);
  log.Append(Named("after"));
  held = log.Since(0);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held.front()->subject, "after");
}

TEST(EventLog, SubscribersSeeEveryEventInOrderUntilUnsubscribed) {
  VirtualClock clock;
  BoundedEventLog log(clock, 16);
  std::vector<uint64_t> a, b;
  auto sa = log.Subscribe([&](const auto& e) { a.push_back(e->seq); });
  log.Subscribe([&](const auto& e) { b.push_back(e->seq); });
  log.Append({});
  log.Append({});
  log.Unsubscribe(sa);
  log.Append({});
  EXPECT_EQ(a, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(b, (std::vector<uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace fakecri::runtime
