// End to end over a real unix socket with generated stubs: what a kubelet,
// crictl or critest would see.
#include <gmock/gmock.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <thread>

#include "fake_runtime/common/mutex.h"
#include "socket_fixture.h"

// These tests name the CRI Signal enum values, which <signal.h> (pulled in
// by GoogleTest and gRPC) shadows with macros of the same names.
#undef SIGQUIT

namespace fakecri::testing {
namespace {

TEST_F(SocketTest, SocketIsGroupAccessibleAndRemovedOnShutdown) {
  struct stat st;
  ASSERT_EQ(stat(socket_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660);
  server_->Shutdown();
  EXPECT_NE(stat(socket_.c_str(), &st), 0) << "socket file left behind";
}

TEST_F(SocketTest, SecondServerOnALiveSocketRefusesToStart) {
  ServerOptions opts;
  opts.listen = "unix://" + socket_;
  auto second = Server::Start(opts);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("already listening"),
            absl::string_view::npos);
  // The first server still answers.
  v1::VersionResponse v;
  EXPECT_TRUE(rt_->Version(Ctx().get(), {}, &v).ok());
}

TEST_F(SocketTest, StaleSocketFileIsReplaced) {
  server_->Shutdown();
  // A socket file nobody listens on, as a crashed server leaves behind.
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket_.c_str(), sizeof(addr.sun_path) - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  close(fd);
  ServerOptions opts;
  opts.listen = "unix://" + socket_;
  auto again = Server::Start(opts);
  ASSERT_TRUE(again.ok()) << again.status();
  auto ch = grpc::CreateChannel("unix://" + socket_,
                                grpc::InsecureChannelCredentials());
  v1::VersionResponse v;
  EXPECT_TRUE(
      v1::RuntimeService::NewStub(ch)->Version(Ctx().get(), {}, &v).ok());
}

TEST_F(SocketTest, RejectsNonUnixListenAddresses) {
  ServerOptions opts;
  opts.listen = "tcp://127.0.0.1:0";
  auto s = Server::Start(opts);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SocketTest, FullPodLifecycleWithEventsOverTheSocket) {
  // Subscribe before anything happens; collect in the background.
  grpc::ClientContext events_ctx;
  auto reader = rt_->GetContainerEvents(&events_ctx, {});
  fakecri::Mutex mu;
  std::vector<v1::ContainerEventResponse> events;
  std::thread watcher([&] {
    v1::ContainerEventResponse ev;
    while (reader->Read(&ev)) {
      fakecri::MutexLock l(&mu);
      events.push_back(ev);
    }
  });
  WaitForSubscribers(1);

  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("nginx:1.25");
  v1::PullImageResponse pulled;
  ASSERT_TRUE(img_->PullImage(Ctx().get(), pull, &pulled).ok());
  v1::ImageStatusRequest isr;
  isr.mutable_image()->set_image(pulled.image_ref());
  v1::ImageStatusResponse is;
  ASSERT_TRUE(img_->ImageStatus(Ctx().get(), isr, &is).ok());
  EXPECT_EQ(is.image().id(), pulled.image_ref());
  EXPECT_GT(is.image().size(), 0u);

  v1::RunPodSandboxRequest run;
  *run.mutable_config() = Pod("web");
  run.mutable_config()->set_log_directory(dir_ + "/pods/e2e_web");
  v1::RunPodSandboxResponse ran;
  ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), run, &ran).ok());
  v1::CreateContainerRequest create;
  create.set_pod_sandbox_id(ran.pod_sandbox_id());
  create.mutable_config()->mutable_metadata()->set_name("nginx");
  create.mutable_config()->mutable_image()->set_image(pulled.image_ref());
  create.mutable_config()->set_log_path("nginx/0.log");
  (*create.mutable_config()
        ->mutable_annotations())["io.kubernetes.container.hash"] = "abc";
  *create.mutable_sandbox_config() = run.config();
  v1::CreateContainerResponse created;
  ASSERT_TRUE(rt_->CreateContainer(Ctx().get(), create, &created).ok());
  v1::StartContainerRequest start;
  start.set_container_id(created.container_id());
  v1::StartContainerResponse started;
  ASSERT_TRUE(rt_->StartContainer(Ctx().get(), start, &started).ok());

  v1::ContainerStatusRequest csr;
  csr.set_container_id(created.container_id());
  csr.set_verbose(true);
  v1::ContainerStatusResponse cs;
  ASSERT_TRUE(rt_->ContainerStatus(Ctx().get(), csr, &cs).ok());
  EXPECT_EQ(cs.status().state(), v1::CONTAINER_RUNNING);
  EXPECT_EQ(cs.status().log_path(), dir_ + "/pods/e2e_web/nginx/0.log");
  EXPECT_TRUE(std::filesystem::exists(cs.status().log_path()));
  EXPECT_EQ(cs.status().image().image(), "docker.io/library/nginx:1.25");
  EXPECT_EQ(cs.status().stop_signal(), v1::SIGQUIT)
      << "nginx's image STOPSIGNAL";
  EXPECT_EQ(cs.status().annotations().at("io.kubernetes.container.hash"),
            "abc");
  ASSERT_TRUE(cs.info().contains("info"));
  EXPECT_NE(cs.info().at("info").find(ran.pod_sandbox_id()), std::string::npos);

  v1::StopContainerRequest stop;
  stop.set_container_id(created.container_id());
  stop.set_timeout(30);
  v1::StopContainerResponse stopped;
  ASSERT_TRUE(rt_->StopContainer(Ctx().get(), stop, &stopped).ok());
  ASSERT_TRUE(rt_->ContainerStatus(Ctx().get(), csr, &cs).ok());
  // nginx handles SIGQUIT (graceful shutdown) and exits 0.
  EXPECT_EQ(cs.status().exit_code(), 0);
  EXPECT_EQ(cs.status().reason(), "Completed");

  v1::RemovePodSandboxRequest rm;
  rm.set_pod_sandbox_id(ran.pod_sandbox_id());
  v1::RemovePodSandboxResponse removed;
  ASSERT_TRUE(rt_->RemovePodSandbox(Ctx().get(), rm, &removed).ok());
  v1::PodSandboxStatusRequest psr;
  psr.set_pod_sandbox_id(ran.pod_sandbox_id());
  v1::PodSandboxStatusResponse ps;
  grpc::Status gone = rt_->PodSandboxStatus(Ctx().get(), psr, &ps);
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::NOT_FOUND);

  // Sandbox CREATED/STARTED, container CREATED/STARTED/STOPPED; then
  // RemovePodSandbox stops the sandbox, deletes the container, deletes the
  // sandbox.
  for (int i = 0; i < 100; ++i) {
    {
      fakecri::MutexLock l(&mu);
      if (events.size() >= 8) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  events_ctx.TryCancel();
  watcher.join();
  std::vector<v1::ContainerEventType> types;
  for (const auto& e : events) types.push_back(e.container_event_type());
  EXPECT_EQ(types,
            (std::vector<v1::ContainerEventType>{
                v1::CONTAINER_CREATED_EVENT, v1::CONTAINER_STARTED_EVENT,
                v1::CONTAINER_CREATED_EVENT, v1::CONTAINER_STARTED_EVENT,
                v1::CONTAINER_STOPPED_EVENT, v1::CONTAINER_STOPPED_EVENT,
                v1::CONTAINER_DELETED_EVENT, v1::CONTAINER_DELETED_EVENT}));
  EXPECT_EQ(events[4].container_id(), created.container_id());
  EXPECT_EQ(events[5].container_id(), ran.pod_sandbox_id());
  EXPECT_EQ(events[6].container_id(), created.container_id());
  EXPECT_EQ(events[7].container_id(), ran.pod_sandbox_id());
}

TEST_F(SocketTest, EverySubscriberReceivesEveryEvent) {
  constexpr int kSubscribers = 3;
  std::vector<std::unique_ptr<grpc::ClientContext>> ctxs;
  std::vector<std::thread> threads;
  fakecri::Mutex mu;
  std::vector<std::vector<std::string>> seen(kSubscribers);
  for (int i = 0; i < kSubscribers; ++i) {
    ctxs.push_back(std::make_unique<grpc::ClientContext>());
    threads.emplace_back([&, i, ctx = ctxs.back().get()] {
      auto reader = rt_->GetContainerEvents(ctx, {});
      v1::ContainerEventResponse ev;
      while (reader->Read(&ev)) {
        fakecri::MutexLock l(&mu);
        seen[i].push_back(ev.container_id() + ":" +
                          std::to_string(ev.container_event_type()));
      }
    });
  }
  WaitForSubscribers(kSubscribers);
  for (int p = 0; p < 5; ++p) {
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = Pod("p" + std::to_string(p));
    v1::RunPodSandboxResponse ran;
    ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), run, &ran).ok());
    v1::StopPodSandboxRequest stop;
    stop.set_pod_sandbox_id(ran.pod_sandbox_id());
    v1::StopPodSandboxResponse s;
    ASSERT_TRUE(rt_->StopPodSandbox(Ctx().get(), stop, &s).ok());
  }
  for (int i = 0; i < 100; ++i) {
    {
      fakecri::MutexLock l(&mu);
      bool all = true;
      for (const auto& s : seen) all &= s.size() >= 15;
      if (all) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& c : ctxs) c->TryCancel();
  for (auto& t : threads) t.join();
  ASSERT_EQ(seen[0].size(), 15u);
  for (int i = 1; i < kSubscribers; ++i) EXPECT_EQ(seen[i], seen[0]);
}

TEST_F(SocketTest, EventStreamsEndWhenTheServerShutsDown) {
  grpc::ClientContext ctx;
  auto reader = rt_->GetContainerEvents(&ctx, {});
  WaitForSubscribers(1);
  std::thread stopper([&] { server_->Shutdown(); });
  v1::ContainerEventResponse ev;
  while (reader->Read(&ev)) {
  }
  grpc::Status st = reader->Finish();
  stopper.join();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SocketTest, StreamRpcsDeliverEveryItemOnceInChunks) {
  constexpr int kPods = 600;  // more than two chunks of 256
  for (int p = 0; p < kPods; ++p) {
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = Pod("s" + std::to_string(p));
    v1::RunPodSandboxResponse ran;
    ASSERT_TRUE(rt_->RunPodSandbox(Ctx().get(), run, &ran).ok());
  }
  auto ctx = Ctx();
  auto reader = rt_->StreamPodSandboxes(ctx.get(), {});
  v1::StreamPodSandboxesResponse chunk;
  std::set<std::string> ids;
  int chunks = 0;
  size_t items = 0;
  while (reader->Read(&chunk)) {
    ++chunks;
    EXPECT_GE(chunk.pod_sandboxes_size(), 1);
    for (const auto& p : chunk.pod_sandboxes()) ids.insert(p.id());
    items += chunk.pod_sandboxes_size();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(items, static_cast<size_t>(kPods));
  EXPECT_EQ(ids.size(), static_cast<size_t>(kPods));
  EXPECT_EQ(chunks, 3);
  // An empty result is a clean EOF with no message.
  auto ctx2 = Ctx();
  v1::StreamContainersRequest none;
  auto r2 = rt_->StreamContainers(ctx2.get(), none);
  v1::StreamContainersResponse c;
  EXPECT_FALSE(r2->Read(&c));
  EXPECT_TRUE(r2->Finish().ok());
  // The image stream works too.
  auto ctx3 = Ctx();
  auto r3 = img_->StreamImages(ctx3.get(), {});
  v1::StreamImagesResponse imgs;
  ASSERT_TRUE(r3->Read(&imgs));
  EXPECT_EQ(imgs.images(0).repo_tags(0), "registry.k8s.io/pause:3.10");
  EXPECT_TRUE(r3->Finish().ok());
}

TEST_F(SocketTest, ErrorCodesReachTheClientUnchanged) {
  v1::ContainerStatusRequest missing;
  missing.set_container_id("deadbeef");
  v1::ContainerStatusResponse r;
  EXPECT_EQ(rt_->ContainerStatus(Ctx().get(), missing, &r).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::RunPodSandboxRequest bad;
  v1::RunPodSandboxResponse rr;
  grpc::Status st = rt_->RunPodSandbox(Ctx().get(), bad, &rr);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message(), "sandbox config must include metadata");
  v1::ImageStatusRequest absent;
  absent.mutable_image()->set_image("never/pulled:1");
  v1::ImageStatusResponse ir;
  ASSERT_TRUE(img_->ImageStatus(Ctx().get(), absent, &ir).ok());
  EXPECT_FALSE(ir.has_image());
  v1::ExecSyncRequest exec;
  exec.set_container_id("deadbeef");
  exec.add_cmd("true");
  v1::ExecSyncResponse er;
  EXPECT_EQ(rt_->ExecSync(Ctx().get(), exec, &er).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SocketTest, EveryRpcIsRecordedInTheEventLogWithItsStatus) {
  v1::VersionResponse v;
  ASSERT_TRUE(rt_->Version(Ctx().get(), {}, &v).ok());
  v1::ContainerStatusRequest missing;
  missing.set_container_id("deadbeef");
  v1::ContainerStatusResponse r;
  (void)rt_->ContainerStatus(Ctx().get(), missing, &r);
  std::vector<std::string> outs;
  for (const auto& e : server_->event_log().Since(0)) {
    if (e->kind == runtime::EventKind::kRpcOut) {
      outs.push_back(e->subject + "=" + std::to_string(e->status_code));
    }
  }
  EXPECT_THAT(outs, ::testing::ElementsAre("Version=0", "ContainerStatus=5"));
}

}  // namespace
}  // namespace fakecri::testing
