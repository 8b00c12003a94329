// Container manager behaviour, without gRPC: names, id prefixes, filters,
// events, errors that change nothing, networking, stats.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/manager_fixture.h"
#include "testing/status_matchers.h"

// These tests name the CRI Signal enum values, which <signal.h> (pulled in
// by GoogleTest and gRPC) shadows with macros of the same names.
#undef SIGTERM

namespace fakecri::testing {
namespace {

using Code = absl::StatusCode;
using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST_F(ManagerTest, RunPodSandboxIsReadyWithIpAndEchoesConfig) {
  std::string id = RunPod("web");
  EXPECT_THAT(id, ::testing::MatchesRegex("[0-9a-f]{64}"));
  auto st = PodStatus(id);
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::SANDBOX_READY);
  EXPECT_GT(st->created_at(), 0);
  EXPECT_EQ(st->network().ip(), "10.88.0.2");
  EXPECT_EQ(st->metadata().name(), "web");
  EXPECT_EQ(st->labels().at("io.kubernetes.pod.name"), "web");
  EXPECT_EQ(st->annotations().at("note"), "kept verbatim: ÄÖ \"quoted\"");
  // The pause image was pulled to run the sandbox.
  EXPECT_TRUE(images_.Find("registry.k8s.io/pause:3.10").has_value());
}

TEST_F(ManagerTest, SandboxNameIsReservedUntilRemoved) {
  std::string first = RunPod("web", 0);
  v1::RunPodSandboxRequest req;
  *req.mutable_config() = PodConfig("web", "default", 0);
  v1::RunPodSandboxResponse resp;
  std::string before = Snapshot();
  EXPECT_THAT(
      mgr_.RunPodSandbox(ctx_, req, &resp),
      StatusIs(Code::kFailedPrecondition, "is reserved for \"" + first + "\""));
  EXPECT_EQ(before, Snapshot());
  // A new attempt is a new name.
  RunPod("web", 1);
  // Stopping keeps the name; removing frees it.
  ASSERT_OK(StopPod(first));
  EXPECT_THAT(mgr_.RunPodSandbox(ctx_, req, &resp),
              StatusIs(Code::kFailedPrecondition, ""));
  ASSERT_OK(RemovePod(first));
  EXPECT_OK(mgr_.RunPodSandbox(ctx_, req, &resp));
}

TEST_F(ManagerTest, ContainerNameIsReservedUntilRemoved) {
  std::string pod = RunPod("p");
  PullBusybox();
  std::string c1 = CreateContainer(pod, "p", "app");
  v1::CreateContainerResponse resp;
  EXPECT_THAT(
      mgr_.CreateContainer(ctx_, CreateRequest(pod, "p", "app"), &resp),
      StatusIs(Code::kFailedPrecondition,
               "failed to reserve container name \"app_p_default_uid-p_0\""));
  EXPECT_OK(
      mgr_.CreateContainer(ctx_, CreateRequest(pod, "p", "app", 1), &resp));
  ASSERT_OK(Remove(c1));
  EXPECT_OK(mgr_.CreateContainer(ctx_, CreateRequest(pod, "p", "app"), &resp));
}

TEST_F(ManagerTest, MalformedRequestsAreInvalidArgumentAndChangeNothing) {
  std::string pod = RunPod("p");
  PullBusybox();
  const std::string before = Snapshot();
  v1::RunPodSandboxResponse run_resp;
  v1::RunPodSandboxRequest no_md;
  EXPECT_THAT(mgr_.RunPodSandbox(ctx_, no_md, &run_resp),
              StatusIs(Code::kInvalidArgument, "metadata"));
  v1::RunPodSandboxRequest no_uid;
  *no_uid.mutable_config() = PodConfig("x");
  no_uid.mutable_config()->mutable_metadata()->clear_uid();
  EXPECT_THAT(mgr_.RunPodSandbox(ctx_, no_uid, &run_resp),
              StatusIs(Code::kInvalidArgument, "uid"));

  v1::CreateContainerResponse cr;
  auto req = CreateRequest(pod, "p", "c");
  req.mutable_config()->clear_metadata();
  EXPECT_THAT(mgr_.CreateContainer(ctx_, req, &cr),
              StatusIs(Code::kInvalidArgument, "metadata"));
  req = CreateRequest(pod, "p", "c");
  req.mutable_config()->mutable_image()->clear_image();
  EXPECT_THAT(mgr_.CreateContainer(ctx_, req, &cr),
              StatusIs(Code::kInvalidArgument, "image"));
  req = CreateRequest("", "p", "c");
  EXPECT_THAT(mgr_.CreateContainer(ctx_, req, &cr),
              StatusIs(Code::kInvalidArgument, "sandbox id"));
  req = CreateRequest(pod, "p", "c");
  req.mutable_config()
      ->mutable_linux()
      ->mutable_security_context()
      ->mutable_run_as_group()
      ->set_value(5);
  EXPECT_THAT(mgr_.CreateContainer(ctx_, req, &cr),
              StatusIs(Code::kInvalidArgument, "specified without user"));

  EXPECT_THAT(Start(""), StatusIs(Code::kInvalidArgument, "must not be empty"));
  EXPECT_THAT(Stop("", 0),
              StatusIs(Code::kInvalidArgument, "must not be empty"));
  EXPECT_THAT(Remove(""),
              StatusIs(Code::kInvalidArgument, "must not be empty"));
  EXPECT_THAT(StopPod(""),
              StatusIs(Code::kInvalidArgument, "must not be empty"));
  EXPECT_THAT(RemovePod(""),
              StatusIs(Code::kInvalidArgument, "must not be empty"));
  EXPECT_THAT(Status(""),
              StatusIs(Code::kInvalidArgument, "must not be empty"));
  std::string ctr = CreateContainer(pod, "p", "c");
  const std::string with_ctr = Snapshot();
  EXPECT_THAT(Stop(ctr, -1), StatusIs(Code::kInvalidArgument, "negative"));
  v1::ExecSyncRequest exec;
  exec.set_container_id(ctr);
  exec.add_cmd("true");
  exec.set_timeout(-3);
  v1::ExecSyncResponse er;
  EXPECT_THAT(ExecSync(exec, &er),
              StatusIs(Code::kInvalidArgument, "negative"));
  v1::UpdateRuntimeConfigRequest urc;
  urc.mutable_runtime_config()->mutable_network_config()->set_pod_cidr(
      "10.0.0.0/99");
  v1::UpdateRuntimeConfigResponse urr;
  EXPECT_THAT(mgr_.UpdateRuntimeConfig(ctx_, urc, &urr),
              StatusIs(Code::kInvalidArgument, "prefix"));
  v1::PullImageRequest bad_pull;
  bad_pull.mutable_image()->set_image("UPPER/Case");
  v1::PullImageResponse pr;
  EXPECT_THAT(mgr_.PullImage(ctx_, bad_pull, &pr),
              StatusIs(Code::kInvalidArgument, ""));
  EXPECT_EQ(with_ctr, Snapshot());
  ASSERT_OK(Remove(ctr));
  EXPECT_EQ(before, Snapshot());
}

TEST_F(ManagerTest, UnknownRuntimeHandlerIsRejected) {
  v1::RunPodSandboxRequest req;
  *req.mutable_config() = PodConfig("p");
  req.set_runtime_handler("crun");
  v1::RunPodSandboxResponse resp;
  const std::string before = Snapshot();
  EXPECT_THAT(
      mgr_.RunPodSandbox(ctx_, req, &resp),
      StatusIs(Code::kUnknown, "no runtime for \"crun\" is configured"));
  EXPECT_EQ(before, Snapshot());
  for (const char* h : {"", "runc", "runsc", "kata"}) {
    std::string id = RunPod(std::string("pod-") + h, 0, h);
    auto st = PodStatus(id);
    ASSERT_OK(st);
    EXPECT_EQ(st->runtime_handler(), h);
  }
}

TEST_F(ManagerTest, CreateContainerNeedsReadySandboxAndLocalImage) {
  std::string pod = RunPod("p");
  v1::CreateContainerResponse cr;
  EXPECT_THAT(mgr_.CreateContainer(ctx_, CreateRequest(pod, "p", "c"), &cr),
              StatusIs(Code::kNotFound, "failed to resolve image \"busybox\""));
  EXPECT_FALSE(images_.Find("busybox").has_value()) << "no implicit pull";
  PullBusybox();
  EXPECT_THAT(mgr_.CreateContainer(
                  ctx_, CreateRequest(std::string(64, 'a'), "p", "c"), &cr),
              StatusIs(Code::kNotFound, "failed to find sandbox"));
  ASSERT_OK(StopPod(pod));
  EXPECT_THAT(mgr_.CreateContainer(ctx_, CreateRequest(pod, "p", "c"), &cr),
              StatusIs(Code::kUnknown, "is not running"));
  EXPECT_THAT(ListContainers(), SizeIs(0));
}

TEST_F(ManagerTest, ContainerStatusCarriesWhatTheKubeletChecks) {
  std::string pod = RunPod("p");
  std::string image_id = PullBusybox();
  auto req = CreateRequest(pod, "p", "c");
  req.mutable_sandbox_config()->set_log_directory(
      "/var/log/pods/default_p_uid-p");
  req.mutable_config()->set_log_path("c/0.log");
  v1::CreateContainerResponse cr;
  ASSERT_OK(mgr_.CreateContainer(ctx_, req, &cr));
  auto st = Status(cr.container_id());
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_CREATED);
  EXPECT_GT(st->created_at(), 0);
  EXPECT_EQ(st->started_at(), 0);
  EXPECT_EQ(st->finished_at(), 0);
  EXPECT_EQ(st->image().image(), "docker.io/library/busybox:latest");
  EXPECT_FALSE(st->image_ref().empty());
  EXPECT_EQ(st->image_id(), image_id);
  EXPECT_EQ(st->metadata().name(), "c");
  EXPECT_EQ(st->annotations().at("io.kubernetes.container.restartCount"), "0");
  EXPECT_EQ(st->stop_signal(), v1::SIGTERM);
  EXPECT_EQ(st->user().linux().uid(), 0);
  // log_path is absolute: the sandbox's log directory joined with the
  // container's relative path.
  EXPECT_EQ(st->log_path(), "/var/log/pods/default_p_uid-p/c/0.log");
  auto list = ListContainers();
  ASSERT_THAT(list, SizeIs(1));
  EXPECT_EQ(list[0].image_ref(), image_id);
  EXPECT_EQ(list[0].image().image(), "busybox");
}

TEST_F(ManagerTest, StopWithTimeoutKillsPid1WithoutHandlerAtTheTimeout) {
  std::string pod = RunPod("p");
  PullBusybox();
  // `sleep` as PID 1 has no SIGTERM handler: the kernel drops the signal,
  // so the container dies from the SIGKILL at the end of the timeout.
  std::string a = CreateContainer(pod, "p", "a");
  std::string b = CreateContainer(pod, "p", "b");
  ASSERT_OK(Start(a));
  ASSERT_OK(Start(b));
  ASSERT_OK(Stop(a, 30));
  const runtime::TimeNs b_stop = clock_.Now();
  ASSERT_OK(Stop(b, 0));
  auto sa = Status(a);
  auto sb = Status(b);
  ASSERT_OK(sa);
  ASSERT_OK(sb);
  EXPECT_EQ(sa->exit_code(), 137);
  EXPECT_EQ(sb->exit_code(), 137);
  EXPECT_EQ(sa->reason(), "Error");
  EXPECT_GE(sa->finished_at() - sa->started_at(), 30 * runtime::kSecond);
  EXPECT_EQ(sb->finished_at(), b_stop);
}

TEST_F(ManagerTest, StopWithTimeoutLetsATrapExitCleanly) {
  std::string pod = RunPod("p");
  PullBusybox();
  auto req = CreateRequest(pod, "p", "t");
  req.mutable_config()->clear_args();
  req.mutable_config()->clear_command();
  for (const char* a :
       {"sh", "-c",
        "trap 'echo bye; exit 0' TERM; while :; do sleep 1; done"}) {
    req.mutable_config()->add_command(a);
  }
  v1::CreateContainerResponse created;
  ASSERT_OK(mgr_.CreateContainer(ctx_, req, &created));
  ASSERT_OK(Start(created.container_id()));
  ASSERT_OK(Stop(created.container_id(), 30));
  auto st = Status(created.container_id());
  ASSERT_OK(st);
  EXPECT_EQ(st->exit_code(), 0);
  EXPECT_EQ(st->reason(), "Completed");
  EXPECT_LE(st->finished_at() - st->started_at(), 2 * runtime::kSecond);
}

TEST_F(ManagerTest, StopPodSandboxKillsContainersAndReleasesIp) {
  std::string pod = RunPod("p");
  PullBusybox();
  std::string running = CreateContainer(pod, "p", "run");
  std::string created = CreateContainer(pod, "p", "new");
  ASSERT_OK(Start(running));
  ASSERT_EQ(mgr_.CountsForTest().ips, 1u);
  ASSERT_OK(StopPod(pod));
  auto ps = PodStatus(pod);
  ASSERT_OK(ps);
  EXPECT_EQ(ps->state(), v1::SANDBOX_NOTREADY);
  EXPECT_EQ(ps->network().ip(), "");
  EXPECT_EQ(mgr_.CountsForTest().ips, 0u);
  EXPECT_EQ(Status(running)->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(Status(running)->exit_code(), 137);
  EXPECT_EQ(Status(created)->state(), v1::CONTAINER_CREATED);
  EXPECT_THAT(Start(created), StatusIs(Code::kUnknown, "is not running"));
  ASSERT_OK(StopPod(pod));  // idempotent
}

TEST_F(ManagerTest, RemovePodSandboxRemovesItsContainersAndLeaksNothing) {
  std::string pod = RunPod("p");
  PullBusybox();
  std::string a = CreateContainer(pod, "p", "a");
  CreateContainer(pod, "p", "b");
  ASSERT_OK(Start(a));
  ASSERT_OK(RemovePod(pod));
  EXPECT_THAT(ListContainers(), SizeIs(0));
  EXPECT_THAT(ListPods(), SizeIs(0));
  auto c = mgr_.CountsForTest();
  EXPECT_EQ(c.sandboxes + c.containers + c.names + c.ips + c.tasks, 0u);
  EXPECT_THAT(PodStatus(pod), StatusIs(Code::kNotFound, ""));
}

TEST_F(ManagerTest, IdPrefixesResolveUniquelyAndAmbiguityIsAnError) {
  PullBusybox();
  std::vector<std::string> pods;
  for (int i = 0; i < 40; ++i) pods.push_back(RunPod("p" + std::to_string(i)));
  // Any unique prefix works in status, stop and remove.
  auto st = PodStatus(pods[0].substr(0, 12));
  ASSERT_OK(st);
  EXPECT_EQ(st->id(), pods[0]);
  // With 40 ids, some two share a first hex digit: that prefix is ambiguous.
  std::map<char, int> first;
  for (const auto& p : pods) first[p[0]]++;
  char shared = 0;
  for (auto [c, n] : first) {
    if (n > 1) shared = c;
  }
  ASSERT_NE(shared, 0);
  EXPECT_THAT(PodStatus(std::string(1, shared)),
              StatusIs(Code::kUnknown, "ambiguous"));
  EXPECT_THAT(StopPod(std::string(1, shared)),
              StatusIs(Code::kUnknown, "ambiguous"));
  // Filters treat an ambiguous or unknown prefix as matching nothing.
  v1::PodSandboxFilter f;
  f.set_id(std::string(1, shared));
  EXPECT_THAT(ListPods(f), SizeIs(0));
  f.set_id(pods[3].substr(0, 10));
  EXPECT_THAT(ListPods(f), SizeIs(1));
  std::string ctr = CreateContainer(pods[3].substr(0, 10), "p3", "c");
  ASSERT_OK(Start(ctr.substr(0, 8)));
  v1::ContainerFilter cf;
  cf.set_pod_sandbox_id(pods[3].substr(0, 10));
  EXPECT_THAT(ListContainers(cf), SizeIs(1));
  ASSERT_OK(Stop(ctr.substr(0, 8), 0));
  ASSERT_OK(Remove(ctr.substr(0, 8)));
  EXPECT_THAT(ListContainers(), SizeIs(0));
}

TEST_F(ManagerTest, ListFiltersAreAnded) {
  PullBusybox();
  std::string p1 = RunPod("one");
  std::string p2 = RunPod("two");
  std::string c1 = CreateContainer(p1, "one", "web");
  std::string c2 = CreateContainer(p1, "one", "db");
  std::string c3 = CreateContainer(p2, "two", "web");
  ASSERT_OK(Start(c1));
  ASSERT_OK(Start(c3));
  ASSERT_OK(StopPod(p2));

  v1::ContainerFilter f;
  (*f.mutable_label_selector())["io.kubernetes.container.name"] = "web";
  EXPECT_THAT(ListContainers(f), SizeIs(2));
  f.mutable_state()->set_state(v1::CONTAINER_RUNNING);
  auto running_web = ListContainers(f);
  ASSERT_THAT(running_web, SizeIs(1));
  EXPECT_EQ(running_web[0].id(), c1);
  f.set_pod_sandbox_id(p2);
  EXPECT_THAT(ListContainers(f), SizeIs(0));
  v1::ContainerFilter by_pod;
  by_pod.set_pod_sandbox_id(p1);
  EXPECT_THAT(ListContainers(by_pod), SizeIs(2));
  (*by_pod.mutable_label_selector())["io.kubernetes.container.name"] = "db";
  auto db = ListContainers(by_pod);
  ASSERT_THAT(db, SizeIs(1));
  EXPECT_EQ(db[0].id(), c2);
  (*by_pod.mutable_label_selector())["missing"] = "x";
  EXPECT_THAT(ListContainers(by_pod), SizeIs(0));

  v1::PodSandboxFilter pf;
  pf.mutable_state()->set_state(v1::SANDBOX_NOTREADY);
  auto notready = ListPods(pf);
  ASSERT_THAT(notready, SizeIs(1));
  EXPECT_EQ(notready[0].id(), p2);
  v1::PodSandboxFilter lf;
  (*lf.mutable_label_selector())["io.kubernetes.pod.uid"] = "uid-one";
  ASSERT_THAT(ListPods(lf), SizeIs(1));
  lf.mutable_state()->set_state(v1::SANDBOX_NOTREADY);
  EXPECT_THAT(ListPods(lf), SizeIs(0));
}

TEST_F(ManagerTest, LabelFilteredListsForgetRemovedContainers) {
  PullBusybox();
  std::string p1 = RunPod("one");
  std::string p2 = RunPod("two");
  std::string a = CreateContainer(p1, "one", "web");
  std::string b = CreateContainer(p2, "two", "web");
  v1::ContainerFilter web;
  (*web.mutable_label_selector())["io.kubernetes.container.name"] = "web";
  EXPECT_THAT(ListContainers(web), SizeIs(2));
  ASSERT_OK(Remove(a));
  auto left = ListContainers(web);
  ASSERT_THAT(left, SizeIs(1));
  EXPECT_EQ(left[0].id(), b);
  ASSERT_OK(RemovePod(p2));
  EXPECT_THAT(ListContainers(web), SizeIs(0));
  // Re-created with the same labels, it is found again.
  std::string c = CreateContainer(p1, "one", "web", 1);
  web.set_pod_sandbox_id(p1);
  ASSERT_THAT(ListContainers(web), SizeIs(1));
  EXPECT_EQ(ListContainers(web)[0].id(), c);
}

TEST_F(ManagerTest, EventsFollowContainerdOrderAndCarryPodStatus) {
  PullBusybox();
  const uint64_t from = log_.LastSeq() + 1;
  std::string pod = RunPod("p");
  std::string ctr = CreateContainer(pod, "p", "c");
  ASSERT_OK(Start(ctr));
  ASSERT_OK(Stop(ctr, 0));
  ASSERT_OK(Remove(ctr));
  ASSERT_OK(StopPod(pod));
  ASSERT_OK(RemovePod(pod));
  auto events = CriEvents(from);
  std::vector<std::pair<std::string, v1::ContainerEventType>> seen;
  for (const auto& e : events)
    seen.emplace_back(e.container_id(), e.container_event_type());
  EXPECT_THAT(seen, ElementsAre(std::pair(pod, v1::CONTAINER_CREATED_EVENT),
                                std::pair(pod, v1::CONTAINER_STARTED_EVENT),
                                std::pair(ctr, v1::CONTAINER_CREATED_EVENT),
                                std::pair(ctr, v1::CONTAINER_STARTED_EVENT),
                                std::pair(ctr, v1::CONTAINER_STOPPED_EVENT),
                                std::pair(ctr, v1::CONTAINER_DELETED_EVENT),
                                std::pair(pod, v1::CONTAINER_STOPPED_EVENT),
                                std::pair(pod, v1::CONTAINER_DELETED_EVENT)));
  // Each event carries the pod's status and the statuses of its containers.
  for (const auto& e : events) {
    ASSERT_TRUE(e.has_pod_sandbox_status());
    EXPECT_EQ(e.pod_sandbox_status().id(), pod);
    EXPECT_EQ(e.pod_sandbox_status().metadata().uid(), "uid-p");
    EXPECT_GT(e.created_at(), 0);
  }
  ASSERT_EQ(events[3].containers_statuses_size(), 1);
  EXPECT_EQ(events[3].containers_statuses(0).state(), v1::CONTAINER_RUNNING);
  EXPECT_EQ(events[4].containers_statuses(0).state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(events[5].containers_statuses_size(),
            0);  // deleted before the event
  EXPECT_EQ(events[6].pod_sandbox_status().state(), v1::SANDBOX_NOTREADY);
}

TEST_F(ManagerTest, EventLogRecordsHopsAndTransitionsUnderTheCallSpan) {
  PullBusybox();
  CallContext call{.span = log_.NewSpanId()};
  std::string pod;
  {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig("p");
    v1::RunPodSandboxResponse resp;
    ASSERT_OK(mgr_.RunPodSandbox(call, req, &resp));
    pod = resp.pod_sandbox_id();
  }
  std::vector<std::string> under_span;
  for (const auto& e : log_.Since(0)) {
    if (e->parent_span_id == call.span) {
      under_span.push_back(std::string(runtime::EventKindName(e->kind)) + " " +
                           e->subject);
    }
  }
  EXPECT_THAT(under_span, ::testing::IsSupersetOf({"oci_call runc.create",
                                                   "oci_call runc.start",
                                                   "transition sandbox"}));
}

TEST_F(ManagerTest, PodIpsComeFromTheConfiguredCidrAndAreReused) {
  v1::UpdateRuntimeConfigRequest req;
  req.mutable_runtime_config()->mutable_network_config()->set_pod_cidr(
      "10.244.3.0/24,fd00::/64");
  v1::UpdateRuntimeConfigResponse resp;
  ASSERT_OK(mgr_.UpdateRuntimeConfig(ctx_, req, &resp));
  std::string a = RunPod("a");
  std::string b = RunPod("b");
  EXPECT_EQ(PodStatus(a)->network().ip(), "10.244.3.2");
  EXPECT_EQ(PodStatus(b)->network().ip(), "10.244.3.3");
  v1::RunPodSandboxRequest host;
  *host.mutable_config() = PodConfig("host");
  host.mutable_config()
      ->mutable_linux()
      ->mutable_security_context()
      ->mutable_namespace_options()
      ->set_network(v1::NODE);
  v1::RunPodSandboxResponse hr;
  ASSERT_OK(mgr_.RunPodSandbox(ctx_, host, &hr));
  auto hs = PodStatus(hr.pod_sandbox_id());
  EXPECT_EQ(hs->network().ip(), "");
  EXPECT_EQ(hs->linux().namespaces().options().network(), v1::NODE);
  EXPECT_EQ(mgr_.CountsForTest().ips, 2u);
  ASSERT_OK(StopPod(a));
  EXPECT_EQ(mgr_.CountsForTest().ips, 1u);
}

TEST_F(ManagerTest, StatsAreMonotonicAndTimestamped) {
  PullBusybox();
  std::string pod = RunPod("p");
  // A container that does a little work every second.
  auto creq = CreateRequest(pod, "p", "c");
  creq.mutable_config()->clear_command();
  creq.mutable_config()->clear_args();
  for (const char* a :
       {"sh", "-c", "while :; do echo x > /tmp/x; sleep 1; done"}) {
    creq.mutable_config()->add_command(a);
  }
  v1::CreateContainerResponse cresp;
  ASSERT_OK(mgr_.CreateContainer(ctx_, creq, &cresp));
  const std::string c = cresp.container_id();
  auto stats = [&] {
    v1::ContainerStatsRequest req;
    req.set_container_id(c);
    v1::ContainerStatsResponse resp;
    EXPECT_OK(mgr_.ContainerStats(ctx_, req, &resp));
    return resp.stats();
  };
  auto created = stats();
  EXPECT_GT(created.cpu().timestamp(), 0);
  EXPECT_GT(created.memory().timestamp(), 0);
  EXPECT_EQ(created.cpu().usage_core_nano_seconds().value(), 0u);
  ASSERT_OK(Start(c));
  clock_.AdvanceBy(10 * runtime::kSecond);
  auto s1 = stats();
  clock_.AdvanceBy(10 * runtime::kSecond);
  auto s2 = stats();
  EXPECT_GT(s1.cpu().usage_core_nano_seconds().value(), 0u);
  EXPECT_GT(s2.cpu().usage_core_nano_seconds().value(),
            s1.cpu().usage_core_nano_seconds().value());
  EXPECT_GT(s2.cpu().timestamp(), s1.cpu().timestamp());
  EXPECT_GT(s2.memory().working_set_bytes().value(), 0u);
  EXPECT_EQ(s2.attributes().id(), c);

  v1::ListContainerStatsResponse all;
  ASSERT_OK(mgr_.ListContainerStats(ctx_, {}, &all));
  ASSERT_EQ(all.stats_size(), 1);
  v1::PodSandboxStatsRequest psr;
  psr.set_pod_sandbox_id(pod);
  v1::PodSandboxStatsResponse ps;
  ASSERT_OK(mgr_.PodSandboxStats(ctx_, psr, &ps));
  ASSERT_EQ(ps.stats().linux().containers_size(), 1);
  EXPECT_GE(
      ps.stats().linux().cpu().usage_core_nano_seconds().value(),
      ps.stats().linux().containers(0).cpu().usage_core_nano_seconds().value());
  EXPECT_EQ(ps.stats().linux().process().process_count().value(), 2u);
  v1::ListPodSandboxMetricsResponse metrics;
  ASSERT_OK(mgr_.ListPodSandboxMetrics(ctx_, {}, &metrics));
  ASSERT_EQ(metrics.pod_metrics_size(), 1);
  ASSERT_EQ(metrics.pod_metrics(0).container_metrics_size(), 1);
  v1::ListMetricDescriptorsResponse descs;
  ASSERT_OK(mgr_.ListMetricDescriptors(ctx_, {}, &descs));
  std::set<std::string> names;
  for (const auto& d : descs.descriptors()) names.insert(d.name());
  for (const auto& m : metrics.pod_metrics(0).container_metrics(0).metrics()) {
    EXPECT_TRUE(names.contains(m.name())) << m.name() << " has no descriptor";
  }
}

TEST_F(ManagerTest, StartFailureLeavesStartErrorExit128) {
  PullBusybox();
  // A log directory under a regular file cannot be created.
  auto dir = std::filesystem::temp_directory_path() /
             ("fakecri-mgr-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "file") << "x";
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = PodConfig("p");
  run.mutable_config()->set_log_directory((dir / "file").string());
  v1::RunPodSandboxResponse rr;
  ASSERT_OK(mgr_.RunPodSandbox(ctx_, run, &rr));
  auto req = CreateRequest(rr.pod_sandbox_id(), "p", "c");
  *req.mutable_sandbox_config() = run.config();
  req.mutable_config()->set_log_path("c/0.log");
  v1::CreateContainerResponse cr;
  ASSERT_OK(mgr_.CreateContainer(ctx_, req, &cr));
  EXPECT_THAT(Start(cr.container_id()),
              StatusIs(Code::kUnknown, "failed to start container"));
  auto st = Status(cr.container_id());
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st->exit_code(), 128);
  EXPECT_EQ(st->reason(), "StartError");
  EXPECT_EQ(mgr_.CountsForTest().tasks, 1u) << "only the pause task remains";
  std::filesystem::remove_all(dir);
}

TEST_F(ManagerTest, LogFileIsCreatedOnStartAndReopenedAtTheSamePath) {
  PullBusybox();
  auto dir = std::filesystem::temp_directory_path() /
             ("fakecri-log-" + std::to_string(getpid()));
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = PodConfig("p");
  run.mutable_config()->set_log_directory(dir.string());
  v1::RunPodSandboxResponse rr;
  ASSERT_OK(mgr_.RunPodSandbox(ctx_, run, &rr));
  auto req = CreateRequest(rr.pod_sandbox_id(), "p", "c");
  *req.mutable_sandbox_config() = run.config();
  req.mutable_config()->set_log_path("c/0.log");
  v1::CreateContainerResponse cr;
  ASSERT_OK(mgr_.CreateContainer(ctx_, req, &cr));
  const auto path = dir / "c" / "0.log";
  EXPECT_EQ(Status(cr.container_id())->log_path(), path.string());
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_OK(Start(cr.container_id()));
  EXPECT_TRUE(std::filesystem::exists(path));
  // Mode 0640 as containerd's (less whatever the umask takes away).
  using std::filesystem::perms;
  const perms mode = std::filesystem::status(path).permissions();
  EXPECT_EQ(mode & (perms::owner_read | perms::owner_write),
            perms::owner_read | perms::owner_write);
  EXPECT_EQ(mode & (perms::others_all | perms::group_write | perms::owner_exec),
            perms::none);
  std::filesystem::rename(path, dir / "c" / "0.log.rotated");
  v1::ReopenContainerLogRequest reopen;
  reopen.set_container_id(cr.container_id());
  v1::ReopenContainerLogResponse ro;
  ASSERT_OK(mgr_.ReopenContainerLog(ctx_, reopen, &ro));
  EXPECT_TRUE(std::filesystem::exists(path));
  ASSERT_OK(Stop(cr.container_id(), 0));
  std::filesystem::remove(path);
  EXPECT_THAT(mgr_.ReopenContainerLog(ctx_, reopen, &ro),
              StatusIs(Code::kUnknown, "not running"));
  EXPECT_FALSE(std::filesystem::exists(path))
      << "no file after a failed reopen";
  std::filesystem::remove_all(dir);
}

TEST_F(ManagerTest, VersionStatusAndRuntimeConfigAnswerLikeContainerd) {
  v1::VersionResponse v;
  ASSERT_OK(mgr_.Version(ctx_, {}, &v));
  EXPECT_FALSE(v.version().empty());
  EXPECT_FALSE(v.runtime_name().empty());
  EXPECT_FALSE(v.runtime_version().empty());
  EXPECT_EQ(v.runtime_api_version(), "v1");
  v1::StatusResponse s;
  ASSERT_OK(mgr_.Status(ctx_, {}, &s));
  ASSERT_EQ(s.status().conditions_size(), 2);
  EXPECT_EQ(s.status().conditions(0).type(), "RuntimeReady");
  EXPECT_TRUE(s.status().conditions(0).status());
  EXPECT_EQ(s.status().conditions(1).type(), "NetworkReady");
  EXPECT_TRUE(s.info().empty()) << "info only when verbose";
  std::vector<std::string> handlers;
  for (const auto& h : s.runtime_handlers()) handlers.push_back(h.name());
  EXPECT_THAT(handlers, ElementsAre("", "kata", "runc", "runsc"));
  v1::StatusRequest verbose;
  verbose.set_verbose(true);
  v1::StatusResponse sv;
  ASSERT_OK(mgr_.Status(ctx_, verbose, &sv));
  EXPECT_TRUE(sv.info().contains("config"));
  v1::RuntimeConfigResponse rc;
  ASSERT_OK(mgr_.RuntimeConfig(ctx_, {}, &rc));
  EXPECT_EQ(rc.linux().cgroup_driver(), v1::SYSTEMD);
}

TEST_F(ManagerTest, UpdateContainerResourcesIsEchoedInStatus) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string c = CreateContainer(pod, "p", "c");
  v1::UpdateContainerResourcesRequest req;
  req.set_container_id(c);
  req.mutable_linux()->set_memory_limit_in_bytes(256 << 20);
  req.mutable_linux()->set_cpu_quota(50000);
  v1::UpdateContainerResourcesResponse resp;
  ASSERT_OK(mgr_.UpdateContainerResources(ctx_, req, &resp));
  auto st = Status(c);
  EXPECT_EQ(st->resources().linux().memory_limit_in_bytes(), 256 << 20);
  EXPECT_EQ(st->resources().linux().cpu_quota(), 50000);
}

TEST_F(ManagerTest, CheckpointWritesATarArchiveOfARunningContainer) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string c = CreateContainer(pod, "p", "c");
  auto path = std::filesystem::temp_directory_path() /
              ("fakecri-ckpt-" + std::to_string(getpid()) + ".tar");
  v1::CheckpointContainerRequest req;
  req.set_container_id(c);
  req.set_location(path.string());
  v1::CheckpointContainerResponse resp;
  EXPECT_THAT(mgr_.CheckpointContainer(ctx_, req, &resp),
              StatusIs(Code::kFailedPrecondition, "not running"));
  ASSERT_OK(Start(c));
  ASSERT_OK(mgr_.CheckpointContainer(ctx_, req, &resp));
  std::ifstream f(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(f)), {});
  ASSERT_GE(data.size(), 1024u);
  EXPECT_EQ(data.substr(0, 11), "config.dump");
  EXPECT_EQ(data.substr(257, 5), "ustar");
  EXPECT_NE(data.find("spec.dump"), std::string::npos);
  EXPECT_NE(data.find(c), std::string::npos);
  std::filesystem::remove(path);
}

TEST_F(ManagerTest, ExecAttachPortForwardValidateThenSayNotImplemented) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string c = CreateContainer(pod, "p", "c");
  ASSERT_OK(Start(c));
  v1::ExecRequest exec;
  exec.set_container_id(c);
  exec.add_cmd("sh");
  v1::ExecResponse er;
  EXPECT_THAT(mgr_.Exec(ctx_, exec, &er),
              StatusIs(Code::kInvalidArgument, "one of stdin"));
  exec.set_stdout(true);
  exec.set_stderr(true);
  exec.set_tty(true);
  EXPECT_THAT(mgr_.Exec(ctx_, exec, &er),
              StatusIs(Code::kInvalidArgument, "tty and stderr"));
  exec.set_stderr(false);
  EXPECT_THAT(mgr_.Exec(ctx_, exec, &er),
              StatusIs(Code::kUnimplemented, "not implemented yet"));
  v1::PortForwardRequest pf;
  pf.set_pod_sandbox_id(pod);
  pf.add_port(80);
  v1::PortForwardResponse pr;
  EXPECT_THAT(mgr_.PortForward(ctx_, pf, &pr),
              StatusIs(Code::kUnimplemented, "PortForward"));
  pf.set_pod_sandbox_id(std::string(64, '0'));
  EXPECT_THAT(mgr_.PortForward(ctx_, pf, &pr), StatusIs(Code::kNotFound, ""));
}

}  // namespace
}  // namespace fakecri::testing
