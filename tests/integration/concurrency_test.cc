// Many clients running full lifecycles at once over the socket: nothing is
// lost, duplicated or leaked. Also run under TSan (label "concurrency").
#include <atomic>
#include <set>
#include <thread>

#include "fake_runtime/common/mutex.h"
#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

TEST_F(SocketTest, EightClientsThousandLifecyclesEachLeaveNothingBehind) {
  constexpr int kClients = 8;
  const int kLifecycles = std::getenv("FAKECRI_SHORT_CONCURRENCY") ? 100 : 1000;
  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("busybox");
  v1::PullImageResponse pulled;
  ASSERT_TRUE(img_->PullImage(Ctx().get(), pull, &pulled).ok());

  std::atomic<int> failures{0};
  fakecri::Mutex mu;
  std::set<std::string> ids;
  size_t created = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto ch = grpc::CreateChannel("unix://" + socket_,
                                    grpc::InsecureChannelCredentials());
      auto rt = v1::RuntimeService::NewStub(ch);
      auto check = [&](const grpc::Status& st, const char* what) {
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << what << ": " << st.error_message();
        }
        return st.ok();
      };
      for (int i = 0; i < kLifecycles; ++i) {
        const std::string name =
            "c" + std::to_string(c) + "-" + std::to_string(i);
        v1::RunPodSandboxRequest run;
        *run.mutable_config() = Pod(name);
        v1::RunPodSandboxResponse ran;
        if (!check(rt->RunPodSandbox(Ctx().get(), run, &ran), "RunPodSandbox"))
          return;
        v1::CreateContainerRequest create;
        create.set_pod_sandbox_id(ran.pod_sandbox_id());
        create.mutable_config()->mutable_metadata()->set_name("app");
        create.mutable_config()->mutable_image()->set_image(pulled.image_ref());
        create.mutable_config()->add_command("sleep");
        create.mutable_config()->add_command("3600");
        v1::CreateContainerResponse cr;
        if (!check(rt->CreateContainer(Ctx().get(), create, &cr),
                   "CreateContainer"))
          return;
        v1::StartContainerRequest start;
        start.set_container_id(cr.container_id());
        v1::StartContainerResponse sr;
        check(rt->StartContainer(Ctx().get(), start, &sr), "StartContainer");
        v1::ContainerStatusRequest csr;
        csr.set_container_id(cr.container_id());
        v1::ContainerStatusResponse cs;
        check(rt->ContainerStatus(Ctx().get(), csr, &cs), "ContainerStatus");
        if (cs.status().state() != v1::CONTAINER_RUNNING) ++failures;
        v1::StopContainerRequest stop;
        stop.set_container_id(cr.container_id());
        v1::StopContainerResponse stopped;
        check(rt->StopContainer(Ctx().get(), stop, &stopped), "StopContainer");
        v1::RemoveContainerRequest rm;
        rm.set_container_id(cr.container_id());
        v1::RemoveContainerResponse rmr;
        check(rt->RemoveContainer(Ctx().get(), rm, &rmr), "RemoveContainer");
        v1::StopPodSandboxRequest sps;
        sps.set_pod_sandbox_id(ran.pod_sandbox_id());
        v1::StopPodSandboxResponse spr;
        check(rt->StopPodSandbox(Ctx().get(), sps, &spr), "StopPodSandbox");
        v1::RemovePodSandboxRequest rps;
        rps.set_pod_sandbox_id(ran.pod_sandbox_id());
        v1::RemovePodSandboxResponse rpr;
        check(rt->RemovePodSandbox(Ctx().get(), rps, &rpr), "RemovePodSandbox");
        fakecri::MutexLock l(&mu);
        ids.insert(ran.pod_sandbox_id());
        ids.insert(cr.container_id());
        created += 2;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(created, static_cast<size_t>(kClients) * kLifecycles * 2);
  EXPECT_EQ(ids.size(), created) << "an id was handed out twice";
  auto counts = InternalsForTest(*server_).manager().CountsForTest();
  EXPECT_EQ(counts.sandboxes, 0u);
  EXPECT_EQ(counts.containers, 0u);
  EXPECT_EQ(counts.names, 0u);
  EXPECT_EQ(counts.ips, 0u);
  EXPECT_EQ(counts.tasks, 0u);
}

}  // namespace
}  // namespace fakecri::testing
