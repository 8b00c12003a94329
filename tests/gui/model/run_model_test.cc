// File: run_model_test.cc
#include "gui/model/run_model.h"

#include <gtest/gtest.h>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using testing::Id;
using testing::PodStart;
using testing::Script;

TEST(RunModel, RequestAndReplyOfASpanBecomeOneCall) {
  Script s;
  s.RpcIn(1, "Version");
  s.Advance(1500);
  s.RpcOut(1, "Version", 0, 1500);
  RunModel m;
  s.FeedTo(m);
  ASSERT_EQ(m.calls().size(), 1u);
  const Call& c = m.calls()[0];
  EXPECT_EQ(c.name, "Version");
  EXPECT_TRUE(c.answered);
  EXPECT_EQ(c.latency_ns, 1500);
  EXPECT_EQ(c.end - c.start, 1500);
  ASSERT_EQ(m.items().size(), 2u);
  EXPECT_EQ(m.items()[0].kind, ItemKind::kRequest);
  EXPECT_EQ(m.items()[1].kind, ItemKind::kReply);
  EXPECT_EQ(c.request_item, 0u);
  EXPECT_EQ(c.reply_item, 1u);
  EXPECT_EQ(m.CallOf(1), 0u);
}

TEST(RunModel, RequestGoesThroughTheCriServerToTheManager) {
  Script s;
  s.RpcIn(1, "ListContainers");
  s.RpcOut(1, "ListContainers");
  RunModel m;
  s.FeedTo(m);
  const FlowItem& req = m.items()[0];
  EXPECT_EQ(req.from, m.client_lane());
  EXPECT_EQ(req.via, m.cri_server_lane());
  EXPECT_EQ(req.to, m.manager_lane());
  const FlowItem& rep = m.items()[1];
  EXPECT_EQ(rep.from, m.manager_lane());
  EXPECT_EQ(rep.to, m.client_lane());
}

TEST(RunModel, ImageRpcsAreAnsweredByTheImageService) {
  EXPECT_EQ(ServiceOf("PullImage"), CriService::kImage);
  EXPECT_EQ(ServiceOf("ImageFsInfo"), CriService::kImage);
  EXPECT_EQ(ServiceOf("RunPodSandbox"), CriService::kRuntime);
}

TEST(RunModel, OciCallsAreChildrenOfTheirCriCall) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  const Call* run = m.FindSpan(10);
  ASSERT_NE(run, nullptr);
  ASSERT_EQ(run->children.size(), 2u);
  const Call& create = m.calls()[run->children[0]];
  EXPECT_EQ(create.kind, CallKind::kOci);
  EXPECT_EQ(create.handler, "runc");
  EXPECT_EQ(create.name, "create");
  EXPECT_EQ(create.parent, static_cast<CallId>(run - m.calls().data()));
  EXPECT_EQ(m.calls()[run->children[1]].name, "start");
}

TEST(RunModel, ClientLaneIsCriClientUntilAKubeletRecord) {
  Script s;
  s.RpcIn(1, "Version");
  RunModel m;
  s.FeedTo(m);
  EXPECT_FALSE(m.has_kubelet());
  EXPECT_EQ(m.lanes()[m.client_lane()].title, "CRI client");
  m.Ingest(s.Kubelet("start", "", "Container runtime initialized"));
  EXPECT_TRUE(m.has_kubelet());
  EXPECT_EQ(m.lanes()[m.client_lane()].title, "kubelet");
}

TEST(RunModel, OciLanesAppearPerHandlerInColumnOrder) {
  Script s;
  s.RpcIn(1, "RunPodSandbox");
  s.Oci(2, 1, "kata.create", Id('a'));
  s.RpcOut(1, "RunPodSandbox");
  s.RpcIn(3, "RunPodSandbox");
  s.Oci(4, 3, "runc.create", Id('b'));
  s.RpcOut(3, "RunPodSandbox");
  RunModel m;
  EXPECT_EQ(m.LaneColumns().size(), 3u);  // client, CRI server, manager
  s.FeedTo(m);
  const LaneId kata = m.OciLane("kata");
  const LaneId runc = m.OciLane("runc");
  ASSERT_NE(kata, kNoLane);
  ASSERT_NE(runc, kNoLane);
  EXPECT_LT(kata, runc);  // ids in order of first use
  EXPECT_EQ(m.lanes()[kata].title, "kata");
  EXPECT_EQ(m.lanes()[kata].kind, LaneKind::kOciRuntime);
}

TEST(RunModel, RuncIsDrawnLeftOfKataWhateverCameFirst) {
  Script s;
  s.RpcIn(1, "RunPodSandbox");
  s.Oci(2, 1, "kata.create", Id('a'));
  s.Oci(3, 1, "runc.create", Id('b'));
  RunModel m;
  s.FeedTo(m);
  const std::vector<LaneId>& cols = m.LaneColumns();
  ASSERT_EQ(cols.size(), 5u);
  EXPECT_EQ(cols[0], m.client_lane());
  EXPECT_EQ(cols[1], m.cri_server_lane());
  EXPECT_EQ(cols[2], m.manager_lane());
  EXPECT_EQ(cols[3], m.OciLane("runc"));
  EXPECT_EQ(cols[4], m.OciLane("kata"));
}

TEST(RunModel, ProcessLaneAppearsWhenATaskStartsAndIsDrawnLast) {
  Script s;
  s.RpcIn(1, "RunPodSandbox");
  s.Oci(2, 1, "runc.create", Id('a'));
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.processes_lane(), kNoLane);  // create runs nothing
  m.Ingest(s.Oci(3, 1, "runc.start", Id('a')));
  ASSERT_NE(m.processes_lane(), kNoLane);
  EXPECT_EQ(m.LaneColumns().back(), m.processes_lane());
  const FlowItem& start = m.items().back();
  EXPECT_EQ(start.from, m.manager_lane());
  EXPECT_EQ(start.via, m.OciLane("runc"));
  EXPECT_EQ(start.to, m.processes_lane());
}

TEST(RunModel, ExitRunsFromTheProcessUpToTheManager) {
  Script s;
  PodStart(s);
  s.Oci(30, 0, "runc.exit", Id('b'), "task exited, status 1");
  s.Transition(0, "container", Id('b'),
               "CONTAINER_RUNNING -> CONTAINER_EXITED (exit code 1)");
  RunModel m;
  s.FeedTo(m);
  const FlowItem& exit = m.items().back();
  EXPECT_EQ(exit.kind, ItemKind::kOciCall);
  EXPECT_EQ(exit.from, m.processes_lane());
  EXPECT_EQ(exit.via, m.OciLane("runc"));
  EXPECT_EQ(exit.to, m.manager_lane());
  // No call caused the exit: the transition belongs to no call.
  const ObjectRecord* ctr = m.objects().Find(Id('b'));
  ASSERT_NE(ctr, nullptr);
  EXPECT_EQ(ctr->transitions.back().call, kNoCall);
  EXPECT_EQ(ctr->State(), "CONTAINER_EXITED");
}

TEST(RunModel, TransitionsAreAttachedToTheCallThatCausedThem) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  const Call* start = m.FindSpan(14);
  ASSERT_NE(start, nullptr);
  ASSERT_EQ(start->transitions.size(), 1u);
  EXPECT_EQ(start->transitions[0].detail,
            "CONTAINER_CREATED -> CONTAINER_RUNNING (pid 1001)");
  EXPECT_EQ(m.FindSpan(10)->created_id, Id('a'));
  EXPECT_EQ(m.FindSpan(13)->created_id, Id('b'));
  EXPECT_TRUE(start->created_id.empty());
}

TEST(RunModel, CreateContainerLinksTheNewContainerToItsSandbox) {
  Script s;
  s.RpcIn(1, "CreateContainer", Id('a'));
  s.Transition(1, "container", Id('c'), "none -> CONTAINER_CREATED");
  RunModel m;
  s.FeedTo(m);
  const ObjectRecord* c = m.objects().Find(Id('c'));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->sandbox_id, Id('a'));
}

TEST(RunModel, NamesComeFromTheCriEvents) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.Describe(Id('a')), "default/web");
  EXPECT_EQ(m.Describe(Id('b')), "default/web/app");
  EXPECT_EQ(m.Describe(Id('e')), std::string(12, 'e'));  // never named
  EXPECT_EQ(m.Describe("busybox:1.36"), "busybox:1.36");
}

TEST(RunModel, PulledImageIsNamedByTheReferenceItWasPulledBy) {
  Script s;
  s.RpcIn(1, "PullImage", "busybox:1.36");
  s.Transition(1, "image", "sha256:" + Id('1'),
               "absent -> present (pulled busybox:1.36)");
  s.RpcOut(1, "PullImage");
  s.RpcIn(2, "RunPodSandbox");
  s.Transition(2, "image", "sha256:" + Id('2'),
               "absent -> present (pulled sandbox image "
               "registry.k8s.io/pause:3.10)");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.Describe("sha256:" + Id('1')), "busybox:1.36");
  EXPECT_EQ(m.Describe("sha256:" + Id('2')), "registry.k8s.io/pause:3.10");
}

TEST(RunModel, FaultAttachesToTheOpenCallOfItsRpc) {
  Script s;
  s.RpcIn(1, "ListContainers");
  s.RpcIn(2, "PullImage", "nginx");
  s.RpcIn(3, "ListPodSandbox");
  s.Fault("pull-flaky",
          "fault pull-flaky fired on cri PullImage (image nginx): error "
          "UNAVAILABLE \"registry down\"",
          14);
  s.RpcOut(2, "PullImage", 14, 0, "registry down");
  RunModel m;
  s.FeedTo(m);
  ASSERT_EQ(m.faults().size(), 1u);
  const FaultMark& f = m.faults()[0];
  EXPECT_EQ(f.rule, "pull-flaky");
  EXPECT_EQ(f.hop, "cri");
  EXPECT_EQ(f.operation, "PullImage");
  EXPECT_EQ(f.effect, "error");
  ASSERT_NE(f.call, kNoCall);
  EXPECT_EQ(m.calls()[f.call].span, 2u);
  EXPECT_TRUE(m.FindSpan(2)->faulted());
  EXPECT_FALSE(m.FindSpan(1)->faulted());
  EXPECT_FALSE(m.FindSpan(3)->faulted());
}

TEST(RunModel, CriErrorFaultStopsTheArrowsAtTheCriServer) {
  Script s;
  s.RpcIn(1, "PullImage", "nginx");
  s.Fault("f",
          "fault f fired on cri PullImage (image nginx): error "
          "UNAVAILABLE",
          14);
  s.RpcOut(1, "PullImage", 14);
  RunModel m;
  s.FeedTo(m);
  const Call& c = *m.FindSpan(1);
  const FlowItem& req = m.items()[c.request_item];
  EXPECT_EQ(req.to, m.cri_server_lane());
  EXPECT_EQ(req.via, kNoLane);
  const FlowItem& rep = m.items()[c.reply_item];
  EXPECT_EQ(rep.from, m.cri_server_lane());
  EXPECT_EQ(rep.to, m.client_lane());
}

TEST(RunModel, LatencyFaultLetsTheCallThrough) {
  Script s;
  s.RpcIn(1, "PullImage", "nginx");
  s.Fault("slow",
          "fault slow fired on cri PullImage (image nginx): latency "
          "2s",
          0, 2'000'000'000);
  s.RpcOut(1, "PullImage", 0, 2'000'000'000);
  RunModel m;
  s.FeedTo(m);
  const Call& c = *m.FindSpan(1);
  EXPECT_EQ(m.items()[c.request_item].to, m.manager_lane());
  EXPECT_EQ(m.faults()[0].delay_ns, 2'000'000'000);
}

TEST(RunModel, OciFaultIsMarkedOnItsHandlersLane) {
  Script s;
  s.RpcIn(1, "RunPodSandbox");
  s.Fault("kata-down",
          "fault kata-down fired on oci start (pod default/web handler "
          "kata): oci_failure",
          2);
  RunModel m;
  s.FeedTo(m);
  const FaultMark& f = m.faults()[0];
  const FlowItem& mark = m.items()[f.item];
  EXPECT_EQ(mark.kind, ItemKind::kFault);
  EXPECT_EQ(mark.from, m.OciLane("kata"));
  EXPECT_EQ(mark.to, mark.from);
  EXPECT_EQ(m.calls()[f.call].name, "RunPodSandbox");
}

TEST(RunModel, TimedRestartFaultHitsNoCall) {
  Script s;
  s.RpcIn(1, "ListContainers");
  s.Fault("restart", "fault restart fired on runtime tick (runtime): restart");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.faults()[0].call, kNoCall);
  EXPECT_FALSE(m.FindSpan(1)->faulted());
}

TEST(RunModel, CriEventsAreDrawnOnlyWhileAStreamIsOpen) {
  Script s;
  s.CriEvent("CONTAINER_CREATED_EVENT", Id('a'), Id('a'), "default", "web");
  s.RpcIn(1, "GetContainerEvents");
  s.CriEvent("CONTAINER_STARTED_EVENT", Id('a'), Id('a'), "default", "web");
  s.RpcOut(1, "GetContainerEvents", 1);
  s.CriEvent("CONTAINER_STOPPED_EVENT", Id('a'), Id('a'), "default", "web");
  RunModel m;
  s.FeedTo(m);
  ASSERT_EQ(m.cri_events().size(), 3u);
  EXPECT_EQ(m.cri_events()[0].item, kNoItem);
  ASSERT_NE(m.cri_events()[1].item, kNoItem);
  EXPECT_EQ(m.cri_events()[2].item, kNoItem);
  const FlowItem& ev = m.items()[m.cri_events()[1].item];
  EXPECT_EQ(ev.from, m.cri_server_lane());
  EXPECT_EQ(ev.to, m.client_lane());
  // The stream itself ends at the CRI server.
  EXPECT_EQ(m.items()[m.FindSpan(1)->request_item].to, m.cri_server_lane());
}

TEST(RunModel, KubeletDecisionIsAMarkOnTheClientLane) {
  Script s;
  s.Kubelet("backoff", "crasher/app",
            "Back-off 10s restarting failed container=app pod=crasher");
  RunModel m;
  s.FeedTo(m);
  ASSERT_EQ(m.kubelet_notes().size(), 1u);
  const FlowItem& it = m.items()[0];
  EXPECT_EQ(it.kind, ItemKind::kKubelet);
  EXPECT_EQ(it.from, m.client_lane());
  EXPECT_EQ(it.to, m.client_lane());
}

TEST(RunModel, RepeatedRecordsAreIgnored) {
  Script s;
  s.RpcIn(1, "Version");
  s.RpcOut(1, "Version");
  RunModel m;
  s.FeedTo(m);
  s.FeedTo(m);  // a re-opened stream sends them again
  EXPECT_EQ(m.calls().size(), 1u);
  EXPECT_EQ(m.items().size(), 2u);
  EXPECT_EQ(m.events_ingested(), 2u);
}

TEST(RunModel, MissingRecordsAreCounted) {
  Event a;
  a.seq = 5;
  a.kind = EventKind::kInfo;
  Event b = a;
  b.seq = 9;
  RunModel m;
  m.Ingest(a);
  m.Ingest(b);
  EXPECT_EQ(m.missing_records(), 3u);
  EXPECT_EQ(m.first_seq(), 5u);
  EXPECT_EQ(m.last_seq(), 9u);
}

TEST(RunModel, ReplyWhoseRequestWasDroppedBecomesACall) {
  Script s;
  s.Advance(5000);
  s.RpcOut(7, "StopContainer", 0, 4000);
  RunModel m;
  s.FeedTo(m);
  ASSERT_EQ(m.calls().size(), 1u);
  EXPECT_EQ(m.calls()[0].start, testing::kT0 + 1000);
  EXPECT_TRUE(m.calls()[0].answered);
  EXPECT_EQ(m.items().size(), 1u);
}

TEST(RunModel, PayloadsAreKeptOnTheCall) {
  Script s;
  s.RpcIn(1, "Version").payload = "version: \"v1\"\n";
  s.RpcOut(1, "Version").payload = "runtime_name: \"fakecri\"\n";
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.calls()[0].request, "version: \"v1\"\n");
  EXPECT_EQ(m.calls()[0].response, "runtime_name: \"fakecri\"\n");
}

TEST(RunModel, ItemsUpToCountsRowsByTime) {
  Script s;
  s.RpcIn(1, "Version");
  s.RpcOut(1, "Version");
  s.Advance(10);
  s.RpcIn(2, "Status");
  s.Advance(10);
  s.RpcOut(2, "Status");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.ItemsUpTo(testing::kT0 - 1), 0u);
  EXPECT_EQ(m.ItemsUpTo(testing::kT0), 2u);
  EXPECT_EQ(m.ItemsUpTo(testing::kT0 + 15), 3u);
  EXPECT_EQ(m.ItemsUpTo(testing::kT0 + 20), 4u);
}

TEST(RunModel, ItemTimesNeverGoBackwards) {
  Script s;
  s.Advance(100);
  s.RpcIn(1, "Version");
  RunModel m;
  s.FeedTo(m);
  Event late;  // stamped earlier than the row before it
  late.seq = 2;
  late.kind = EventKind::kRpcOut;
  late.span_id = 1;
  late.time_ns = testing::kT0;
  m.Ingest(late);
  EXPECT_EQ(m.items()[1].time, testing::kT0 + 100);
}

TEST(RunModel, NextRequestSkipsOtherRows) {
  Script s;
  s.Kubelet("sync", "web", "syncing");
  s.RpcIn(1, "Version");
  s.RpcOut(1, "Version");
  s.RpcIn(2, "Status");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(m.NextRequest(0), 1u);
  EXPECT_EQ(m.NextRequest(2), 3u);
  EXPECT_EQ(m.NextRequest(4), 4u);  // none: items().size()
}

TEST(RunModel, FaultHitsAreCountedPerRule) {
  Script s;
  s.Fault("a", "fault a fired on cri Version (runtime): latency 1ms");
  s.Fault("b", "fault b fired on cri Version (runtime): latency 1ms");
  s.Fault("a", "fault a fired on cri Version (runtime): latency 1ms");
  RunModel m;
  s.FeedTo(m);
  const auto hits = m.FaultHitsByRule();
  EXPECT_EQ(hits.at("a"), 2u);
  EXPECT_EQ(hits.at("b"), 1u);
}

TEST(RunModel, ApproxBytesGrowsWithTheCalls) {
  RunModel m;
  const size_t empty = m.ApproxBytes();
  Script s;
  for (uint64_t i = 1; i <= 100; ++i) {
    s.RpcIn(i, "ContainerStatus", Id('a'));
    s.RpcOut(i, "ContainerStatus");
  }
  s.FeedTo(m);
  EXPECT_GT(m.ApproxBytes(), empty + 100 * sizeof(Call));
}

}  // namespace
}  // namespace fakecri::gui
