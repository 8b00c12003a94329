// File: soak_bench.cc
// soak_bench: does a long run leak? Starts a server on a unix socket (real
// clock at 10x, fault rules loaded from a file) and drives full lifecycles
// over gRPC, each:
//   RunPodSandbox (log directory)
//   "worker" attempt 0 and 1: create, start, crashed by a process fault
//     (the restart the kubelet would do), remove
//   "app": create, start (sleep), ExecSync echo (with injected latency),
//     ReopenContainerLog, stop, remove
//   StopPodSandbox, RemovePodSandbox
// with every 25th CreateContainer failing UNAVAILABLE (retried). It takes
// a baseline after a warm-up that fills the event log to its bound (the
// log is a bounded history, full in any long run), runs N more lifecycles,
// removes everything and reports open fds, threads, RSS and the event
// log's size at both points. Target: fds and threads equal, RSS within 10%.
//
// Usage: soak_bench [lifecycles (default 2000)] [warm-up (default 600)]
#include <grpcpp/grpcpp.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/events/event_log.h"
#include "fakecri/server.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;

struct Usage {
  int fds = 0;
  int threads = 0;
  long rss_kib = 0;
  uint64_t events_seq = 0;
  size_t event_bytes = 0;
};

int CountFds() {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
    (void)e;
    ++n;
  }
  return n - 1;  // the iterator's own
}

long StatusField(const std::string& key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key + ":", 0) == 0)
      return std::atol(line.c_str() + key.size() + 1);
  }
  return -1;
}

Usage Measure(Server& server) {
  server.SyncLogs();
  Usage u;
  u.fds = CountFds();
  u.threads = static_cast<int>(StatusField("Threads"));
  u.rss_kib = StatusField("VmRSS");
  u.events_seq = server.event_log().LastSeq();
  u.event_bytes = server.event_log().HeldBytes();
  return u;
}

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return c;
}

[[noreturn]] void Fail(const std::string& what, const grpc::Status& st) {
  std::fprintf(stderr, "soak_bench: %s: %d %s\n", what.c_str(),
               static_cast<int>(st.error_code()), st.error_message().c_str());
  std::exit(1);
}

class Driver {
 public:
  Driver(std::shared_ptr<grpc::Channel> ch, std::string dir)
      : rt_(v1::RuntimeService::NewStub(ch)),
        img_(v1::ImageService::NewStub(ch)),
        dir_(std::move(dir)) {}

  void Pull() {
    v1::PullImageRequest req;
    req.mutable_image()->set_image("busybox");
    v1::PullImageResponse resp;
    if (auto st = img_->PullImage(Ctx().get(), req, &resp); !st.ok()) {
      Fail("PullImage", st);
    }
  }

  void Lifecycle(int i) {
    const std::string name = "soak-" + std::to_string(i);
    v1::PodSandboxConfig pod;
    pod.mutable_metadata()->set_name(name);
    pod.mutable_metadata()->set_namespace_("soak");
    pod.mutable_metadata()->set_uid("uid-" + name);
    pod.set_log_directory(dir_ + "/pods/" + name);
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = pod;
    v1::RunPodSandboxResponse ran;
    if (auto st = rt_->RunPodSandbox(Ctx().get(), run, &ran); !st.ok()) {
      Fail("RunPodSandbox", st);
    }
    const std::string pod_id = ran.pod_sandbox_id();
    for (uint32_t attempt = 0; attempt < 2; ++attempt) {
      const std::string worker =
          Create(pod_id, pod, "worker", attempt, {"sleep", "3600"});
      Start(worker);
      WaitExited(worker);  // the process fault crashes it
      Remove(worker);
    }
    const std::string app = Create(pod_id, pod, "app", 0, {"sleep", "3600"});
    Start(app);
    v1::ExecSyncRequest exec;
    exec.set_container_id(app);
    exec.add_cmd("echo");
    exec.add_cmd("hello");
    exec.set_timeout(10);
    v1::ExecSyncResponse out;
    if (auto st = rt_->ExecSync(Ctx().get(), exec, &out); !st.ok()) {
      Fail("ExecSync", st);
    }
    v1::ReopenContainerLogRequest reopen;
    reopen.set_container_id(app);
    v1::ReopenContainerLogResponse reopened;
    if (auto st = rt_->ReopenContainerLog(Ctx().get(), reopen, &reopened);
        !st.ok()) {
      Fail("ReopenContainerLog", st);
    }
    v1::StopContainerRequest stop;
    stop.set_container_id(app);
    v1::StopContainerResponse stopped;
    if (auto st = rt_->StopContainer(Ctx().get(), stop, &stopped); !st.ok()) {
      Fail("StopContainer", st);
    }
    Remove(app);
    v1::StopPodSandboxRequest stop_pod;
    stop_pod.set_pod_sandbox_id(pod_id);
    v1::StopPodSandboxResponse pod_stopped;
    if (auto st = rt_->StopPodSandbox(Ctx().get(), stop_pod, &pod_stopped);
        !st.ok()) {
      Fail("StopPodSandbox", st);
    }
    v1::RemovePodSandboxRequest rm_pod;
    rm_pod.set_pod_sandbox_id(pod_id);
    v1::RemovePodSandboxResponse pod_removed;
    if (auto st = rt_->RemovePodSandbox(Ctx().get(), rm_pod, &pod_removed);
        !st.ok()) {
      Fail("RemovePodSandbox", st);
    }
    // The kubelet's log rotation and garbage collection: the files go.
    std::filesystem::remove_all(dir_ + "/pods/" + name);
  }

 private:
  std::string Create(const std::string& pod_id, const v1::PodSandboxConfig& pod,
                     const std::string& name, uint32_t attempt,
                     std::vector<std::string> command) {
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod_id);
    req.mutable_config()->mutable_metadata()->set_name(name);
    req.mutable_config()->mutable_metadata()->set_attempt(attempt);
    req.mutable_config()->mutable_image()->set_image("busybox");
    for (auto& c : command) req.mutable_config()->add_command(c);
    req.mutable_config()->set_log_path(name + "/" + std::to_string(attempt) +
                                       ".log");
    *req.mutable_sandbox_config() = pod;
    for (int tries = 0;; ++tries) {
      v1::CreateContainerResponse resp;
      grpc::Status st = rt_->CreateContainer(Ctx().get(), req, &resp);
      if (st.ok()) return resp.container_id();
      // The injected UNAVAILABLE: the kubelet retries.
      if (st.error_code() != grpc::StatusCode::UNAVAILABLE || tries > 3) {
        Fail("CreateContainer", st);
      }
    }
  }

  void Start(const std::string& id) {
    v1::StartContainerRequest req;
    req.set_container_id(id);
    v1::StartContainerResponse resp;
    if (auto st = rt_->StartContainer(Ctx().get(), req, &resp); !st.ok()) {
      Fail("StartContainer", st);
    }
  }

  void WaitExited(const std::string& id) {
    for (int i = 0; i < 10'000; ++i) {
      v1::ContainerStatusRequest req;
      req.set_container_id(id);
      v1::ContainerStatusResponse resp;
      if (auto st = rt_->ContainerStatus(Ctx().get(), req, &resp); !st.ok()) {
        Fail("ContainerStatus", st);
      }
      if (resp.status().state() == v1::CONTAINER_EXITED) return;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    Fail("WaitExited", grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                    "worker never crashed"));
  }

  void Remove(const std::string& id) {
    v1::RemoveContainerRequest req;
    req.set_container_id(id);
    v1::RemoveContainerResponse resp;
    if (auto st = rt_->RemoveContainer(Ctx().get(), req, &resp); !st.ok()) {
      Fail("RemoveContainer", st);
    }
  }

  std::unique_ptr<v1::RuntimeService::Stub> rt_;
  std::unique_ptr<v1::ImageService::Stub> img_;
  std::string dir_;
};

constexpr const char* kFaults = R"(version: 1
faults:
  - id: flaky-create
    hop: cri
    operation: CreateContainer
    effect: {error: {code: UNAVAILABLE}}
    when: {every: 25}
  - id: slow-exec
    hop: cri
    operation: ExecSync
    effect: {latency: 1ms}
  - id: worker-crash
    hop: process
    match: {container: worker}
    effect: {crash: {exit_code: 3, delay: 20ms}}
)";

void Print(const char* label, const Usage& u) {
  std::printf(
      "%-8s fds %4d  threads %3d  rss %7ld KiB  events seq %8llu  "
      "held %9zu bytes\n",
      label, u.fds, u.threads, u.rss_kib,
      static_cast<unsigned long long>(u.events_seq), u.event_bytes);
}

int Run(int argc, char** argv) {
  int lifecycles = 2000;
  int warmup = 600;
  if (argc > 1 && !absl::SimpleAtoi(argv[1], &lifecycles)) return 2;
  if (argc > 2 && !absl::SimpleAtoi(argv[2], &warmup)) return 2;
  DisableAbseilDeadlockChecks();
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "fakecri-soak-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return 1;
  const std::string dir = tmpl;
  std::ofstream(dir + "/faults.yaml") << kFaults;
  std::filesystem::create_directories(dir + "/pods");

  ServerOptions opts;
  opts.listen = "unix://" + dir + "/fakecri.sock";
  opts.clock = "real";
  opts.time_scale = 10;
  opts.seed = 16;
  opts.faults_file = dir + "/faults.yaml";
  opts.log_root = dir + "/pods";
  auto server = Server::Start(opts);
  if (!server.ok()) {
    std::fprintf(stderr, "soak_bench: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  {
    auto channel =
        grpc::CreateChannel(opts.listen, grpc::InsecureChannelCredentials());
    Driver driver(channel, dir);
    driver.Pull();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < warmup; ++i) driver.Lifecycle(i);
    malloc_trim(0);
    const Usage before = Measure(**server);
    const auto t1 = std::chrono::steady_clock::now();
    for (int i = 0; i < lifecycles; ++i) driver.Lifecycle(warmup + i);
    const auto t2 = std::chrono::steady_clock::now();
    malloc_trim(0);
    const Usage after = Measure(**server);
    std::printf(
        "soak_bench: %d warm-up + %d lifecycles (%d containers, "
        "%d ExecSync) in %.1f s + %.1f s\n",
        warmup, lifecycles, 3 * lifecycles, lifecycles,
        std::chrono::duration<double>(t1 - t0).count(),
        std::chrono::duration<double>(t2 - t1).count());
    Print("before", before);
    Print("after", after);
    const double rss_change =
        100.0 * static_cast<double>(after.rss_kib - before.rss_kib) /
        static_cast<double>(before.rss_kib);
    std::printf("fds %+d  threads %+d  rss %+.1f%%\n", after.fds - before.fds,
                after.threads - before.threads, rss_change);
    (*server)->Shutdown();
    std::filesystem::remove_all(dir);
    const bool ok = after.fds == before.fds &&
                    after.threads == before.threads && rss_change <= 10.0;
    std::printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
  }
}

}  // namespace
}  // namespace fakecri::bench

int main(int argc, char** argv) { return fakecri::bench::Run(argc, argv); }
