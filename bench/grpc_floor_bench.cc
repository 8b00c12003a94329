// grpc_floor_bench: the most this machine's gRPC (Debian's 1.51) can serve,
// with no fakecri code at all. An empty RuntimeService answers Version on a
// unix socket in a temp dir, on the same callback API fakecri uses, and is
// driven the two ways lifecycle_bench drives fakecri:
//   Sync/threads:N       N threads, each a blocking stub call at a time,
//                        one shared channel
//   Async/in_flight:N    N chains of calls on the callback client API, each
//                        starting its next call when the previous returns
// items_per_second is RPCs per second; proc_cpu_us the whole process's CPU
// per RPC (client and server share the machine, as in lifecycle_bench).
// With --server_process the server runs in a child process instead, as a
// runtime and a kubelet would, and proc_cpu_us adds the child's CPU.
// A lifecycle is eight RPCs, so rpc/s / 8 bounds lifecycles/s from above
// for a runtime that did no work of its own.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "bench_support.h"
#include "fake_runtime/cri/api_grpc.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;

class EmptyRuntime final : public v1::RuntimeService::CallbackService {
  grpc::ServerUnaryReactor* Version(grpc::CallbackServerContext* ctx,
                                    const v1::VersionRequest*,
                                    v1::VersionResponse* resp) override {
    resp->set_version("0.1.0");
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

std::shared_ptr<grpc::Channel> g_channel;

void BM_Sync(benchmark::State& state) {
  auto stub = v1::RuntimeService::NewStub(g_channel);
  Measure(state, [&]() -> std::string {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::VersionRequest req;
    v1::VersionResponse resp;
    grpc::Status st = stub->Version(&ctx, req, &resp);
    return st.ok() ? "" : st.error_message();
  });
}

// N chains of Version calls on the callback API; WaitOne() returns when one
// more call has completed.
class AsyncChains {
 public:
  explicit AsyncChains(int chains)
      : stub_(v1::RuntimeService::NewStub(g_channel)), rounds_(chains) {
    for (int i = 0; i < chains; ++i) {
      chains_.push_back(std::make_unique<Chain>(this));
    }
    for (auto& c : chains_) c->Call();
  }

  ~AsyncChains() { rounds_.Drain(); }

  std::string WaitOne() { return rounds_.WaitOne(); }

 private:
  struct Chain {
    explicit Chain(AsyncChains* owner) : owner(owner) {}
    void Call() {
      ctx = std::make_unique<grpc::ClientContext>();
      ctx->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
      owner->stub_->async()->Version(
          ctx.get(), &req, &resp, [this](grpc::Status st) {
            if (owner->rounds_.Finished(st.ok() ? "" : st.error_message())) {
              Call();
            }
          });
    }
    AsyncChains* const owner;
    std::unique_ptr<grpc::ClientContext> ctx;
    v1::VersionRequest req;
    v1::VersionResponse resp;
  };

  std::unique_ptr<v1::RuntimeService::Stub> stub_;
  ChainCounter rounds_;
  std::vector<std::unique_ptr<Chain>> chains_;
};

void BM_Async(benchmark::State& state) {
  AsyncChains chains(static_cast<int>(state.range(0)));
  Measure(state, [&] { return chains.WaitOne(); });
}

std::unique_ptr<grpc::Server> StartServer(const std::string& endpoint,
                                          EmptyRuntime* service) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(endpoint, grpc::InsecureServerCredentials());
  builder.RegisterService(service);
  return builder.BuildAndStart();
}

// The child of --server_process: serves until its parent closes the pipe.
[[noreturn]] void ServeInChild(const std::string& endpoint, int ready_fd,
                               int quit_fd) {
  EmptyRuntime service;
  auto server = StartServer(endpoint, &service);
  const char ok = server != nullptr ? '1' : '0';
  (void)!write(ready_fd, &ok, 1);
  char byte;
  (void)!read(quit_fd, &byte, 1);  // returns at EOF: the parent is done
  if (server != nullptr) server->Shutdown();
  _exit(0);
}

// Usage: grpc_floor_bench [--server_process] [Google Benchmark flags]
int Main(int argc, char** argv) {
  // As `fakecri serve` does (DisableAbseilDeadlockChecks in server.h).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const bool server_process =
      !TakeFlag(&argc, argv, "--server_process").empty();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  char dir_template[] = "/tmp/fakecri-grpc-floor-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string socket = std::string(dir) + "/floor.sock";
  const std::string endpoint = "unix://" + socket;
  EmptyRuntime service;
  std::unique_ptr<grpc::Server> server;
  int quit_fd = -1;
  if (server_process) {
    // Forked before this process touches gRPC, so the child starts clean.
    int ready[2], quit[2];
    if (pipe(ready) != 0 || pipe(quit) != 0) {
      std::perror("pipe");
      return 1;
    }
    g_server_pid = fork();
    if (g_server_pid < 0) {
      std::perror("fork");
      return 1;
    }
    if (g_server_pid == 0) {
      close(ready[0]);
      close(quit[1]);
      ServeInChild(endpoint, ready[1], quit[0]);
    }
    close(ready[1]);
    close(quit[0]);
    quit_fd = quit[1];
    char ok = '0';
    if (read(ready[0], &ok, 1) != 1 || ok != '1') {
      std::fprintf(stderr, "the server process cannot listen on %s\n",
                   endpoint.c_str());
      return 1;
    }
    close(ready[0]);
  } else {
    server = StartServer(endpoint, &service);
    if (server == nullptr) {
      std::fprintf(stderr, "cannot listen on %s\n", endpoint.c_str());
      rmdir(dir);
      return 1;
    }
  }
  g_channel = grpc::CreateChannel(endpoint, grpc::InsecureChannelCredentials());

  benchmark::RegisterBenchmark("VersionFloor/Sync", BM_Sync)
      ->Threads(1)
      ->Threads(8)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("VersionFloor/Async", BM_Async)
      ->ArgName("in_flight")
      ->Arg(1)
      ->Arg(8)
      ->Arg(32)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();

  g_channel.reset();
  if (server != nullptr) server->Shutdown();
  server.reset();
  if (g_server_pid > 0) {
    close(quit_fd);  // the child sees EOF and exits
    waitpid(g_server_pid, nullptr, 0);
  }
  unlink(socket.c_str());
  rmdir(dir);
  return 0;
}

}  // namespace
}  // namespace fakecri::bench

int main(int argc, char** argv) { return fakecri::bench::Main(argc, argv); }
