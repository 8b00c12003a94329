// The container manager with simulated processes: what a container's
// userland looks like from its config (files, users), exit reasons, OOM,
// ExecSync limits and timeouts, start failures, log path confinement.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/manager_fixture.h"
#include "testing/status_matchers.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;
using Code = absl::StatusCode;

class ContainerProcess : public ManagerTest {
 protected:
  // A busybox container in pod `pod` running `cmd` (empty: the image's).
  std::string Run(const std::string& pod, const std::string& name,
                  std::vector<std::string> cmd,
                  const std::function<void(v1::ContainerConfig*)>& tweak = {}) {
    auto req = CreateRequest(pod, pod_name_, name);
    req.mutable_config()->clear_command();
    req.mutable_config()->clear_args();
    for (auto& c : cmd) req.mutable_config()->add_command(c);
    if (tweak) tweak(req.mutable_config());
    v1::CreateContainerResponse resp;
    absl::Status st = mgr_.CreateContainer(ctx_, req, &resp);
    EXPECT_TRUE(st.ok()) << st;
    EXPECT_OK(Start(resp.container_id()));
    return resp.container_id();
  }
  std::string Out(const std::string& id, std::vector<std::string> cmd) {
    v1::ExecSyncResponse r;
    absl::Status st = Exec(id, std::move(cmd), &r);
    EXPECT_TRUE(st.ok()) << st;
    return r.stdout() + r.stderr();
  }
  std::string NewPod(const std::function<void(v1::PodSandboxConfig*)>& tweak) {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig(pod_name_);
    tweak(req.mutable_config());
    v1::RunPodSandboxResponse resp;
    EXPECT_OK(mgr_.RunPodSandbox(ctx_, req, &resp));
    return resp.pod_sandbox_id();
  }

  std::string pod_name_ = "p";
};

TEST_F(ContainerProcess, EtcFilesComeFromTheSandboxConfig) {
  PullBusybox();
  std::string pod = NewPod([](v1::PodSandboxConfig* c) {
    c->set_hostname("web-0");
    auto* dns = c->mutable_dns_config();
    dns->add_servers("10.96.0.10");
    dns->add_searches("default.svc.cluster.local");
    dns->add_searches("cluster.local");
    dns->add_options("ndots:5");
    (*c->mutable_linux()->mutable_sysctls())["net.core.somaxconn"] = "1024";
  });
  std::string id = Run(pod, "app", {"sleep", "3600"});
  EXPECT_EQ(Out(id, {"cat", "/etc/resolv.conf"}),
            "search default.svc.cluster.local cluster.local\n"
            "nameserver 10.96.0.10\n"
            "options ndots:5\n");
  EXPECT_EQ(Out(id, {"cat", "/etc/hostname"}), "web-0\n");
  EXPECT_EQ(Out(id, {"hostname"}), "web-0\n");
  auto pod_status = PodStatus(pod);
  ASSERT_OK(pod_status);
  EXPECT_THAT(Out(id, {"cat", "/etc/hosts"}),
              HasSubstr(pod_status->network().ip() + "\tweb-0\n"));
  EXPECT_EQ(Out(id, {"cat", "/proc/sys/net/core/somaxconn"}), "1024\n");
  EXPECT_THAT(Out(id, {"env"}), HasSubstr("HOSTNAME=web-0\n"));
}

TEST_F(ContainerProcess, IdFollowsTheSecurityContext) {
  PullBusybox();
  std::string pod = RunPod("p");
  struct Case {
    const char* name;
    std::function<void(v1::ContainerConfig*)> tweak;
    const char* want;
  };
  const Case cases[] = {
      {"root",
       {},
       "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),"
       "4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n"},
      {"uid",
       [](v1::ContainerConfig* c) {
         c->mutable_linux()
             ->mutable_security_context()
             ->mutable_run_as_user()
             ->set_value(1000);
       },
       "uid=1000 gid=0(root) groups=0(root)\n"},
      {"uidgid",
       [](v1::ContainerConfig* c) {
         auto* sc = c->mutable_linux()->mutable_security_context();
         sc->mutable_run_as_user()->set_value(1000);
         sc->mutable_run_as_group()->set_value(3000);
         sc->add_supplemental_groups(2000);
         sc->add_supplemental_groups(4000);
       },
       "uid=1000 gid=3000 groups=3000,2000,4000\n"},
      {"name",
       [](v1::ContainerConfig* c) {
         c->mutable_linux()->mutable_security_context()->set_run_as_username(
             "nobody");
       },
       "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string id = Run(pod, c.name, {"sleep", "3600"}, c.tweak);
    EXPECT_EQ(Out(id, {"id"}), c.want);
  }
}

TEST_F(ContainerProcess, ImageUserApplies) {
  ASSERT_OK(
      images_.Pull("registry.k8s.io/e2e-test-images/nonroot:1.4").status());
  std::string pod = RunPod("p");
  std::string id =
      Run(pod, "app", {"sleep", "3600"}, [](v1::ContainerConfig* c) {
        c->mutable_image()->set_image(
            "registry.k8s.io/e2e-test-images/nonroot:1.4");
      });
  EXPECT_EQ(Out(id, {"id", "-u"}), "1234\n");
}

TEST_F(ContainerProcess, ReadOnlyRootfsErrorsAsRealTools) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string id =
      Run(pod, "app", {"sleep", "3600"}, [](v1::ContainerConfig* c) {
        c->mutable_linux()->mutable_security_context()->set_readonly_rootfs(
            true);
      });
  v1::ExecSyncResponse r;
  ASSERT_OK(Exec(id, {"touch", "/tmp/x"}, &r));
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_EQ(r.stderr(), "touch: /tmp/x: Read-only file system\n");
}

TEST_F(ContainerProcess, ExitCodesAndReasons) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string ok = Run(pod, "ok", {"sh", "-c", "exit 0"});
  std::string bad = Run(pod, "bad", {"sh", "-c", "echo boom >&2; exit 2"});
  std::string later = Run(pod, "later", {"sh", "-c", "sleep 5; exit 4"});
  auto s_ok = Status(ok);
  auto s_bad = Status(bad);
  ASSERT_OK(s_ok);
  ASSERT_OK(s_bad);
  EXPECT_EQ(s_ok->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s_ok->reason(), "Completed");
  EXPECT_EQ(s_bad->exit_code(), 2);
  EXPECT_EQ(s_bad->reason(), "Error");
  EXPECT_EQ(Status(later)->state(), v1::CONTAINER_RUNNING);
  clock_.AdvanceBy(5 * runtime::kSecond);
  auto s_later = Status(later);
  EXPECT_EQ(s_later->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(s_later->exit_code(), 4);
  EXPECT_EQ(s_later->finished_at() - s_later->started_at(),
            5 * runtime::kSecond);  // CPU costs stay under a time slice
}

TEST_F(ContainerProcess, OomKilledOverTheLimit) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string id = Run(
      pod, "hog", {"stress", "--vm-bytes", "128M"}, [](v1::ContainerConfig* c) {
        c->mutable_linux()->mutable_resources()->set_memory_limit_in_bytes(
            64 << 20);
      });
  clock_.AdvanceBy(runtime::kSecond);
  auto st = Status(id);
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st->exit_code(), 137);
  EXPECT_EQ(st->reason(), "OOMKilled");
}

TEST_F(ContainerProcess, LoweringTheMemoryLimitOomKills) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string id = Run(pod, "hog", {"stress", "--vm-bytes", "100M"});
  clock_.AdvanceBy(runtime::kSecond);
  EXPECT_EQ(Status(id)->state(), v1::CONTAINER_RUNNING);
  v1::UpdateContainerResourcesRequest req;
  req.set_container_id(id);
  req.mutable_linux()->set_memory_limit_in_bytes(50 << 20);
  v1::UpdateContainerResourcesResponse resp;
  ASSERT_OK(mgr_.UpdateContainerResources(ctx_, req, &resp));
  EXPECT_EQ(Status(id)->reason(), "OOMKilled");
}

TEST_F(ContainerProcess, StartFailsForAnUnknownCommand) {
  PullBusybox();
  std::string pod = RunPod("p");
  auto req = CreateRequest(pod, "p", "app");
  req.mutable_config()->clear_command();
  req.mutable_config()->clear_args();
  req.mutable_config()->add_command("/app/server");
  v1::CreateContainerResponse created;
  ASSERT_OK(mgr_.CreateContainer(ctx_, req, &created));
  EXPECT_THAT(Start(created.container_id()),
              StatusIs(Code::kUnknown,
                       "exec: \"/app/server\": stat /app/server: no such file "
                       "or directory"));
  auto st = Status(created.container_id());
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st->exit_code(), 128);
  EXPECT_EQ(st->reason(), "StartError");
}

TEST_F(ContainerProcess, ExecSyncOutputIsCappedAt16MiB) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string id = Run(pod, "app", {"sleep", "3600"});
  v1::ExecSyncResponse r;
  // About 22 MB of numbers.
  ASSERT_OK(Exec(id, {"seq", "3000000"}, &r, 0, 10 * runtime::kSecond));
  EXPECT_EQ(r.exit_code(), 0);
  EXPECT_EQ(r.stdout().size(), 16u << 20);
}

TEST_F(ContainerProcess, ExecSyncTimeoutCriOStyle) {
  runtime::ManagerOptions opts{.seed = 1};
  opts.exec_timeout_style = "cri-o";
  runtime::ContainerManager crio(opts, clock_, log_, images_);
  PullBusybox();
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = PodConfig("q");
  v1::RunPodSandboxResponse ran;
  ASSERT_OK(crio.RunPodSandbox(ctx_, run, &ran));
  v1::CreateContainerResponse created;
  ASSERT_OK(crio.CreateContainer(
      ctx_, CreateRequest(ran.pod_sandbox_id(), "q", "c"), &created));
  v1::StartContainerResponse started;
  v1::StartContainerRequest start;
  start.set_container_id(created.container_id());
  ASSERT_OK(crio.StartContainer(ctx_, start, &started));
  v1::ExecSyncRequest req;
  req.set_container_id(created.container_id());
  req.add_cmd("sleep");
  req.add_cmd("10");
  req.set_timeout(1);
  v1::ExecSyncResponse r;
  std::optional<absl::Status> result;
  crio.ExecSync(ctx_, req, &r, [&](absl::Status s) { result = s; });
  EXPECT_FALSE(result.has_value());
  clock_.AdvanceBy(runtime::kSecond);
  ASSERT_TRUE(result.has_value());
  EXPECT_OK(*result);
  EXPECT_EQ(r.exit_code(), -1);
  EXPECT_EQ(r.stderr(), "command timed out");
}

TEST_F(ContainerProcess, ExecDiesWithTheContainer) {
  PullBusybox();
  std::string pod = RunPod("p");
  std::string id = Run(pod, "app", {"sleep", "3600"});
  v1::ExecSyncRequest req;
  req.set_container_id(id);
  req.add_cmd("sleep");
  req.add_cmd("100");
  v1::ExecSyncResponse r;
  std::optional<absl::Status> result;
  mgr_.ExecSync(ctx_, req, &r, [&](absl::Status s) { result = s; });
  EXPECT_FALSE(result.has_value());
  ASSERT_OK(Stop(id, 0));
  ASSERT_TRUE(result.has_value());
  EXPECT_OK(*result);
  EXPECT_EQ(r.exit_code(), 137);
}

TEST_F(ContainerProcess, LogRootRejectsEscapingPaths) {
  runtime::ManagerOptions opts{.seed = 1};
  opts.log_root = "/var/log/pods";
  runtime::ContainerManager confined(opts, clock_, log_, images_);
  PullBusybox();
  v1::RunPodSandboxRequest run;
  *run.mutable_config() = PodConfig("q");
  run.mutable_config()->set_log_directory("/var/log/pods/q");
  v1::RunPodSandboxResponse ran;
  ASSERT_OK(confined.RunPodSandbox(ctx_, run, &ran));
  auto req = CreateRequest(ran.pod_sandbox_id(), "q", "c");
  req.mutable_sandbox_config()->set_log_directory("/var/log/pods/q");
  req.mutable_config()->set_log_path("../../../etc/evil.log");
  v1::CreateContainerResponse created;
  EXPECT_THAT(confined.CreateContainer(ctx_, req, &created),
              StatusIs(Code::kInvalidArgument, "escapes the log root"));
  EXPECT_EQ(confined.CountsForTest().containers, 0u);
}

}  // namespace
}  // namespace fakecri::testing
