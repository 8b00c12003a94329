// File: kubelet_bench.cc
// One simulated hour of a 100-pod node in virtual time: the simulated
// kubelet with the generic PLEG (relist every second) and an exec liveness
// probe every 10 s on every pod, against an embedded fakecri through the
// in-process channel. Reports the wall time (target: <= 5 s on a 2-core
// machine) and the CRI calls made.
//
//   build/release/bench/kubelet_bench [--pods N] [--seconds S]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>

#include "fakecri/server.h"
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
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--pods") == 0) {
      pods = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--seconds") == 0) {
      seconds = std::atoll(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: %s [--pods N] [--seconds S]\n", argv[0]);
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
  (*server)->Shutdown();
  std::error_code ec;
  std::filesystem::remove_all(logs, ec);
  return running == pods ? 0 : 1;
}
