// File: kubelet_bench.cc
// One simulated hour of a 100-pod node in virtual time: the simulated
// kubelet with the generic PLEG (relist every second) and an exec liveness
// probe every 10 s on every pod, against an embedded fakecri through the
// in-process channel. Reports the wall time (target: <= 5 s on a 2-core
// machine) and the CRI calls made, then the floor (kubelet_floor.h): the
// same calls, of the same sizes, against a server that does no work, in
// the same process right after.
//
//   build/release/bench/kubelet_bench [--pods N] [--seconds S] [--floor 0|1]
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>

#include "fakecri/cri.h"
#include "fakecri/server.h"
#include "kubelet_floor.h"
#include "scenario/kubelet/kubelet.h"
#include "scenario/virtual_time_driver.h"

namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  int pods = 100;
  int64_t seconds = 3600;
  bool floor = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--pods") == 0) {
      pods = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--seconds") == 0) {
      seconds = std::atoll(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--floor") == 0) {
      floor = std::atoi(argv[i + 1]) != 0;
    } else {
      std::fprintf(stderr, "usage: %s [--pods N] [--seconds S] [--floor 0|1]\n",
                   argv[0]);
      return 2;
    }
  }
  fakecri::DisableAbseilDeadlockChecks();
  const std::filesystem::path logs =
      std::filesystem::temp_directory_path() /
      ("kubelet-bench-" + std::to_string(::getpid()));
  fakecri::ServerOptions so;
  so.clock = "virtual";
  so.seed = 1;
  auto server = fakecri::Server::Start(so);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  fakecri::scenario::VirtualTimeDriver driver(**server);
  fakecri::scenario::Kubelet::Options o;
  o.settle = driver.SettleHook();
  o.pod_logs_root = logs.string();
  auto kubelet = fakecri::scenario::Kubelet::Create(
      (*server)->InProcessChannel(), (*server)->clock(),
      &(*server)->event_log(), o);
  driver.Attach(kubelet.get());
  if (!kubelet->Start().ok()) return 1;
  for (int i = 0; i < pods; ++i) {
    fakecri::scenario::PodSpec p;
    p.name = "pod-" + std::to_string(i);
    fakecri::scenario::ContainerSpec c;
    c.name = "app";
    c.image = "busybox:1.36";
    c.command = {"sleep", "1000000"};
    c.liveness_probe = fakecri::scenario::ExecProbe{.command = {"true"}};
    p.containers.push_back(c);
    if (!kubelet->AddPod(p).ok()) return 1;
  }
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = CpuSeconds();
  if (!driver.RunFor(seconds * fakecri::kSecond).ok()) return 1;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0)
          .count();
  const double cpu = CpuSeconds() - cpu0;
  const auto activity = kubelet->Activity();
  int running = 0;
  for (const auto& v : kubelet->Pods()) running += v.status == "Running";
  std::printf(
      "kubelet_bench: %d pods, %lld s virtual: %.2f s wall, %.2f s CPU, "
      "%llu CRI calls (%.0f/s), %llu timers, %d pods Running, %llu settle "
      "timeouts\n",
      pods, static_cast<long long>(seconds), wall, cpu,
      static_cast<unsigned long long>(activity.issued), activity.issued / wall,
      static_cast<unsigned long long>(driver.timers_fired()), running,
      static_cast<unsigned long long>(driver.settle_timeouts()));
  kubelet->Stop();
  kubelet.reset();
  if (floor) {
    // The relist answers of the node as it is now; every other call as a
    // probe's ExecSync ("true": exit 0, no output).
    fakecri::bench::FloorCalls fc;
    auto stub =
        runtime::v1::RuntimeService::NewStub((*server)->InProcessChannel());
    grpc::ClientContext c1, c2;
    if (!stub->ListPodSandbox(&c1, {}, &fc.sandboxes).ok() ||
        !stub->ListContainers(&c2, {}, &fc.containers).ok()) {
      return 1;
    }
    fc.relists = static_cast<uint64_t>(seconds);
    fc.small_calls = activity.issued - 2 * fc.relists;
    if (fc.containers.containers_size() > 0) {
      fc.exec_request.set_container_id(fc.containers.containers(0).id());
    }
    fc.exec_request.add_cmd("true");
    fc.exec_request.set_timeout(1);
    const fakecri::bench::FloorResult f = fakecri::bench::RunFloor(fc);
    std::printf(
        "floor: %llu calls (%llu relists of %d sandboxes + %d containers) "
        "against a server that does no work: %.2f s wall, %.2f s CPU; "
        "kubelet_bench / floor: %.1fx wall, %.1fx CPU\n",
        static_cast<unsigned long long>(f.calls),
        static_cast<unsigned long long>(fc.relists), fc.sandboxes.items_size(),
        fc.containers.containers_size(), f.wall_seconds, f.cpu_seconds,
        wall / f.wall_seconds, cpu / f.cpu_seconds);
    if (!f.ok) return 1;
  }
  (*server)->Shutdown();
  std::error_code ec;
  std::filesystem::remove_all(logs, ec);
  return running == pods ? 0 : 1;
}
