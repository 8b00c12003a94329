// File: object_history_test.cc
#include "gui/model/object_history.h"

#include <gtest/gtest.h>

#include "event_builders.h"
#include "gui/model/run_model.h"
#include "gui/model/state_machines.h"

namespace fakecri::gui {
namespace {

using testing::Id;
using testing::kT0;
using testing::PodStart;
using testing::Script;

TransitionText T(const std::string& detail) {
  return *ParseTransitionDetail(detail);
}

TEST(TransitionDetail, ParsesFromToAndReason) {
  auto t = ParseTransitionDetail("none -> SANDBOX_READY (ip 10.88.0.2)");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->from, "none");
  EXPECT_EQ(t->to, "SANDBOX_READY");
  EXPECT_EQ(t->why, "ip 10.88.0.2");
}

TEST(TransitionDetail, ReasonMayHoldParentheses) {
  auto t = ParseTransitionDetail(
      "CONTAINER_RUNNING -> CONTAINER_RUNNING (fault f: crash (soon))");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->to, "CONTAINER_RUNNING");
  EXPECT_EQ(t->why, "fault f: crash (soon)");
}

TEST(TransitionDetail, WithoutReason) {
  auto t = ParseTransitionDetail("CONTAINER_EXITED -> removed");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->to, "removed");
  EXPECT_EQ(t->why, "");
}

TEST(TransitionDetail, TextWithoutArrowIsNotATransition) {
  EXPECT_FALSE(ParseTransitionDetail("podCIDR 10.88.0.0/16").has_value());
}

TEST(ObjectHistory, StateAtTimeBeforeStartIsAbsent) {
  ObjectHistory h;
  h.AddTransition("container", Id('c'), T("none -> CONTAINER_CREATED"), 5,
                  kT0 + 100, kNoCall);
  const ObjectRecord* c = h.Find(Id('c'));
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->StateAt(kT0 + 99).has_value());
  EXPECT_EQ(c->StateAt(kT0 + 100), "CONTAINER_CREATED");
  EXPECT_FALSE(c->StateAtSeq(4).has_value());
  EXPECT_EQ(c->StateAtSeq(5), "CONTAINER_CREATED");
}

TEST(ObjectHistory, StateFollowsTheTransitionsInOrder) {
  ObjectHistory h;
  h.AddTransition("container", Id('c'), T("none -> CONTAINER_CREATED"), 1, kT0,
                  kNoCall);
  h.AddTransition("container", Id('c'),
                  T("CONTAINER_CREATED -> CONTAINER_RUNNING"), 2, kT0 + 10,
                  kNoCall);
  h.AddTransition("container", Id('c'),
                  T("CONTAINER_RUNNING -> CONTAINER_EXITED (exit code 1)"), 3,
                  kT0 + 20, kNoCall);
  const ObjectRecord* c = h.Find(Id('c'));
  EXPECT_EQ(c->StateAt(kT0 + 5), "CONTAINER_CREATED");
  EXPECT_EQ(c->StateAt(kT0 + 15), "CONTAINER_RUNNING");
  EXPECT_EQ(c->StateAt(kT0 + 25), "CONTAINER_EXITED");
  EXPECT_EQ(c->State(), "CONTAINER_EXITED");
  EXPECT_EQ(c->transitions.back().why, "exit code 1");
}

TEST(ObjectHistory, RemovedObjectIsAbsentAfterwards) {
  ObjectHistory h;
  h.AddTransition("sandbox", Id('s'), T("none -> SANDBOX_READY"), 1, kT0,
                  kNoCall);
  h.AddTransition("sandbox", Id('s'), T("SANDBOX_READY -> SANDBOX_NOTREADY"), 2,
                  kT0 + 1, kNoCall);
  h.AddTransition("sandbox", Id('s'), T("SANDBOX_NOTREADY -> removed"), 3,
                  kT0 + 2, kNoCall);
  const ObjectRecord* s = h.Find(Id('s'));
  EXPECT_EQ(s->StateAtSeq(2), "SANDBOX_NOTREADY");
  EXPECT_FALSE(s->StateAtSeq(3).has_value());
  EXPECT_FALSE(s->State().has_value());
  // Gone, not "not yet": it was created by then.
  EXPECT_TRUE(s->CreatedBy(3));
  EXPECT_FALSE(s->CreatedBy(0));
}

TEST(ObjectHistory, NotesDoNotChangeTheState) {
  ObjectHistory h;
  h.AddTransition("container", Id('c'), T("none -> CONTAINER_RUNNING"), 1, kT0,
                  kNoCall);
  h.AddTransition("container", Id('c'),
                  T("CONTAINER_RUNNING -> CONTAINER_RUNNING (log reopened)"), 2,
                  kT0, kNoCall);
  const ObjectRecord* c = h.Find(Id('c'));
  EXPECT_TRUE(c->transitions[1].IsNote());
  EXPECT_EQ(c->State(), "CONTAINER_RUNNING");
}

TEST(ObjectHistory, OtherSubjectsAreNotObjects) {
  ObjectHistory h;
  EXPECT_FALSE(h.AddTransition("runtime", "", T("a -> b"), 1, kT0, kNoCall));
  EXPECT_TRUE(h.objects().empty());
}

TEST(ObjectHistory, AtSeqListsOnlyObjectsThatExistedThen) {
  Script s;
  PodStart(s);
  s.RpcIn(40, "RemoveContainer", Id('b'));
  s.Transition(40, "container", Id('b'), "CONTAINER_RUNNING -> removed");
  RunModel m;
  s.FeedTo(m);
  const uint64_t before_create = m.FindSpan(13)->request_item;  // its row
  const uint64_t seq_before = m.items()[before_create].seq;
  auto early = m.objects().AtSeq(seq_before);
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].object->id, Id('a'));
  EXPECT_EQ(early[0].state, "SANDBOX_READY");
  auto running = m.objects().AtSeq(m.items()[m.FindSpan(14)->reply_item].seq);
  ASSERT_EQ(running.size(), 2u);
  EXPECT_EQ(running[1].state, "CONTAINER_RUNNING");
  auto last = m.objects().AtSeq(m.last_seq());
  ASSERT_EQ(last.size(), 1u);  // the container was removed
  EXPECT_EQ(last[0].object->kind, ObjectKind::kSandbox);
  EXPECT_EQ(m.objects().At(kT0).size(), 1u);  // the pod started at kT0
}

TEST(ObjectHistory, ContainersNamedBeforeTheirSandboxGetThePod) {
  ObjectHistory h;
  h.NameContainer(Id('c'), Id('s'), "app", 0);
  h.NameSandbox(Id('s'), "default", "web", "uid-1", 0);
  const ObjectRecord* c = h.Find(Id('c'));
  EXPECT_EQ(c->pod_name, "web");
  EXPECT_EQ(c->Describe(), "default/web/app");
  ASSERT_EQ(h.ContainersOf(Id('s')).size(), 1u);
  EXPECT_EQ(h.ContainersOf(Id('s'))[0], c);
}

TEST(ObjectHistory, PodsGroupTheirSandboxes) {
  ObjectHistory h;
  h.NameSandbox(Id('1'), "default", "web", "uid-1", 0);
  h.NameSandbox(Id('2'), "default", "web", "uid-1", 1);  // recreated
  h.NameSandbox(Id('3'), "default", "db", "uid-2", 0);
  h.NameSandbox(Id('1'), "default", "web", "uid-1", 0);  // named again
  ASSERT_EQ(h.pods().size(), 2u);
  EXPECT_EQ(h.pods()[0].sandbox_ids,
            (std::vector<std::string>{Id('1'), Id('2')}));
  EXPECT_EQ(h.PodOf(*h.Find(Id('3')))->pod_name, "db");
}

TEST(StateMachineDiagram, EveryEdgeJoinsTwoNodes) {
  for (ObjectKind k :
       {ObjectKind::kSandbox, ObjectKind::kContainer, ObjectKind::kImage}) {
    const StateMachineDiagram& d = DiagramFor(k);
    EXPECT_EQ(d.kind, k);
    for (const StateEdge& e : d.edges) {
      EXPECT_NE(d.Node(e.from), nullptr) << e.from;
      EXPECT_NE(d.Node(e.to), nullptr) << e.to;
    }
    for (const StateNode& n : d.nodes) {
      EXPECT_LT(n.col, d.cols);
      EXPECT_LT(n.row, d.rows);
    }
  }
}

TEST(StateMachineDiagram, TakenEdgesAreCountedWithTheirLastTime) {
  ObjectHistory h;
  const std::string id = Id('s');
  h.AddTransition("sandbox", id, T("none -> SANDBOX_READY"), 1, kT0, kNoCall);
  h.AddTransition("sandbox", id, T("SANDBOX_READY -> SANDBOX_READY (note)"), 2,
                  kT0 + 1, kNoCall);
  h.AddTransition("sandbox", id, T("SANDBOX_READY -> SANDBOX_NOTREADY"), 3,
                  kT0 + 2, kNoCall);
  const ObjectRecord& o = *h.Find(id);
  const StateMachineDiagram& d = DiagramFor(ObjectKind::kSandbox);
  ObjectDiagramState at2 = DiagramStateAt(o, 2);
  EXPECT_EQ(at2.current, "SANDBOX_READY");
  ASSERT_EQ(at2.taken.size(), 1u);
  EXPECT_EQ(at2.taken[0].edge, d.EdgeIndex("none", "SANDBOX_READY"));
  ObjectDiagramState at3 = DiagramStateAt(o, 3);
  EXPECT_EQ(at3.current, "SANDBOX_NOTREADY");
  ASSERT_EQ(at3.taken.size(), 2u);
  EXPECT_EQ(at3.taken[1].last_time, kT0 + 2);
  EXPECT_EQ(at3.taken[1].count, 1);
  EXPECT_EQ(DiagramStateAt(o, 0).current, "");
}

TEST(StateMachineDiagram, ARestartedContainerCountsEachPass) {
  ObjectHistory h;
  const std::string id = Id('c');
  h.AddTransition("container", id, T("none -> CONTAINER_CREATED"), 1, kT0,
                  kNoCall);
  h.AddTransition("container", id, T("CONTAINER_CREATED -> CONTAINER_EXITED"),
                  2, kT0 + 1, kNoCall);
  h.AddTransition("container", id, T("CONTAINER_EXITED -> removed"), 3, kT0 + 2,
                  kNoCall);
  ObjectDiagramState st = DiagramStateAt(*h.Find(id), 3);
  EXPECT_EQ(st.current, "removed");
  EXPECT_EQ(st.taken.size(), 3u);
}

}  // namespace
}  // namespace fakecri::gui
