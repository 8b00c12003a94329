// lifecycle_bench: how many full container lifecycles per second fakecri
// serves, the way a kubelet drives them: RunPodSandbox, CreateContainer,
// StartContainer, ContainerStatus, StopContainer(timeout 0), RemoveContainer,
// StopPodSandbox, RemovePodSandbox.
//
// One process-wide server listens on a unix socket in a fresh temp dir, so
// every benchmark thread talks to the same runtime. Several transports are
// measured, to tell gRPC's share of the cost from the runtime's own:
//   unix_shared          one channel (one connection) shared by all threads
//   unix_per_thread      a channel and connection per benchmark thread
//   unix_async           1, 8 or 32 clients on gRPC's callback client API,
//                        each a chain of calls rather than a blocked thread
//                        (one benchmark thread waits for completions)
//   inproc_shared        Server::InProcessChannel(): gRPC without the socket
//   direct               ContainerManager calls, no gRPC at all
//   direct_no_log_file   the same, pods without a log directory, so
//                        StartContainer creates no file (file system cost)
// items_per_second is lifecycles per second, summed over all threads;
// proc_cpu_us is the whole process's CPU time per lifecycle (client and
// server share the machine). VersionRpc/* time a no-op RPC: gRPC's floor.
//
// After the benchmarks the server must hold no sandbox, container, name,
// IP or task: every lifecycle cleans up after itself.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "bench_support.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/oci/signals.h"
#include "fake_runtime/server/server_internals.h"
#include "fakecri/server.h"
#include "testing/kubelet_pod_config.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;

// Process-wide state, set up in main() before any benchmark runs.
std::unique_ptr<Server> g_server;  // null with --serve_with
std::string g_endpoint;
std::shared_ptr<grpc::Channel> g_unix_channel;
std::shared_ptr<grpc::Channel> g_inproc_channel;
std::string g_image_ref;
// Pod log directories go to a fresh temp dir, never the host's
// /var/log/pods: StartContainer really creates each container's log file.
std::string g_log_root;
// Numbers every lifecycle of the process, so pod names and uids never
// repeat across benchmark runs, threads or repetitions.
std::atomic<uint64_t> g_lifecycle_seq{0};

// One RPC through a generated stub. A deadline is set because the kubelet
// always sets one (and a hung call should fail the benchmark, not stall it);
// it also keeps gRPC's timer machinery in the measured path, as in real use.
#define FAKECRI_BENCH_GRPC_RPC(Rpc)                                     \
  bool Rpc(const v1::Rpc##Request& req, v1::Rpc##Response* resp) {      \
    grpc::ClientContext ctx;                                            \
    ctx.set_deadline(std::chrono::system_clock::now() + kDeadline);     \
    grpc::Status st = stub_->Rpc(&ctx, req, resp);                      \
    if (!st.ok()) error_ = absl::StrCat(#Rpc ": ", st.error_message()); \
    return st.ok();                                                     \
  }

class GrpcTransport {
 public:
  explicit GrpcTransport(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(v1::RuntimeService::NewStub(channel)) {}

  FAKECRI_BENCH_GRPC_RPC(RunPodSandbox)
  FAKECRI_BENCH_GRPC_RPC(CreateContainer)
  FAKECRI_BENCH_GRPC_RPC(StartContainer)
  FAKECRI_BENCH_GRPC_RPC(ContainerStatus)
  FAKECRI_BENCH_GRPC_RPC(StopContainer)
  FAKECRI_BENCH_GRPC_RPC(RemoveContainer)
  FAKECRI_BENCH_GRPC_RPC(StopPodSandbox)
  FAKECRI_BENCH_GRPC_RPC(RemovePodSandbox)

  const std::string& error() const { return error_; }

 private:
  static constexpr std::chrono::seconds kDeadline{30};
  std::unique_ptr<v1::RuntimeService::Stub> stub_;
  std::string error_;
};

// The same calls straight into the container manager: the runtime's own
// cost, with no serialisation, transport or gRPC threading.
#define FAKECRI_BENCH_DIRECT_RPC(Rpc)                              \
  bool Rpc(const v1::Rpc##Request& req, v1::Rpc##Response* resp) { \
    absl::Status st = mgr_.Rpc(runtime::CallContext{}, req, resp); \
    if (!st.ok()) error_ = absl::StrCat(#Rpc ": ", st.message());  \
    return st.ok();                                                \
  }

class DirectTransport {
 public:
  explicit DirectTransport(runtime::ContainerManager& mgr) : mgr_(mgr) {}

  FAKECRI_BENCH_DIRECT_RPC(RunPodSandbox)
  FAKECRI_BENCH_DIRECT_RPC(CreateContainer)
  FAKECRI_BENCH_DIRECT_RPC(StartContainer)
  FAKECRI_BENCH_DIRECT_RPC(ContainerStatus)
  // StopContainer completes through a callback; with timeout 0 it has
  // completed by the time the call returns.
  bool StopContainer(const v1::StopContainerRequest& req,
                     v1::StopContainerResponse* resp) {
    absl::Status st = absl::InternalError("StopContainer did not complete");
    mgr_.StopContainer(runtime::CallContext{}, req, resp,
                       [&st](absl::Status s) { st = std::move(s); });
    if (!st.ok()) error_ = absl::StrCat("StopContainer: ", st.message());
    return st.ok();
  }
  FAKECRI_BENCH_DIRECT_RPC(RemoveContainer)
  FAKECRI_BENCH_DIRECT_RPC(StopPodSandbox)
  FAKECRI_BENCH_DIRECT_RPC(RemovePodSandbox)

  const std::string& error() const { return error_; }

 private:
  runtime::ContainerManager& mgr_;
  std::string error_;
};

// A pod config shaped like the kubelet's (metadata, log directory, the
// io.kubernetes.pod.* labels), unique per lifecycle. Without a log
// directory the runtime creates no log file, which isolates that cost.
v1::PodSandboxConfig PodConfig(int thread, uint64_t seq, bool log_file) {
  const std::string name = absl::StrCat("bench-t", thread, "-", seq);
  const std::string uid =
      absl::StrCat("3f2a6c1e-0000-4000-8000-", thread, "-", seq);
  return testing::KubeletPodConfig(name, "bench", uid,
                                   log_file ? g_log_root : "");
}

// The eight calls of one lifecycle, requests and responses. The requests
// that name an id get it from the previous response (Link*).
struct LifecycleCalls {
  v1::RunPodSandboxRequest run_pod;
  v1::RunPodSandboxResponse run_pod_resp;
  v1::CreateContainerRequest create;
  v1::CreateContainerResponse create_resp;
  v1::StartContainerRequest start;
  v1::StartContainerResponse start_resp;
  v1::ContainerStatusRequest status;
  v1::ContainerStatusResponse status_resp;
  v1::StopContainerRequest stop;
  v1::StopContainerResponse stop_resp;
  v1::RemoveContainerRequest remove;
  v1::RemoveContainerResponse remove_resp;
  v1::StopPodSandboxRequest stop_pod;
  v1::StopPodSandboxResponse stop_pod_resp;
  v1::RemovePodSandboxRequest remove_pod;
  v1::RemovePodSandboxResponse remove_pod_resp;

  // A fresh pod (unique name and uid) and its container's config.
  LifecycleCalls(int client, bool log_file) {
    const uint64_t seq =
        g_lifecycle_seq.fetch_add(1, std::memory_order_relaxed);
    const v1::PodSandboxConfig pod = PodConfig(client, seq, log_file);
    *run_pod.mutable_config() = pod;
    auto* cfg = create.mutable_config();
    cfg->mutable_metadata()->set_name("app");
    cfg->mutable_image()->set_image(g_image_ref);
    cfg->mutable_image()->set_user_specified_image("busybox");
    cfg->add_command("sleep");
    cfg->add_args("3600");
    cfg->set_log_path("app/0.log");
    auto& labels = *cfg->mutable_labels();
    labels = pod.labels();
    labels["io.kubernetes.container.name"] = "app";
    *create.mutable_sandbox_config() = pod;
    stop.set_timeout(0);  // kill at once: no simulated grace period
  }

  void LinkPod() {
    const std::string& pod_id = run_pod_resp.pod_sandbox_id();
    create.set_pod_sandbox_id(pod_id);
    stop_pod.set_pod_sandbox_id(pod_id);
    remove_pod.set_pod_sandbox_id(pod_id);
  }
  void LinkContainer() {
    const std::string& ctr_id = create_resp.container_id();
    start.set_container_id(ctr_id);
    status.set_container_id(ctr_id);
    stop.set_container_id(ctr_id);
    remove.set_container_id(ctr_id);
  }
};

// One full lifecycle. Returns false (with transport.error() set) on the
// first failing call; later calls are skipped, so a failure may leave
// objects behind, which the final leak check then reports.
template <typename Transport>
bool RunLifecycle(Transport& t, int thread, bool log_file) {
  LifecycleCalls l(thread, log_file);
  if (!t.RunPodSandbox(l.run_pod, &l.run_pod_resp)) return false;
  l.LinkPod();
  if (!t.CreateContainer(l.create, &l.create_resp)) return false;
  l.LinkContainer();
  if (!t.StartContainer(l.start, &l.start_resp)) return false;
  if (!t.ContainerStatus(l.status, &l.status_resp)) return false;
  benchmark::DoNotOptimize(l.status_resp.status().state());
  if (!t.StopContainer(l.stop, &l.stop_resp)) return false;
  if (!t.RemoveContainer(l.remove, &l.remove_resp)) return false;
  if (!t.StopPodSandbox(l.stop_pod, &l.stop_pod_resp)) return false;
  return t.RemovePodSandbox(l.remove_pod, &l.remove_pod_resp);
}

// N clients each running lifecycles back to back, on gRPC's callback
// client API: a client is a chain of completions rather than a blocked OS
// thread, as a kubelet's pod workers are goroutines rather than threads.
// Every call still waits for the previous one of its lifecycle.
class AsyncLifecycles {
 public:
  AsyncLifecycles(const std::shared_ptr<grpc::Channel>& channel, int clients)
      : stub_(v1::RuntimeService::NewStub(channel)), rounds_(clients) {
    for (int i = 0; i < clients; ++i) {
      clients_.push_back(std::make_unique<Client>(this, i));
    }
    for (auto& c : clients_) c->Begin();
  }

  // Waits until one more lifecycle has completed; "" or an error text.
  std::string WaitOne() { return rounds_.WaitOne(); }

  // Lets the lifecycles in flight finish and starts no more.
  ~AsyncLifecycles() { rounds_.Drain(); }

 private:
  class Client {
   public:
    Client(AsyncLifecycles* owner, int index) : owner_(owner), index_(index) {}

    void Begin() {
      calls_.emplace(index_, /*log_file=*/true);
      Call(0);
    }

   private:
    void Call(int step) {
      ctx_ = std::make_unique<grpc::ClientContext>();
      ctx_->set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
      auto* a = owner_->stub_->async();
      auto* c = ctx_.get();
      LifecycleCalls& l = *calls_;
      auto done = [this, step](grpc::Status st) { Done(step, std::move(st)); };
      switch (step) {
        case 0:
          return a->RunPodSandbox(c, &l.run_pod, &l.run_pod_resp, done);
        case 1:
          l.LinkPod();
          return a->CreateContainer(c, &l.create, &l.create_resp, done);
        case 2:
          l.LinkContainer();
          return a->StartContainer(c, &l.start, &l.start_resp, done);
        case 3:
          return a->ContainerStatus(c, &l.status, &l.status_resp, done);
        case 4:
          return a->StopContainer(c, &l.stop, &l.stop_resp, done);
        case 5:
          return a->RemoveContainer(c, &l.remove, &l.remove_resp, done);
        case 6:
          return a->StopPodSandbox(c, &l.stop_pod, &l.stop_pod_resp, done);
        default:
          return a->RemovePodSandbox(c, &l.remove_pod, &l.remove_pod_resp,
                                     done);
      }
    }

    void Done(int step, grpc::Status st) {
      if (!st.ok()) {
        owner_->rounds_.Finished(absl::StrCat(
            "call ", step + 1, " of a lifecycle: ", st.error_message()));
        return;
      }
      if (step < 7) return Call(step + 1);
      if (owner_->rounds_.Finished("")) Begin();
    }

    AsyncLifecycles* const owner_;
    const int index_;
    std::optional<LifecycleCalls> calls_;
    std::unique_ptr<grpc::ClientContext> ctx_;
  };

  std::unique_ptr<v1::RuntimeService::Stub> stub_;
  ChainCounter rounds_;
  std::vector<std::unique_ptr<Client>> clients_;
};

template <typename Transport>
void Drive(benchmark::State& state, Transport& t, bool log_file = true) {
  Measure(state, [&]() -> std::string {
    return RunLifecycle(t, state.thread_index(), log_file) ? "" : t.error();
  });
}

void BM_LifecycleUnixShared(benchmark::State& state) {
  GrpcTransport t(g_unix_channel);
  Drive(state, t);
}

void BM_LifecycleUnixPerThread(benchmark::State& state) {
  // gRPC pools subchannels process-wide, so channels with equal arguments
  // would share one connection; a local pool gives each thread its own.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(
      g_endpoint, grpc::InsecureChannelCredentials(), args);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(5))) {
    state.SkipWithError("cannot connect to the server socket");
    return;
  }
  GrpcTransport t(channel);
  Drive(state, t);
}

void BM_LifecycleUnixAsync(benchmark::State& state) {
  AsyncLifecycles clients(g_unix_channel, static_cast<int>(state.range(0)));
  Measure(state, [&] { return clients.WaitOne(); });
}

void BM_LifecycleInProcShared(benchmark::State& state) {
  GrpcTransport t(g_inproc_channel);
  Drive(state, t);
}

void BM_LifecycleDirect(benchmark::State& state) {
  DirectTransport t(InternalsForTest(*g_server).manager());
  Drive(state, t);
}

// The runtime's cost without the per-container log file (mkdir + open on
// StartContainer), to show what the file system takes.
void BM_LifecycleDirectNoLogFile(benchmark::State& state) {
  DirectTransport t(InternalsForTest(*g_server).manager());
  Drive(state, t, /*log_file=*/false);
}

// The floor of any RPC: Version does next to nothing in the runtime (it is
// still recorded in the event log), so this is gRPC's own cost per call.
void VersionRpcs(benchmark::State& state,
                 const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::RuntimeService::NewStub(channel);
  Measure(state, [&]() -> std::string {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::VersionRequest req;
    v1::VersionResponse resp;
    grpc::Status st = stub->Version(&ctx, req, &resp);
    return st.ok() ? "" : "Version: " + st.error_message();
  });
}

void BM_VersionUnixShared(benchmark::State& state) {
  VersionRpcs(state, g_unix_channel);
}

void BM_VersionInProcShared(benchmark::State& state) {
  VersionRpcs(state, g_inproc_channel);
}

void Register(const char* name, void (*fn)(benchmark::State&)) {
  benchmark::RegisterBenchmark(name, fn)
      ->Threads(1)
      ->Threads(8)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

// Pulls the container image once, as the kubelet does before the first
// CreateContainer; the lifecycles then reference it by image id.
bool PullImage() {
  auto stub = v1::ImageService::NewStub(g_unix_channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::PullImageRequest req;
  req.mutable_image()->set_image("busybox");
  v1::PullImageResponse resp;
  grpc::Status st = stub->PullImage(&ctx, req, &resp);
  if (!st.ok()) {
    std::fprintf(stderr, "PullImage busybox: %s\n", st.error_message().c_str());
    return false;
  }
  g_image_ref = resp.image_ref();
  return true;
}

// Starts `fakecri_binary serve` on `endpoint` as a child process, the way
// a user runs the runtime next to a kubelet, and waits until it answers.
bool StartServerProcess(const std::string& fakecri_binary,
                        const std::string& endpoint) {
  g_server_pid = fork();
  if (g_server_pid < 0) {
    std::perror("fork");
    return false;
  }
  if (g_server_pid == 0) {
    execl(fakecri_binary.c_str(), fakecri_binary.c_str(), "serve", "--listen",
          endpoint.c_str(), "--seed", "1", "--log-level", "warn",
          static_cast<char*>(nullptr));
    std::perror("exec fakecri");
    _exit(127);
  }
  auto channel =
      grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());
  // Polled in short steps, so a server that exits at once (a bad path, a
  // refused start) is reported at once rather than after the whole wait.
  for (int i = 0; i < 100; ++i) {
    if (waitpid(g_server_pid, nullptr, WNOHANG) == g_server_pid) {
      g_server_pid = 0;
      std::fprintf(stderr, "%s serve exited before it answered\n",
                   fakecri_binary.c_str());
      return false;
    }
    if (channel->WaitForConnected(std::chrono::system_clock::now() +
                                  std::chrono::milliseconds(100))) {
      return true;
    }
  }
  std::fprintf(stderr, "%s serve did not answer on %s\n",
               fakecri_binary.c_str(), endpoint.c_str());
  return false;
}

void StopServerProcess() {
  if (g_server_pid <= 0) return;
  // The CRI proto's Signal enum #undefs the SIGTERM macro.
  kill(g_server_pid, runtime::kSigTerm);  // graceful: removes its socket
  waitpid(g_server_pid, nullptr, 0);
  g_server_pid = 0;
}

// What the runtime still holds after the benchmarks, asked over the socket
// (the server in another process) or of the manager (in this one). Every
// lifecycle cleans up after itself, so anything left is a leak.
bool NothingLeftBehind() {
  if (g_server == nullptr) {
    auto stub = v1::RuntimeService::NewStub(g_unix_channel);
    grpc::ClientContext pods_ctx, ctrs_ctx;
    v1::ListPodSandboxResponse pods;
    v1::ListContainersResponse ctrs;
    const bool ok = stub->ListPodSandbox(&pods_ctx, {}, &pods).ok() &&
                    stub->ListContainers(&ctrs_ctx, {}, &ctrs).ok();
    std::printf(
        "after %llu lifecycles the server lists %d sandboxes, %d containers\n",
        static_cast<unsigned long long>(g_lifecycle_seq.load()),
        pods.items_size(), ctrs.containers_size());
    return ok && pods.items_size() == 0 && ctrs.containers_size() == 0;
  }
  const auto c = InternalsForTest(*g_server).manager().CountsForTest();
  std::printf(
      "after %llu lifecycles the server holds: %zu sandboxes, %zu "
      "containers, %zu names, %zu IPs, %zu tasks\n",
      static_cast<unsigned long long>(g_lifecycle_seq.load()), c.sandboxes,
      c.containers, c.names, c.ips, c.tasks);
  return c.sandboxes == 0 && c.containers == 0 && c.names == 0 && c.ips == 0 &&
         c.tasks == 0;
}

// Usage: lifecycle_bench [--log_root=DIR] [--serve_with=FAKECRI]
//                        [Google Benchmark flags]
// The pods' log directories (StartContainer creates one file per container)
// go to a fresh directory under DIR, by default /dev/shm when writable: on
// a slow disk, creating and finally deleting tens of thousands of them
// would measure the disk and push the run past two minutes. Pass
// --log_root=/tmp (or any disk path) to include the file system's cost.
// --serve_with runs the runtime as `FAKECRI serve` in its own process
// (e.g. build/release/src/cli/fakecri) instead of in this one; only the
// socket benchmarks run then, and proc_cpu_us adds the server's CPU.
int Main(int argc, char** argv) {
  DisableAbseilDeadlockChecks();
  const std::string log_root_flag = TakeFlag(&argc, argv, "--log_root=");
  const std::string serve_with = TakeFlag(&argc, argv, "--serve_with=");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

  char dir_template[] = "/tmp/fakecri-lifecycle-bench-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  g_endpoint = absl::StrCat("unix://", dir, "/fakecri.sock");
  if (!serve_with.empty()) {
    if (!StartServerProcess(serve_with, g_endpoint)) {
      StopServerProcess();
      std::filesystem::remove_all(dir);
      return 1;
    }
  } else {
    ServerOptions opts;
    opts.listen = g_endpoint;
    opts.seed = 1;  // reproducible ids
    auto server = Server::Start(opts);
    if (!server.ok()) {
      std::fprintf(stderr, "cannot start fakecri: %s\n",
                   server.status().ToString().c_str());
      rmdir(dir);
      return 1;
    }
    g_server = std::move(server).value();
  }
  std::string log_parent = log_root_flag;
  if (log_parent.empty() && access("/dev/shm", W_OK) == 0) {
    log_parent = "/dev/shm";
  }
  g_log_root = absl::StrCat(dir, "/pods");
  if (!log_parent.empty()) {
    std::string logs_template = log_parent + "/fakecri-bench-logs-XXXXXX";
    if (mkdtemp(logs_template.data()) == nullptr) {
      std::perror("mkdtemp --log_root");
      g_server.reset();
      StopServerProcess();
      std::filesystem::remove_all(dir);
      return 1;
    }
    g_log_root = logs_template;
  }
  g_unix_channel =
      grpc::CreateChannel(g_endpoint, grpc::InsecureChannelCredentials());
  if (g_server != nullptr) g_inproc_channel = g_server->InProcessChannel();
  std::printf("fakecri (%s) listening on %s, pod logs under %s\n",
              g_server != nullptr ? "in this process" : serve_with.c_str(),
              g_endpoint.c_str(), g_log_root.c_str());
  std::fflush(stdout);  // Google Benchmark writes through std::cout

  int rc = 0;
  if (!PullImage()) {
    rc = 1;
  } else {
    Register("Lifecycle/unix_shared", BM_LifecycleUnixShared);
    Register("Lifecycle/unix_per_thread", BM_LifecycleUnixPerThread);
    benchmark::RegisterBenchmark("Lifecycle/unix_async", BM_LifecycleUnixAsync)
        ->ArgName("clients")
        ->Arg(1)
        ->Arg(8)
        ->Arg(32)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    if (g_server != nullptr) {
      Register("Lifecycle/inproc_shared", BM_LifecycleInProcShared);
      Register("Lifecycle/direct", BM_LifecycleDirect);
      Register("Lifecycle/direct_no_log_file", BM_LifecycleDirectNoLogFile);
    }
    Register("VersionRpc/unix_shared", BM_VersionUnixShared);
    if (g_server != nullptr) {
      Register("VersionRpc/inproc_shared", BM_VersionInProcShared);
    }
    benchmark::RunSpecifiedBenchmarks();
    if (!NothingLeftBehind()) {
      std::fprintf(stderr, "LEAK: lifecycles left objects behind\n");
      rc = 1;
    }
    std::fflush(stdout);
  }
  benchmark::Shutdown();
  g_unix_channel.reset();
  g_inproc_channel.reset();
  if (g_server != nullptr) g_server->Shutdown();  // removes the socket file
  g_server.reset();
  StopServerProcess();
  // The runtime leaves the log directories behind (removing them is the
  // kubelet's job), so take the whole tree. On a slow disk this dominates
  // the run's wall time, hence the figure.
  const auto cleanup_start = std::chrono::steady_clock::now();
  std::error_code ec;
  const auto removed = std::filesystem::remove_all(g_log_root, ec);
  std::filesystem::remove_all(dir, ec);
  std::printf("removed %ju log files and directories in %.1f s\n",
              static_cast<uintmax_t>(
                  removed == static_cast<std::uintmax_t>(-1) ? 0 : removed),
              std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            cleanup_start)
                  .count());
  return rc;
}

}  // namespace
}  // namespace fakecri::bench

int main(int argc, char** argv) { return fakecri::bench::Main(argc, argv); }
