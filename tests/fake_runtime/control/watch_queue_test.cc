// The merge of backlog and live events behind WatchEvents: each sequence
// number once, in order, whatever the overlap between the two.
#include "fake_runtime/control/watch_queue.h"

#include <gtest/gtest.h>

#include <vector>

namespace fakecri::control {
namespace {

using runtime::EventKind;
using EventPtr = WatchQueue::EventPtr;

EventPtr Ev(uint64_t seq, EventKind kind = EventKind::kRpcIn) {
  auto e = std::make_shared<runtime::Event>();
  e->seq = seq;
  e->kind = kind;
  return e;
}

std::vector<EventPtr> Evs(uint64_t from, uint64_t to) {
  std::vector<EventPtr> out;
  for (uint64_t s = from; s <= to; ++s) out.push_back(Ev(s));
  return out;
}

std::vector<uint64_t> Drain(WatchQueue& q) {
  std::vector<uint64_t> seqs;
  while (!q.empty()) seqs.push_back(q.Pop()->seq);
  return seqs;
}

TEST(WatchQueue, LiveEventsAlsoInTheBacklogComeOutOnce) {
  WatchQueue q(kAllKinds, 100);
  // Appended after subscribing but before the backlog was read: the
  // backlog holds 5 too.
  q.PushLive(Ev(5));
  q.PushLive(Ev(6));
  q.SetBacklog(3, Evs(3, 5));
  EXPECT_EQ(q.PushLive(Ev(7)), WatchQueue::Push::kQueued);
  EXPECT_EQ(Drain(q), (std::vector<uint64_t>{3, 4, 5, 6, 7}));
}

TEST(WatchQueue, LiveEventsBeforeTheRequestedSeqAreSkipped) {
  WatchQueue q(kAllKinds, 100);
  q.PushLive(Ev(8));
  q.SetBacklog(10, {});  // asked for 10 on; the log was at 8
  EXPECT_EQ(q.PushLive(Ev(9)), WatchQueue::Push::kSkipped);
  EXPECT_EQ(q.PushLive(Ev(10)), WatchQueue::Push::kQueued);
  EXPECT_EQ(Drain(q), (std::vector<uint64_t>{10}));
}

TEST(WatchQueue, KindFilterAppliesToBacklogAndLive) {
  const KindMask faults_only = KindMask{1}
                               << static_cast<unsigned>(EventKind::kFault);
  WatchQueue q(faults_only, 100);
  q.PushLive(Ev(4, EventKind::kFault));
  q.SetBacklog(1, {Ev(1), Ev(2, EventKind::kFault), Ev(3)});
  EXPECT_EQ(q.PushLive(Ev(5)), WatchQueue::Push::kSkipped);
  q.PushLive(Ev(6, EventKind::kFault));
  EXPECT_EQ(Drain(q), (std::vector<uint64_t>{2, 4, 6}));
}

TEST(WatchQueue, OverflowCountsLiveEventsOnly) {
  WatchQueue q(kAllKinds, 2);
  q.SetBacklog(1, Evs(1, 10));  // a long backlog is not an overflow
  EXPECT_EQ(q.PushLive(Ev(11)), WatchQueue::Push::kQueued);
  EXPECT_EQ(q.PushLive(Ev(12)), WatchQueue::Push::kQueued);
  EXPECT_EQ(q.PushLive(Ev(13)), WatchQueue::Push::kOverflow);
  // Draining the backlog does not make room for live events...
  for (int i = 0; i < 10; ++i) q.Pop();
  EXPECT_EQ(q.PushLive(Ev(13)), WatchQueue::Push::kOverflow);
  // ...sending live ones does.
  q.Pop();
  EXPECT_EQ(q.PushLive(Ev(13)), WatchQueue::Push::kQueued);
}

}  // namespace
}  // namespace fakecri::control
