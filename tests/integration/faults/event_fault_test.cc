// Event-stream faults, as a GetContainerEvents client sees them: dropped,
// duplicated, reordered and delayed events, and a stream that ends.
#include <gmock/gmock.h>

#include <thread>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::ElementsAre;

class EventFault : public FaultTest {
 protected:
  // Opens a GetContainerEvents stream and reads from it on a thread.
  struct Watcher {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::ContainerEventResponse>> reader;
    std::mutex mu;
    std::vector<std::string> seen;  // "TYPE name" per event
    std::thread thread;
    grpc::Status end;
    ~Watcher() {
      ctx.TryCancel();
      if (thread.joinable()) thread.join();
    }
    std::vector<std::string> Seen() {
      std::lock_guard l(mu);
      return seen;
    }
  };

  std::unique_ptr<Watcher> Watch() {
    auto w = std::make_unique<Watcher>();
    w->reader = rt_->GetContainerEvents(&w->ctx, v1::GetEventsRequest());
    Watcher* raw = w.get();
    w->thread = std::thread([raw] {
      v1::ContainerEventResponse ev;
      while (raw->reader->Read(&ev)) {
        std::string name = ev.pod_sandbox_status().metadata().name();
        for (const auto& c : ev.containers_statuses()) {
          if (c.id() == ev.container_id()) name = c.metadata().name();
        }
        std::lock_guard l(raw->mu);
        raw->seen.push_back(std::string(v1::ContainerEventType_Name(
                                ev.container_event_type())) +
                            " " + name);
      }
      raw->end = raw->reader->Finish();
    });
    WaitForSubscribers(1);
    return w;
  }

  static void WaitFor(Watcher& w, size_t n) {
    for (int i = 0; i < 400 && w.Seen().size() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
};

TEST_F(EventFault, DroppedEventNeverArrives) {
  AddFaults(R"y(
  - hop: events
    effect: {drop_event: true}
    when: {first: 1}
)y");
  auto w = Watch();
  RunPod("p");  // CREATED then STARTED for the sandbox
  WaitFor(*w, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_THAT(w->Seen(), ElementsAre("CONTAINER_STARTED_EVENT p"));
}

TEST_F(EventFault, DuplicatedEventArrivesTwice) {
  AddFaults(R"y(
  - hop: events
    match: {pod: p}
    effect: {duplicate_event: true}
    when: {first: 1}
)y");
  auto w = Watch();
  RunPod("p");
  WaitFor(*w, 3);
  EXPECT_THAT(w->Seen(), ElementsAre("CONTAINER_CREATED_EVENT p",
                                     "CONTAINER_CREATED_EVENT p",
                                     "CONTAINER_STARTED_EVENT p"));
}

TEST_F(EventFault, ReorderedEventComesAfterTheNextOne) {
  AddFaults(R"y(
  - hop: events
    effect: {reorder_event: true}
    when: {first: 1}
)y");
  auto w = Watch();
  RunPod("p");
  WaitFor(*w, 2);
  EXPECT_THAT(w->Seen(), ElementsAre("CONTAINER_STARTED_EVENT p",
                                     "CONTAINER_CREATED_EVENT p"));
}

TEST_F(EventFault, DelayedEventArrivesWhenTheClockGetsThere) {
  AddFaults(R"y(
  - hop: events
    effect: {delay_event: 2s}
    when: {first: 1}
)y");
  auto w = Watch();
  RunPod("p");
  WaitFor(*w, 1);
  EXPECT_THAT(w->Seen(), ElementsAre("CONTAINER_STARTED_EVENT p"));
  vclock().AdvanceBy(2 * runtime::kSecond);
  WaitFor(*w, 2);
  EXPECT_THAT(w->Seen(), ElementsAre("CONTAINER_STARTED_EVENT p",
                                     "CONTAINER_CREATED_EVENT p"));
}

TEST_F(EventFault, EndStreamEndsTheClientsStreamWithTheCode) {
  AddFaults(R"y(
  - hop: events
    effect: {end_stream: {code: UNAVAILABLE}}
)y");
  auto w = Watch();
  RunPod("p");
  w->thread.join();
  EXPECT_EQ(w->end.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(w->Seen().empty());
}

TEST_F(EventFault, EachStreamDrawsItsOwnFaults) {
  AddFaults(R"y(
  - hop: events
    effect: {drop_event: true}
    when: {first: 1}
)y");
  auto a = Watch();
  auto b = Watch();
  WaitForSubscribers(2);
  RunPod("p");
  WaitFor(*a, 1);
  WaitFor(*b, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // The rule's first matching call is one stream's copy of the first
  // event: one client misses it, the other does not.
  EXPECT_EQ(a->Seen().size() + b->Seen().size(), 3u);
}

}  // namespace
}  // namespace fakecri::testing
