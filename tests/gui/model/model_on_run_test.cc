// File: model_on_run_test.cc
// The view model on real runs: scenario files played by the embedded
// runtime and the simulated kubelet (virtual time), their event logs
// folded as the GUI folds them. Checks what the synthetic tests cannot:
// that the runtime's records are what the model expects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "gui/model/call_flow_layout.h"
#include "gui/model/item_text.h"
#include "gui/model/narration.h"
#include "gui/model/run_model.h"
#include "gui/model/state_machines.h"
#include "scenario/loader.h"
#include "scenario/runner.h"

namespace fakecri::gui {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunModel Play(const std::string& file, bool record_payloads) {
  auto s =
      scenario::LoadScenarioFile(std::string(FAKECRI_SCENARIOS) + "/" + file);
  EXPECT_TRUE(s.ok()) << s.status();
  scenario::RunOptions opts;
  opts.record_payloads = record_payloads;
  auto r = scenario::RunScenario(*s, opts);
  EXPECT_TRUE(r.ok()) << r.status();
  RunModel m;
  for (const auto& e : r->record->events()) m.Ingest(*e);
  return m;
}

TEST(ModelOnARun, EveryRecordedTransitionIsAnEdgeOfItsDiagram) {
  for (const char* file :
       {"crash-loop.yaml", "oom-kill.yaml", "graceful-termination.yaml",
        "runtime-restart.yaml", "init-containers.yaml"}) {
    SCOPED_TRACE(file);
    RunModel m = Play(file, false);
    ASSERT_FALSE(m.objects().objects().empty());
    for (const ObjectRecord& o : m.objects().objects()) {
      const StateMachineDiagram& d = DiagramFor(o.kind);
      for (const Transition& t : o.transitions) {
        if (t.IsNote()) continue;
        EXPECT_GE(d.EdgeIndex(t.from, t.to), 0)
            << ObjectKindName(o.kind) << " " << t.from << " -> " << t.to;
      }
    }
  }
}

TEST(ModelOnARun, CrashLoopShowsTheKubeletTheRuntimeAndTheProcesses) {
  RunModel m = Play("crash-loop.yaml", false);
  EXPECT_TRUE(m.has_kubelet());
  EXPECT_EQ(m.lanes()[m.client_lane()].title, "kubelet");
  ASSERT_NE(m.OciLane("runc"), kNoLane);
  ASSERT_NE(m.processes_lane(), kNoLane);
  EXPECT_EQ(m.LaneColumns().back(), m.processes_lane());
  EXPECT_EQ(m.missing_records(), 0u);
  // Every call the kubelet made was answered, and every OCI hop has its
  // CRI call (process exits excepted: nobody asked for those).
  size_t exits = 0, backoffs = 0;
  for (const Call& c : m.calls()) {
    if (c.kind == CallKind::kCri) {
      EXPECT_TRUE(c.answered) << c.name;
    } else if (c.name == "exit") {
      ++exits;
    } else {
      EXPECT_NE(c.parent, kNoCall) << c.handler << "." << c.name;
    }
  }
  for (const KubeletNote& n : m.kubelet_notes()) {
    backoffs += n.subject == "backoff" ? 1 : 0;
  }
  EXPECT_GE(exits, 2u);
  EXPECT_GE(backoffs, 1u);
  // The pod and its container are named from the CRI events.
  ASSERT_EQ(m.objects().pods().size(), 1u);
  const PodRecord& pod = m.objects().pods()[0];
  const auto containers = m.objects().ContainersOf(pod.sandbox_ids[0]);
  ASSERT_GE(containers.size(), 2u);  // one per restart
  EXPECT_EQ(containers[0]->Describe(),
            pod.pod_namespace + "/" + pod.pod_name + "/app");
}

TEST(ModelOnARun, RunPodSandboxIsNarratedWithItsPauseContainer) {
  RunModel m = Play("crash-loop.yaml", false);
  const Call* run = nullptr;
  for (const Call& c : m.calls()) {
    if (c.name == "RunPodSandbox") run = &c;
  }
  ASSERT_NE(run, nullptr);
  EXPECT_THAT(Narrate(m, run->request_item),
              HasSubstr("The kubelet asks the container manager to create the "
                        "pod sandbox for pod default/crasher. The manager asks "
                        "the OCI runtime (runc) to start the pause container "
                        "that holds the pod's namespaces."));
}

TEST(ModelOnARun, FaultsAreAttachedToTheCallsTheyHit) {
  RunModel m = Play("image-pull-failure.yaml", false);
  ASSERT_FALSE(m.faults().empty());
  for (const FaultMark& f : m.faults()) {
    SCOPED_TRACE(f.detail);
    EXPECT_FALSE(f.hop.empty());
    EXPECT_FALSE(f.effect.empty());
    if (f.hop == "cri" || f.hop == "image_pull") {
      ASSERT_NE(f.call, kNoCall);
      EXPECT_EQ(m.calls()[f.call].name,
                f.hop == "image_pull" ? "PullImage" : f.operation);
    }
  }
}

TEST(ModelOnARun, RecordedPayloadsReachTheInspector) {
  RunModel m = Play("crash-loop.yaml", true);
  const Call* create = nullptr;
  for (const Call& c : m.calls()) {
    if (c.name == "CreateContainer") {
      create = &c;
      break;
    }
  }
  ASSERT_NE(create, nullptr);
  const std::string text =
      CallDetails(m, static_cast<CallId>(create - m.calls().data()));
  EXPECT_THAT(text, HasSubstr("Request\npod_sandbox_id: \""));
  EXPECT_THAT(text, HasSubstr("Response\ncontainer_id: \""));
  EXPECT_THAT(text, Not(HasSubstr("not recorded")));
}

TEST(ModelOnARun, LayoutOfTheWholeRunStaysInsideTheViewport) {
  RunModel m = Play("crash-loop.yaml", false);
  CallFlowLayout layout;
  Viewport v;
  v.width = 1280;
  v.height = 700;
  v.revealed = m.items().size();
  v.scroll_y = layout.FollowScroll(v);
  const auto arrows = layout.Visible(m, v);
  ASSERT_FALSE(arrows.empty());
  EXPECT_EQ(arrows.back().item, m.items().size() - 1);
  for (const ArrowGeometry& a : arrows) {
    EXPECT_GE(a.x_from, 0);
    EXPECT_LE(a.x_to, v.width);
    EXPECT_FALSE(a.label.empty());
  }
}

}  // namespace
}  // namespace fakecri::gui
