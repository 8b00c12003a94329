// Reliability under hostile input (issue 16), over a real unix socket:
// no client request or control command wedges the server, CheckpointContainer
// never blocks other calls and writes only where allowed, --log-root is
// resolved without following symlinks, removed containers keep no fd, and
// malformed or oversized input gets the error a gRPC server gives.
#include <dirent.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/control/control_api.h"
#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

namespace fs = std::filesystem;
namespace pb = ::fakecri::v1;
using ::testing::HasSubstr;
using ::testing::Not;

int OpenFds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(d);
  return n - 1;  // the DIR's own fd
}

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

class ReliabilityE2E : public SocketTest {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "virtual"; }

  void SetUp() override {
    SocketTest::SetUp();
    if (server_ != nullptr) ctl_ = pb::Control::NewStub(channel_);
  }

  void Pull(const std::string& image) {
    v1::PullImageRequest pull;
    pull.mutable_image()->set_image(image);
    v1::PullImageResponse pulled;
    ASSERT_TRUE(img_->PullImage(Ctx().get(), pull, &pulled).ok());
  }

  grpc::Status RunPod(const std::string& name, const std::string& log_dir,
                      std::string* id) {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = Pod(name);
    req.mutable_config()->set_log_directory(log_dir);
    v1::RunPodSandboxResponse resp;
    grpc::Status st = rt_->RunPodSandbox(Ctx().get(), req, &resp);
    *id = resp.pod_sandbox_id();
    return st;
  }

  // Creates and starts; the status of the first call that failed.
  grpc::Status StartContainer(const std::string& pod,
                              const std::string& pod_name,
                              const std::string& log_dir,
                              const std::string& log_path,
                              std::vector<std::string> command,
                              std::string* id) {
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod);
    req.mutable_config()->mutable_metadata()->set_name("app");
    req.mutable_config()->mutable_image()->set_image("busybox");
    for (auto& c : command) req.mutable_config()->add_command(c);
    req.mutable_config()->set_log_path(log_path);
    *req.mutable_sandbox_config() = Pod(pod_name);
    req.mutable_sandbox_config()->set_log_directory(log_dir);
    v1::CreateContainerResponse created;
    grpc::Status st = rt_->CreateContainer(Ctx().get(), req, &created);
    if (!st.ok()) return st;
    *id = created.container_id();
    v1::StartContainerRequest start;
    start.set_container_id(*id);
    v1::StartContainerResponse started;
    return rt_->StartContainer(Ctx().get(), start, &started);
  }

  // A running `sleep 3600` with a log file under dir_/pods.
  std::string RunningContainer(const std::string& name) {
    Pull("busybox");
    std::string pod;
    EXPECT_TRUE(RunPod(name, dir_ + "/pods/" + name, &pod).ok());
    std::string id;
    grpc::Status st = StartContainer(pod, name, dir_ + "/pods/" + name,
                                     "app/0.log", {"sleep", "3600"}, &id);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return id;
  }

  grpc::Status Checkpoint(const std::string& id, const std::string& location,
                          int deadline_seconds = 10) {
    v1::CheckpointContainerRequest req;
    req.set_container_id(id);
    req.set_location(location);
    v1::CheckpointContainerResponse resp;
    return rt_->CheckpointContainer(Ctx(deadline_seconds).get(), req, &resp);
  }

  grpc::Status ListContainers(int deadline_seconds = 10) {
    v1::ListContainersRequest req;
    v1::ListContainersResponse resp;
    return rt_->ListContainers(Ctx(deadline_seconds).get(), req, &resp);
  }

  std::unique_ptr<pb::Control::Stub> ctl_;
};

// ---- 1. the clock cannot be driven into a wedge ----------------------------

class RealClockReliabilityE2E : public ReliabilityE2E {
 protected:
  void Configure(ServerOptions& opts) override { opts.clock = "real"; }
};

TEST_F(RealClockReliabilityE2E, AbsurdClockScaleIsRejectedNamingTheBounds) {
  for (double scale : {1e308, 1e7, 1e-7}) {
    pb::SetClockScaleRequest req;
    req.set_scale(scale);
    pb::ClockResponse resp;
    grpc::Status st = ctl_->SetClockScale(Ctx().get(), req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << scale;
    EXPECT_THAT(st.error_message(), HasSubstr("between 1e-06 and 1e+06"));
  }
}

// The reproduction: a running container, SetClockScale(1e308),
// then AdvanceClock(60s) twice never returned and Version timed out.
TEST_F(RealClockReliabilityE2E, HugeScaleThenAdvanceLeavesTheServerAnswering) {
  RunningContainer("p");
  pb::SetClockScaleRequest scale;
  scale.set_scale(1e308);
  pb::ClockResponse resp;
  ASSERT_EQ(ctl_->SetClockScale(Ctx().get(), scale, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The largest accepted scale: advancing still returns, time stays sane.
  scale.set_scale(1e6);
  ASSERT_TRUE(ctl_->SetClockScale(Ctx().get(), scale, &resp).ok());
  for (int i = 0; i < 2; ++i) {
    pb::AdvanceClockRequest adv;
    adv.set_duration_ns(60 * runtime::kSecond);
    ASSERT_TRUE(ctl_->AdvanceClock(Ctx(5).get(), adv, &resp).ok());
  }
  pb::GetClockRequest get;
  ASSERT_TRUE(ctl_->GetClock(Ctx(5).get(), get, &resp).ok());
  EXPECT_GT(resp.clock().now_ns(), 0);
  EXPECT_LE(resp.clock().now_ns(), runtime::kMaxClockTime);
  EXPECT_TRUE(ListContainers(5).ok());
}

// ---- 2. CheckpointContainer never holds up other calls ----------------------

TEST_F(ReliabilityE2E, CheckpointToAFifoNobodyReadsFailsAndBlocksNothing) {
  const std::string id = RunningContainer("p");
  const std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  grpc::Status st = Checkpoint(id, fifo, /*deadline_seconds=*/3);
  // Before the fix: the call hung (DEADLINE_EXCEEDED) holding the manager,
  // and the ListContainers below timed out too.
  grpc::Status listed = ListContainers(/*deadline_seconds=*/3);
  // Let a stuck writer (before the fix) finish so the server can stop.
  const int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("not a regular file"));
  EXPECT_TRUE(listed.ok()) << listed.error_message();
  server_->Shutdown();
  if (reader >= 0) close(reader);
}

// ---- 3. where CheckpointContainer may write
// ----------------------------------

TEST_F(ReliabilityE2E, CheckpointRejectsRelativeAndNulLocations) {
  const std::string id = RunningContainer("p");
  grpc::Status st = Checkpoint(id, "fakecri-relative-ckpt.tar");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("relative"));
  EXPECT_FALSE(fs::exists("fakecri-relative-ckpt.tar"));
  fs::remove("fakecri-relative-ckpt.tar");

  st = Checkpoint(id, dir_ + "/a.tar" + std::string(1, '\0') + "/evil");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("NUL"));
  EXPECT_FALSE(fs::exists(dir_ + "/a.tar"));
}

// containerd opens the location O_RDWR|O_CREATE: an existing file is
// overwritten; fakecri truncates it so it holds exactly the archive.
TEST_F(ReliabilityE2E, CheckpointOverwritesAnExistingFileAsContainerdDoes) {
  const std::string id = RunningContainer("p");
  const std::string path = dir_ + "/existing.tar";
  std::ofstream(path) << std::string(100'000, 'x');
  ASSERT_TRUE(Checkpoint(id, path).ok());
  const std::string data = ReadFile(path);
  EXPECT_LT(data.size(), 100'000u);
  EXPECT_EQ(data.substr(0, 11), "config.dump");
  EXPECT_EQ(data.find('x' + std::string(100, 'x')), std::string::npos);
}

// ---- 5. removed containers keep no file descriptor
// ---------------------------

TEST_F(ReliabilityE2E, LifecyclesWithLogsLeaveNoFileDescriptorOpen) {
  Pull("busybox");
  auto lifecycle = [&](int i) {
    const std::string name = "p" + std::to_string(i);
    const std::string log_dir = dir_ + "/pods/" + name;
    std::string pod;
    ASSERT_TRUE(RunPod(name, log_dir, &pod).ok());
    std::string id;
    grpc::Status st = StartContainer(pod, name, log_dir, "app/0.log",
                                     {"sh", "-c", "echo hello"}, &id);
    ASSERT_TRUE(st.ok()) << st.error_message();
    // Lets the process run, print and exit.
    dynamic_cast<runtime::VirtualClock&>(server_->clock())
        .AdvanceBy(runtime::kSecond);
    v1::StopContainerRequest stop;
    stop.set_container_id(id);
    v1::StopContainerResponse stopped;
    ASSERT_TRUE(rt_->StopContainer(Ctx().get(), stop, &stopped).ok());
    v1::RemoveContainerRequest rm;
    rm.set_container_id(id);
    v1::RemoveContainerResponse removed;
    ASSERT_TRUE(rt_->RemoveContainer(Ctx().get(), rm, &removed).ok());
    v1::StopPodSandboxRequest stop_pod;
    stop_pod.set_pod_sandbox_id(pod);
    v1::StopPodSandboxResponse pod_stopped;
    ASSERT_TRUE(rt_->StopPodSandbox(Ctx().get(), stop_pod, &pod_stopped).ok());
    v1::RemovePodSandboxRequest rm_pod;
    rm_pod.set_pod_sandbox_id(pod);
    v1::RemovePodSandboxResponse pod_removed;
    ASSERT_TRUE(rt_->RemovePodSandbox(Ctx().get(), rm_pod, &pod_removed).ok());
  };
  lifecycle(0);  // warms up the channel and the server's threads
  server_->SyncLogs();
  const int before = OpenFds();
  ASSERT_GT(before, 0);
  constexpr int kLifecycles = 60;
  for (int i = 1; i <= kLifecycles; ++i) lifecycle(i);
  server_->SyncLogs();
  // Before the fix: one more fd per lifecycle (the sink's cache).
  EXPECT_EQ(OpenFds(), before);
  EXPECT_THAT(ReadFile(dir_ + "/pods/p7/app/0.log"), HasSubstr(" F hello"));
}

// ---- 7. malformed and oversized input ------------------------------------

grpc::Status RawCall(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& method, const std::string& bytes) {
  grpc::GenericStub stub(channel);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer req(&slice, 1);
  grpc::ByteBuffer resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Status result;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &req, &resp,
                 [&](grpc::Status st) {
                   std::lock_guard l(mu);
                   result = std::move(st);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock l(mu);
  cv.wait(l, [&] { return done; });
  return result;
}

TEST_F(ReliabilityE2E, RequestsThatDoNotParseGetInternalAndStderrStaysClean) {
  // Field 1 (a string) holding invalid UTF-8; then a length past the end.
  const std::string bad_utf8 = std::string("\x0a\x01\xff", 3);
  const std::string truncated = std::string(
      "\x0a\x05"
      "ab",
      4);
  ::testing::internal::CaptureStderr();
  grpc::Status version =
      RawCall(channel_, "/runtime.v1.RuntimeService/Version", bad_utf8);
  grpc::Status status = RawCall(
      channel_, "/runtime.v1.RuntimeService/ContainerStatus", truncated);
  grpc::Status images =
      RawCall(channel_, "/runtime.v1.ImageService/ListImages", truncated);
  grpc::Status stream = RawCall(
      channel_, "/runtime.v1.RuntimeService/GetContainerEvents", truncated);
  grpc::Status control =
      RawCall(channel_, "/fakecri.v1.Control/RemoveFault", bad_utf8);
  const std::string err = ::testing::internal::GetCapturedStderr();
  for (const grpc::Status* st : {&version, &status, &images, &control}) {
    EXPECT_EQ(st->error_code(), grpc::StatusCode::INTERNAL)
        << st->error_message();
    EXPECT_THAT(st->error_message(),
                HasSubstr("grpc: error unmarshalling request"));
  }
  EXPECT_EQ(stream.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(version.error_message(), HasSubstr("UTF-8"));
  EXPECT_THAT(err, Not(HasSubstr("libprotobuf")));
  // The server still answers well-formed calls.
  v1::VersionRequest req;
  v1::VersionResponse resp;
  EXPECT_TRUE(rt_->Version(Ctx().get(), req, &resp).ok());
}

TEST_F(ReliabilityE2E, HugeIdsAreQuotedTruncatedAndKeepTheirCode) {
  const std::string huge(20'000, 'a');
  v1::ContainerStatusRequest req;
  req.set_container_id(huge);
  v1::ContainerStatusResponse resp;
  grpc::Status st = rt_->ContainerStatus(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("(20000 bytes)"));
  EXPECT_LT(st.error_message().size(), 1000u);

  v1::PodSandboxStatusRequest pod;
  pod.set_pod_sandbox_id(huge);
  v1::PodSandboxStatusResponse pod_resp;
  st = rt_->PodSandboxStatus(Ctx().get(), pod, &pod_resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << st.error_message();

  v1::ImageStatusRequest image;
  image.mutable_image()->set_image(huge);
  v1::ImageStatusResponse image_resp;
  st = img_->ImageStatus(Ctx().get(), image, &image_resp);
  EXPECT_NE(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << st.error_message();

  pb::RemoveFaultRequest fault;
  fault.set_id(huge);
  pb::RemoveFaultResponse fault_resp;
  st = ctl_->RemoveFault(Ctx().get(), fault, &fault_resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << st.error_message();
}

// ---- 3 and 4. confinement under --log-root --------------------------------

class LogRootE2E : public ReliabilityE2E {
 protected:
  void Configure(ServerOptions& opts) override {
    opts.clock = "virtual";
    root_ = dir_ + "/logs";
    outside_ = dir_ + "/outside";
    fs::create_directories(root_);
    fs::create_directories(outside_);
    opts.log_root = root_;
  }

  bool OutsideIsEmpty() { return fs::is_empty(outside_); }

  std::string root_;
  std::string outside_;
};

TEST_F(LogRootE2E, LogDirectoryThatIsASymlinkOutsideTheRootIsRefused) {
  Pull("busybox");
  fs::create_directory_symlink(outside_, root_ + "/evil");
  std::string pod;
  ASSERT_TRUE(RunPod("p", root_ + "/evil", &pod).ok());
  std::string id;
  grpc::Status st = StartContainer(pod, "p", root_ + "/evil", "app/0.log",
                                   {"sh", "-c", "echo escaped"}, &id);
  // A start failure is UNKNOWN "failed to start container", as containerd.
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(st.error_message(), HasSubstr("goes through a symlink"));
  server_->SyncLogs();
  EXPECT_TRUE(OutsideIsEmpty());
}

TEST_F(LogRootE2E, LogFileThatIsASymlinkOutsideTheRootIsRefused) {
  Pull("busybox");
  fs::create_directories(root_ + "/p/app");
  std::ofstream(outside_ + "/victim") << "precious\n";
  fs::create_symlink(outside_ + "/victim", root_ + "/p/app/0.log");
  std::string pod;
  ASSERT_TRUE(RunPod("p", root_ + "/p", &pod).ok());
  std::string id;
  grpc::Status st = StartContainer(pod, "p", root_ + "/p", "app/0.log",
                                   {"sh", "-c", "echo escaped"}, &id);
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(st.error_message(), HasSubstr("goes through a symlink"));
  server_->SyncLogs();
  EXPECT_EQ(ReadFile(outside_ + "/victim"), "precious\n");
}

TEST_F(LogRootE2E, LogDirectoryThatLaterBecomesASymlinkIsRefusedAtReopen) {
  Pull("busybox");
  std::string pod;
  ASSERT_TRUE(RunPod("p", root_ + "/p", &pod).ok());
  std::string id;
  ASSERT_TRUE(StartContainer(pod, "p", root_ + "/p", "app/0.log",
                             {"sleep", "3600"}, &id)
                  .ok());
  server_->SyncLogs();
  ASSERT_TRUE(fs::exists(root_ + "/p/app/0.log"));
  // The directory is swapped for a link to outside the root.
  fs::rename(root_ + "/p", dir_ + "/moved");
  fs::create_directory_symlink(outside_, root_ + "/p");
  fs::create_directories(outside_ + "/app");
  v1::ReopenContainerLogRequest req;
  req.set_container_id(id);
  v1::ReopenContainerLogResponse resp;
  grpc::Status st = rt_->ReopenContainerLog(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << st.error_message();
  server_->SyncLogs();
  EXPECT_TRUE(fs::is_empty(outside_ + "/app"));
}

TEST_F(LogRootE2E, CheckpointIsConfinedToTheRootWithoutFollowingSymlinks) {
  const std::string id = [&] {
    Pull("busybox");
    std::string pod;
    EXPECT_TRUE(RunPod("p", root_ + "/p", &pod).ok());
    std::string c;
    EXPECT_TRUE(StartContainer(pod, "p", root_ + "/p", "app/0.log",
                               {"sleep", "3600"}, &c)
                    .ok());
    return c;
  }();
  grpc::Status st = Checkpoint(id, outside_ + "/ckpt.tar");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << st.error_message();
  st = Checkpoint(id, root_ + "/../outside/ckpt.tar");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << st.error_message();
  fs::create_directory_symlink(outside_, root_ + "/link");
  st = Checkpoint(id, root_ + "/link/ckpt.tar");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << st.error_message();
  EXPECT_FALSE(fs::exists(outside_ + "/ckpt.tar"));
  st = Checkpoint(id, root_ + "/ckpt.tar");
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(ReadFile(root_ + "/ckpt.tar").substr(0, 11), "config.dump");
}

}  // namespace
}  // namespace fakecri::testing
