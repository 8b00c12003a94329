// File: narration_test.cc
#include "gui/model/narration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using ::testing::HasSubstr;
using testing::Id;
using ::testing::Not;
using testing::PodStart;
using testing::Script;

RunModel PodStartModel(bool with_kubelet) {
  Script s;
  if (with_kubelet) s.Kubelet("pod", "web", "Pod web added to the node");
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  return m;
}

TEST(Narration, RunPodSandboxMentionsPauseContainer) {
  RunModel m = PodStartModel(true);
  const std::string text = Narrate(m, m.FindSpan(10)->request_item);
  EXPECT_THAT(text, HasSubstr("The kubelet asks the container manager to "
                              "create the pod sandbox for pod default/web."));
  EXPECT_THAT(text, HasSubstr("the OCI runtime (runc) to start the pause "
                              "container that holds the pod's namespaces"));
}

TEST(Narration, CallerIsTheCriClientWithoutKubeletRecords) {
  RunModel m = PodStartModel(false);
  EXPECT_THAT(Narrate(m, m.FindSpan(10)->request_item),
              HasSubstr("The CRI client asks"));
}

TEST(Narration, CreateContainerSaysNothingRunsYet) {
  RunModel m = PodStartModel(true);
  const std::string text = Narrate(m, m.FindSpan(13)->request_item);
  EXPECT_THAT(text, HasSubstr("create container app of pod web"));
  EXPECT_THAT(text, HasSubstr("the OCI runtime is not called"));
}

TEST(Narration, StartContainerNamesTheHandlerThatRunsIt) {
  RunModel m = PodStartModel(true);
  EXPECT_THAT(Narrate(m, m.FindSpan(14)->request_item),
              HasSubstr("start container app of pod web. The manager asks "
                        "the OCI runtime (runc)"));
}

TEST(Narration, PullImageIsTheManagersJobNotTheOciRuntimes) {
  Script s;
  s.RpcIn(1, "PullImage", "nginx:1.25");
  RunModel m;
  s.FeedTo(m);
  const std::string text = Narrate(m, 0);
  EXPECT_THAT(text, HasSubstr("image service to pull image nginx:1.25"));
  EXPECT_THAT(text, HasSubstr("the OCI runtime only ever sees an unpacked "
                              "bundle"));
}

TEST(Narration, ReplyTellsHowTheCallEnded) {
  Script s;
  s.RpcIn(1, "ContainerStatus", Id('c'));
  s.RpcOut(1, "ContainerStatus", 5, 1'000'000,
           "an error occurred when try to find container");
  s.RpcIn(2, "Version");
  s.RpcOut(2, "Version", 0, 250'000);
  RunModel m;
  s.FeedTo(m);
  EXPECT_THAT(Narrate(m, 1),
              HasSubstr("The call fails with NOT_FOUND: an error occurred "
                        "when try to find container."));
  EXPECT_THAT(Narrate(m, 3),
              HasSubstr("The container manager answers OK after 250 us."));
  EXPECT_THAT(Narrate(m, 0), Not(HasSubstr("fails")));  // not yet known
}

TEST(Narration, FaultNamesItsRuleAndWhatItDid) {
  Script s;
  s.RpcIn(1, "PullImage", "nginx");
  s.Fault("pull-flaky",
          "fault pull-flaky fired on cri PullImage (image nginx): error "
          "UNAVAILABLE",
          14);
  s.RpcOut(1, "PullImage", 14, 0, "registry down");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(Narrate(m, 1),
            "An injected fault (rule pull-flaky) fires at the CRI server: the "
            "call is answered UNAVAILABLE instead of doing the work. It hits "
            "PullImage.");
  EXPECT_THAT(Narrate(m, 2), HasSubstr("An injected fault (rule pull-flaky)"));
}

TEST(Narration, ExitIsReportedUpwardsByTheOciRuntime) {
  Script s;
  PodStart(s);
  s.Oci(30, 0, "runc.exit", Id('b'), "task exited, status 1");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(Narrate(m, static_cast<ItemId>(m.items().size() - 1)),
            "The process of container app of pod web ended (task exited, "
            "status 1). The OCI runtime (runc) reports the exit to the "
            "container manager, which records the container as exited.");
}

TEST(Narration, PauseContainerStartIsNamedAsSuch) {
  RunModel m = PodStartModel(true);
  const Call& run = *m.FindSpan(10);
  EXPECT_THAT(Narrate(m, m.calls()[run.children[1]].request_item),
              HasSubstr("to start the pause container of pod default/web: "
                        "the process that holds the pod's namespaces."));
}

TEST(Narration, StreamEventSaysWhoIsTold) {
  Script s;
  s.Kubelet("pleg", "", "evented PLEG on");
  s.RpcIn(1, "GetContainerEvents");
  s.CriEvent("CONTAINER_STARTED_EVENT", Id('b'), Id('a'), "default", "web",
             {{Id('b'), "app"}});
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(Narrate(m, 2),
            "The CRI server tells the kubelet over its GetContainerEvents "
            "stream that container app of pod web started.");
}

TEST(Narration, KubeletDecisionIsItsOwn) {
  Script s;
  s.Kubelet("backoff", "crasher/app",
            "Back-off 10s restarting failed container=app pod=crasher");
  RunModel m;
  s.FeedTo(m);
  EXPECT_EQ(Narrate(m, 0),
            "The kubelet's own decision, back-off: it waits before trying "
            "again: Back-off 10s restarting failed container=app "
            "pod=crasher.");
}

TEST(Narration, UsesNamesNotIds) {
  RunModel m = PodStartModel(true);
  for (ItemId i = 0; i < m.items().size(); ++i) {
    EXPECT_THAT(Narrate(m, i), Not(HasSubstr(Id('a').substr(0, 12))));
    EXPECT_THAT(Narrate(m, i), Not(HasSubstr(Id('b').substr(0, 12))));
  }
}

TEST(Narration, OutOfRangeItemIsEmpty) {
  RunModel m;
  EXPECT_EQ(Narrate(m, 3), "");
  EXPECT_EQ(NarrateCall(m, 3), "");
}

}  // namespace
}  // namespace fakecri::gui
