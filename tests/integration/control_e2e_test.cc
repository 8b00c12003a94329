// The control API over the runtime's unix socket: fault rules (structured
// and YAML, all or none), the snapshot, the event stream (backlog + live,
// resumable, filtered, gap reporting, ended at shutdown) and the clock, on
// real and virtual time, plus the separate control socket.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fake_runtime/control/control_api.h"
#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

namespace pb = ::fakecri::v1;
using runtime::kSecond;
using ::testing::HasSubstr;

class ControlE2E : public SocketTest {
 protected:
  void SetUp() override {
    SocketTest::SetUp();
    if (server_ != nullptr) ctl_ = pb::Control::NewStub(channel_);
  }

  pb::FaultRule PullRule(const std::string& image, int64_t times) {
    pb::FaultRule r;
    r.set_hop("cri");
    r.set_operation("PullImage");
    r.mutable_match()->set_image(image);
    r.mutable_effect()->set_kind("error");
    r.mutable_effect()->set_code("UNAVAILABLE");
    r.mutable_when()->set_times(times);
    return r;
  }

  grpc::Status Add(const pb::FaultRule& rule, pb::AddFaultResponse* resp) {
    pb::AddFaultRequest req;
    *req.mutable_rule() = rule;
    return ctl_->AddFault(Ctx().get(), req, resp);
  }

  grpc::Status AddYaml(const std::string& yaml, pb::AddFaultResponse* resp) {
    pb::AddFaultRequest req;
    req.set_yaml(yaml);
    req.set_source_name("rules.yaml");
    return ctl_->AddFault(Ctx().get(), req, resp);
  }

  pb::ListFaultsResponse List() {
    pb::ListFaultsResponse resp;
    EXPECT_TRUE(ctl_->ListFaults(Ctx().get(), {}, &resp).ok());
    return resp;
  }

  grpc::Status Pull(const std::string& image) {
    v1::PullImageRequest req;
    req.mutable_image()->set_image(image);
    v1::PullImageResponse resp;
    return img_->PullImage(Ctx().get(), req, &resp);
  }

  void Version() {
    v1::VersionRequest req;
    v1::VersionResponse resp;
    ASSERT_TRUE(rt_->Version(Ctx().get(), req, &resp).ok());
  }

  std::unique_ptr<pb::Control::Stub> ctl_;
};

// ---- faults -------------------------------------------------------------

TEST_F(ControlE2E, AddedRuleFailsMatchingCallsAndCountsItsHits) {
  pb::AddFaultResponse added;
  ASSERT_TRUE(Add(PullRule("nginx*", 2), &added).ok());
  ASSERT_EQ(added.ids_size(), 1);
  EXPECT_EQ(added.ids(0), "f1");
  EXPECT_EQ(added.descriptions(0),
            "f1: cri PullImage image=nginx* -> error UNAVAILABLE when "
            "times=2");

  EXPECT_EQ(Pull("nginx:1.25").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(Pull("busybox").ok());  // not selected
  EXPECT_EQ(Pull("nginx:1.25").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(Pull("nginx:1.25").ok());  // times=2 used up

  const pb::ListFaultsResponse list = List();
  ASSERT_EQ(list.faults_size(), 1);
  const pb::FaultStatus& f = list.faults(0);
  EXPECT_EQ(f.rule().id(), "f1");
  EXPECT_EQ(f.rule().effect().code(), "UNAVAILABLE");
  EXPECT_EQ(f.hits(), 2u);
  EXPECT_EQ(f.matches(), 3u);
  EXPECT_EQ(f.description(), added.descriptions(0));
  EXPECT_GT(f.added_at_ns(), 0);
  EXPECT_EQ(f.active_from_ns(), f.added_at_ns());
  EXPECT_FALSE(f.has_active_until_ns());
}

TEST_F(ControlE2E, RemoveAndClearTakeRulesOut) {
  pb::AddFaultResponse added;
  ASSERT_TRUE(Add(PullRule("nginx*", 0), &added).ok());
  pb::RemoveFaultRequest rm;
  rm.set_id("f1");
  pb::RemoveFaultResponse removed;
  ASSERT_TRUE(ctl_->RemoveFault(Ctx().get(), rm, &removed).ok());
  EXPECT_EQ(List().faults_size(), 0);
  EXPECT_TRUE(Pull("nginx").ok());
  const grpc::Status again = ctl_->RemoveFault(Ctx().get(), rm, &removed);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(again.error_message(), HasSubstr("f1"));

  ASSERT_TRUE(Add(PullRule("a*", 0), &added).ok());
  ASSERT_TRUE(Add(PullRule("b*", 0), &added).ok());
  EXPECT_EQ(added.ids(0), "f3");  // ids are never reused
  pb::ClearFaultsResponse cleared;
  ASSERT_TRUE(ctl_->ClearFaults(Ctx().get(), {}, &cleared).ok());
  EXPECT_EQ(cleared.removed(), 2u);
  EXPECT_EQ(List().faults_size(), 0);
}

TEST_F(ControlE2E,
       InvalidStructuredRuleIsRejectedNamingTheFieldAndAddsNothing) {
  pb::FaultRule r = PullRule("nginx*", 0);
  r.mutable_when()->set_after_ns(10 * kSecond);
  r.mutable_when()->set_until_ns(kSecond);
  pb::AddFaultResponse added;
  const grpc::Status st = Add(r, &added);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("rule.when.until"));

  r = PullRule("nginx*", 0);
  r.mutable_effect()->set_delay("fast");
  EXPECT_THAT(Add(r, &added).error_message(), HasSubstr("rule.effect"));
  EXPECT_EQ(List().faults_size(), 0);

  pb::AddFaultRequest empty;
  EXPECT_EQ(ctl_->AddFault(Ctx().get(), empty, &added).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ControlE2E, YamlFileAddsEveryRuleInOrder) {
  pb::AddFaultResponse added;
  const grpc::Status st = AddYaml(R"yaml(version: 1
faults:
  - id: slow-version
    hop: cri
    operation: Version
    effect: {latency: 1ms}
  - hop: process
    match: {container: app}
    effect: {crash_loop: {exit_code: 2, delay: 5s}}
)yaml",
                                  &added);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(added.ids_size(), 2);
  EXPECT_EQ(added.ids(0), "slow-version");
  EXPECT_EQ(added.ids(1), "f1");
  EXPECT_THAT(added.descriptions(1), HasSubstr("crash_loop exit_code=2"));
  EXPECT_EQ(List().faults_size(), 2);
}

TEST_F(ControlE2E, YamlFileWithABadRuleAddsNothing) {
  pb::AddFaultResponse added;
  grpc::Status st = AddYaml(R"yaml(version: 1
faults:
  - hop: cri
    operation: Version
    effect: {latency: 1ms}
  - hop: cri
    operation: PullImage
    effect: {latency: "uniform(2s,1s)"
}
)yaml",
                            &added);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("rules.yaml:"));
  EXPECT_THAT(st.error_message(), HasSubstr("less than min"));
  EXPECT_EQ(List().faults_size(), 0);

  // An id already taken fails the whole file before anything is added.
  pb::FaultRule taken = PullRule("x*", 0);
  taken.set_id("taken");
  ASSERT_TRUE(Add(taken, &added).ok());
  st = AddYaml(R"yaml(version: 1
faults:
  - {id: fresh, hop: cri, operation: Version, effect: {latency: 1ms}}
  - {id: taken, hop: cri, operation: Version, effect: {latency: 1ms}}
)yaml",
               &added);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_EQ(List().faults_size(), 1);
  EXPECT_EQ(List().faults(0).rule().id(), "taken");

  // So does an id used twice in the same file.
  st = AddYaml(R"yaml(version: 1
faults:
  - {id: twin, hop: cri, operation: Version, effect: {latency: 1ms}}
  - {id: twin, hop: cri, operation: Status, effect: {latency: 1ms}}
)yaml",
               &added);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(List().faults_size(), 1);
}

// ---- snapshot -----------------------------------------------------------

TEST_F(ControlE2E, SnapshotShowsPodsImagesFaultsClockAndSeed) {
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = Pod("web");
  v1::RunPodSandboxResponse ran;
  ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), run, &ran).ok());
  ASSERT_TRUE(Pull("busybox").ok());
  pb::AddFaultResponse added;
  ASSERT_TRUE(Add(PullRule("nginx*", 0), &added).ok());

  pb::GetSnapshotResponse snap;
  ASSERT_TRUE(ctl_->GetSnapshot(Ctx().get(), {}, &snap).ok());
  ASSERT_EQ(snap.sandboxes_size(), 1);
  EXPECT_EQ(snap.sandboxes(0).id(), ran.pod_sandbox_id());
  EXPECT_EQ(snap.sandboxes(0).metadata().name(), "web");
  EXPECT_EQ(snap.sandboxes(0).state(), v1::SANDBOX_READY);
  EXPECT_EQ(snap.containers_size(), 0);
  bool busybox = false;
  for (const v1::Image& i : snap.images()) {
    for (const std::string& t : i.repo_tags()) {
      busybox = busybox || t == "docker.io/library/busybox:latest";
    }
  }
  EXPECT_TRUE(busybox);
  ASSERT_EQ(snap.faults_size(), 1);
  EXPECT_EQ(snap.faults(0).rule().id(), "f1");
  EXPECT_EQ(snap.seed(), 7u);
  EXPECT_EQ(snap.clock().kind(), "real");
  EXPECT_GT(snap.clock().now_ns(), 0);
  EXPECT_GE(snap.last_event_seq(), 3u);  // start, rpc_in, rpc_out, ...
}

// ---- events -------------------------------------------------------------

// Reads a WatchEvents stream on its own thread.
class Watcher {
 public:
  Watcher(pb::Control::Stub& stub, uint64_t since,
          std::vector<std::string> kinds = {}) {
    pb::WatchEventsRequest req;
    req.set_since_seq(since);
    for (const auto& k : kinds) req.add_kinds(k);
    ctx_.set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
    reader_ = stub.WatchEvents(&ctx_, req);
  }
  ~Watcher() {
    if (finished_) return;
    ctx_.TryCancel();
    (void)Finish();
  }

  // The WatchStart (the first message).
  bool ReadStart(pb::WatchStart* start) {
    pb::WatchEventsResponse m;
    if (!reader_->Read(&m) || !m.has_start()) return false;
    *start = m.start();
    return true;
  }
  // The next `n` events (fewer if the stream ends).
  std::vector<pb::Event> Read(size_t n) {
    std::vector<pb::Event> out;
    pb::WatchEventsResponse m;
    while (out.size() < n && reader_->Read(&m)) {
      if (m.has_event()) out.push_back(m.event());
    }
    return out;
  }
  grpc::Status Finish() {
    pb::WatchEventsResponse m;
    while (reader_->Read(&m)) {
    }
    finished_ = true;
    return reader_->Finish();
  }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<pb::WatchEventsResponse>> reader_;
  bool finished_ = false;
};

TEST_F(ControlE2E, WatchFromTheStartReplaysTheStartUpEventThenLiveOnes) {
  Watcher w(*ctl_, 1);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  EXPECT_EQ(start.first_available_seq(), 1u);
  EXPECT_FALSE(start.gap());
  EXPECT_GE(start.last_seq(), 1u);
  const std::vector<pb::Event> first = w.Read(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].seq(), 1u);
  EXPECT_EQ(first[0].kind(), "info");
  EXPECT_EQ(first[0].subject(), "start");
  EXPECT_THAT(first[0].detail(), HasSubstr("seed 7"));

  Version();  // live: rpc_in + rpc_out
  std::vector<pb::Event> live = w.Read(start.last_seq() + 1);
  ASSERT_FALSE(live.empty());
  const pb::Event& out = live.back();
  EXPECT_EQ(out.kind(), "rpc_out");
  EXPECT_EQ(out.subject(), "Version");
  EXPECT_EQ(out.status_code(), 0);
  EXPECT_EQ(out.seq(), start.last_seq() + 2);
}

TEST_F(ControlE2E, BacklogAndLiveEventsMeetWithoutLossOrDuplicates) {
  // Calls keep the log growing while the watcher subscribes and reads its
  // backlog: every sequence number must still arrive exactly once.
  std::atomic<bool> stop = false;
  std::thread load([&] {
    while (!stop) Version();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  {
    Watcher w(*ctl_, 1);
    pb::WatchStart start;
    ASSERT_TRUE(w.ReadStart(&start));
    const std::vector<pb::Event> events = w.Read(start.last_seq() + 200);
    stop = true;
    ASSERT_EQ(events.size(), start.last_seq() + 200);
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i].seq(), i + 1) << "at index " << i;
    }
  }
  stop = true;
  load.join();
}

TEST_F(ControlE2E, ResumingFromASeqGivesNoDuplicates) {
  uint64_t last_seen = 0;
  {
    Watcher w(*ctl_, 1);
    pb::WatchStart start;
    ASSERT_TRUE(w.ReadStart(&start));
    Version();
    const auto events = w.Read(start.last_seq() + 2);
    ASSERT_EQ(events.size(), start.last_seq() + 2);
    last_seen = events.back().seq();
  }
  Version();  // happens while nobody watches
  Watcher w(*ctl_, last_seen + 1);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  EXPECT_EQ(start.first_available_seq(), last_seen + 1);
  EXPECT_FALSE(start.gap());
  Version();
  const auto events = w.Read(4);
  ASSERT_EQ(events.size(), 4u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq(), last_seen + 1 + i);
  }
}

TEST_F(ControlE2E, LiveOnlyWatchStartsAfterTheCurrentLastEvent) {
  Watcher w(*ctl_, 0);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  EXPECT_EQ(start.first_available_seq(), start.last_seq() + 1);
  Version();
  const auto events = w.Read(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq(), start.last_seq() + 1);
  EXPECT_EQ(events[0].kind(), "rpc_in");
}

TEST_F(ControlE2E, KindFilterKeepsOnlyTheAskedKinds) {
  Watcher w(*ctl_, 1, {"rpc_out", "fault"});
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  pb::AddFaultResponse added;
  ASSERT_TRUE(Add(PullRule("nginx*", 1), &added).ok());
  EXPECT_FALSE(Pull("nginx").ok());
  const auto events = w.Read(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind(), "fault");
  EXPECT_EQ(events[0].subject(), "f1");
  EXPECT_EQ(events[1].kind(), "rpc_out");
  EXPECT_EQ(events[1].status_code(), grpc::StatusCode::UNAVAILABLE);

  Watcher bad(*ctl_, 1, {"rpc_in", "gossip"});
  const grpc::Status st = bad.Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("gossip"));
}

TEST_F(ControlE2E, ShutdownEndsOpenWatchStreams) {
  Watcher w(*ctl_, 0);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  server_->Shutdown();
  const grpc::Status st = w.Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
}

class SmallLogControlE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override { opts.event_log_capacity = 16; }
};

TEST_F(SmallLogControlE2E, WatchFromDroppedEventsReportsTheGap) {
  for (int i = 0; i < 20; ++i) Version();  // 40 events: 1..24 are gone
  Watcher w(*ctl_, 1);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  EXPECT_TRUE(start.gap());
  EXPECT_GT(start.first_available_seq(), 1u);
  const auto events = w.Read(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq(), start.first_available_seq());
}

class ByteBudgetControlE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override {
    opts.event_log_max_bytes = 64 << 10;
  }
};

TEST_F(ByteBudgetControlE2E, TheLogStaysWithinItsByteBudget) {
  for (int i = 0; i < 500; ++i) Version();  // 1,000 events, ~200 KB
  EXPECT_EQ(server_->event_log().max_bytes(), size_t{64} << 10);
  EXPECT_LE(server_->event_log().HeldBytes(), size_t{64} << 10);
  EXPECT_LT(server_->event_log().Since(0).size(), 1'000u);
  Watcher w(*ctl_, 1);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  EXPECT_TRUE(start.gap());
}

// ---- recorded payloads ---------------------------------------------------

class RecordingControlE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override { opts.record_payloads = true; }
};

TEST_F(RecordingControlE2E, WatchedCallsCarryTheirRequestAndResponse) {
  Watcher w(*ctl_, 1);
  pb::WatchStart start;
  ASSERT_TRUE(w.ReadStart(&start));
  ASSERT_TRUE(Pull("busybox:1.36").ok());
  const std::vector<pb::Event> events = w.Read(start.last_seq() + 3);
  const pb::Event* in = nullptr;
  const pb::Event* out = nullptr;
  for (const pb::Event& e : events) {
    if (e.subject() != "PullImage") continue;
    if (e.kind() == "rpc_in") in = &e;
    if (e.kind() == "rpc_out") out = &e;
  }
  ASSERT_NE(in, nullptr);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(in->payload(), "image {\n  image: \"busybox:1.36\"\n}\n");
  EXPECT_THAT(out->payload(), HasSubstr("image_ref: \"sha256:"));
}

TEST_F(RecordingControlE2E, AnErrorRecordsTheRequestOnly) {
  v1::ContainerStatusRequest req;
  req.set_container_id("nosuchcontainer");
  v1::ContainerStatusResponse resp;
  ASSERT_EQ(rt_->ContainerStatus(Ctx().get(), req, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const auto held = server_->event_log().Since(0);
  ASSERT_GE(held.size(), 2u);
  const Event& in = *held[held.size() - 2];
  const Event& out = *held.back();
  EXPECT_EQ(in.kind, EventKind::kRpcIn);
  EXPECT_EQ(in.payload, "container_id: \"nosuchcontainer\"\n");
  EXPECT_EQ(out.kind, EventKind::kRpcOut);
  EXPECT_EQ(out.status_code, 5);
  EXPECT_EQ(out.payload, "");
}

TEST_F(RecordingControlE2E, EmptyMessagesAndHugeOnesAreSaidSo) {
  Version();  // an empty VersionRequest
  auto held = server_->event_log().Since(0);
  EXPECT_EQ(held[held.size() - 2]->payload, "# empty message\n");
  // 100 annotations of 1 KiB: above the 64 KiB a payload keeps.
  v1::ImageStatusRequest req;
  for (int i = 0; i < 100; ++i) {
    (*req.mutable_image()->mutable_annotations())["k" + std::to_string(i)] =
        std::string(1024, 'x');
  }
  req.mutable_image()->set_image("busybox");
  v1::ImageStatusResponse resp;
  (void)img_->ImageStatus(Ctx().get(), req, &resp);
  held = server_->event_log().Since(0);
  const std::string& p = held[held.size() - 2]->payload;
  EXPECT_LE(p.size(), (size_t{64} << 10) + 64);
  EXPECT_THAT(p, ::testing::EndsWith(" more bytes\n"));
  EXPECT_THAT(p, HasSubstr("# ... cut: "));
}

TEST_F(ControlE2E, PayloadsAreNotRecordedByDefault) {
  ASSERT_TRUE(Pull("busybox:1.36").ok());
  for (const auto& e : server_->event_log().Since(0)) {
    EXPECT_EQ(e->payload, "") << e->subject;
  }
}

// ---- clock --------------------------------------------------------------

class ScaledClockControlE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override {
    opts.clock = "real";
    opts.time_scale = 10;
  }
};

TEST_F(ScaledClockControlE2E, PauseAdvanceScaleAndResume) {
  pb::ClockResponse c;
  ASSERT_TRUE(ctl_->GetClock(Ctx().get(), {}, &c).ok());
  EXPECT_EQ(c.clock().kind(), "scaled");
  EXPECT_EQ(c.clock().scale(), 10);
  EXPECT_FALSE(c.clock().paused());

  ASSERT_TRUE(ctl_->PauseClock(Ctx().get(), {}, &c).ok());
  EXPECT_TRUE(c.clock().paused());
  const int64_t frozen = c.clock().now_ns();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(ctl_->GetClock(Ctx().get(), {}, &c).ok());
  EXPECT_EQ(c.clock().now_ns(), frozen);

  pb::AdvanceClockRequest adv;
  adv.set_duration_ns(30 * kSecond);
  ASSERT_TRUE(ctl_->AdvanceClock(Ctx().get(), adv, &c).ok());
  EXPECT_EQ(c.clock().now_ns(), frozen + 30 * kSecond);
  EXPECT_EQ(server_->clock().Now(), frozen + 30 * kSecond);

  pb::SetClockScaleRequest scale;
  scale.set_scale(100);
  ASSERT_TRUE(ctl_->SetClockScale(Ctx().get(), scale, &c).ok());
  EXPECT_EQ(c.clock().scale(), 100);
  EXPECT_TRUE(c.clock().paused());
  EXPECT_EQ(c.clock().now_ns(), frozen + 30 * kSecond);  // no jump

  ASSERT_TRUE(ctl_->ResumeClock(Ctx().get(), {}, &c).ok());
  EXPECT_FALSE(c.clock().paused());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(ctl_->GetClock(Ctx().get(), {}, &c).ok());
  EXPECT_GE(c.clock().now_ns(), frozen + 31 * kSecond);  // 20 ms x 100

  scale.set_scale(0);
  const grpc::Status st = ctl_->SetClockScale(Ctx().get(), scale, &c);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  adv.set_duration_ns(-1);
  EXPECT_EQ(ctl_->AdvanceClock(Ctx().get(), adv, &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

class VirtualClockControlE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "virtual"; }
};

TEST_F(VirtualClockControlE2E, AdvanceMovesTimeAndRunsDueWork) {
  pb::ClockResponse c;
  ASSERT_TRUE(ctl_->GetClock(Ctx().get(), {}, &c).ok());
  EXPECT_EQ(c.clock().kind(), "virtual");
  EXPECT_TRUE(c.clock().paused());
  EXPECT_EQ(c.clock().scale(), 0);
  const int64_t t0 = c.clock().now_ns();

  bool fired = false;
  server_->clock().ScheduleAt(t0 + 20 * kSecond, [&] { fired = true; });
  pb::AdvanceClockRequest adv;
  adv.set_duration_ns(30 * kSecond);
  ASSERT_TRUE(ctl_->AdvanceClock(Ctx().get(), adv, &c).ok());
  EXPECT_EQ(c.clock().now_ns(), t0 + 30 * kSecond);
  EXPECT_TRUE(fired);  // before the answer

  EXPECT_TRUE(ctl_->PauseClock(Ctx().get(), {}, &c).ok());
  grpc::Status st = ctl_->ResumeClock(Ctx().get(), {}, &c);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("advance"));
  pb::SetClockScaleRequest scale;
  scale.set_scale(10);
  st = ctl_->SetClockScale(Ctx().get(), scale, &c);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// ---- a socket of its own ------------------------------------------------

class SeparateControlSocketE2E : public ControlE2E {
 protected:
  void Configure(ServerOptions& opts) override {
    opts.control_listen = "unix://" + dir_ + "/control.sock";
  }
};

TEST_F(SeparateControlSocketE2E, ControlIsServedOnlyOnItsOwnSocket) {
  EXPECT_EQ(server_->control_endpoint(), "unix://" + dir_ + "/control.sock");
  pb::ClockResponse c;
  // The CRI socket no longer answers control calls...
  EXPECT_EQ(ctl_->GetClock(Ctx().get(), {}, &c).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  auto channel = grpc::CreateChannel(server_->control_endpoint(),
                                     grpc::InsecureChannelCredentials());
  auto ctl = pb::Control::NewStub(channel);
  EXPECT_TRUE(ctl->GetClock(Ctx().get(), {}, &c).ok());
  // ...and the control socket answers no CRI calls.
  auto rt = v1::RuntimeService::NewStub(channel);
  v1::VersionResponse version;
  EXPECT_EQ(rt->Version(Ctx().get(), {}, &version).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace fakecri::testing
