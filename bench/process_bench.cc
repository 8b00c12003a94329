// process_bench: what simulated processes cost.
//
// Starts N running containers (1,000 pods x 10 containers by default) whose
// command prints a line every second, through the container manager
// in-process, with CRI log files under /dev/shm, then:
//   virtual: advances virtual time by S seconds (default 600) and reports the
//            wall time and CPU time it took, and the log lines written;
//   real:    lets S seconds of real time pass and reports the CPU the whole
//            process used meanwhile, as a share of one core.
// The command is either the shell loop
//   sh -c 'while true; do echo tick; sleep 1; done'          (--shell)
// or an image whose declared behaviour prints every second     (--image).
//
// Usage: process_bench virtual|real [containers] [seconds] [--shell|--image]
#include <stdlib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/images/image_catalogue.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;
using runtime::kSecond;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double WallSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Totals {
  uint64_t files = 0, bytes = 0, lines = 0;
};

Totals CountLogs(const std::string& dir) {
  Totals t;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    ++t.files;
    std::ifstream f(e.path());
    std::string line;
    while (std::getline(f, line)) {
      ++t.lines;
      t.bytes += line.size() + 1;
    }
  }
  return t;
}

int Run(int argc, char** argv) {
  if (argc < 2 ||
      (std::string(argv[1]) != "virtual" && std::string(argv[1]) != "real")) {
    std::fprintf(stderr,
                 "usage: process_bench virtual|real [containers] [seconds] "
                 "[--shell|--image]\n");
    return 2;
  }
  const bool virtual_time = std::string(argv[1]) == "virtual";
  int containers = 10000;
  int seconds = virtual_time ? 600 : 30;
  bool shell = true;
  int positional = 0;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--image") {
      shell = false;
    } else if (a == "--shell") {
      shell = true;
    } else if (positional++ == 0) {
      (void)absl::SimpleAtoi(a, &containers);
    } else {
      (void)absl::SimpleAtoi(a, &seconds);
    }
  }

  char tmpl[] = "/dev/shm/fakecri-process-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string dir = tmpl;

  std::unique_ptr<runtime::Clock> clock;
  runtime::VirtualClock* vclock = nullptr;
  if (virtual_time) {
    auto v = std::make_unique<runtime::VirtualClock>();
    vclock = v.get();
    clock = std::move(v);
  } else {
    clock = runtime::NewRealClock();
  }
  runtime::BoundedEventLog log(*clock, 20'000);
  runtime::ImageCatalogue catalogue = runtime::ImageCatalogue::BuiltIn();
  {
    std::ofstream y(dir + "/catalogue.yaml");
    y << "version: 1\nimages:\n  - repository: bench/ticker\n"
         "    entrypoint: [/ticker]\n    behavior:\n      log_line: tick\n"
         "      log_every: 1s\n";
  }
  if (auto st = catalogue.LoadYamlFile(dir + "/catalogue.yaml"); !st.ok()) {
    std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
    return 1;
  }
  runtime::ImageStore images(std::move(catalogue), *clock);
  auto mgr = std::make_unique<runtime::ContainerManager>(
      runtime::ManagerOptions{.seed = 1}, *clock, log, images);
  runtime::CallContext ctx;
  const std::string image = shell ? "busybox" : "bench/ticker";
  (void)images.Pull(image);

  const int per_pod = 10;
  const double setup_start = WallSeconds();
  for (int i = 0; i < containers; ++i) {
    static std::string pod_id;
    if (i % per_pod == 0) {
      v1::RunPodSandboxRequest run;
      auto* m = run.mutable_config()->mutable_metadata();
      m->set_name(absl::StrCat("pod-", i / per_pod));
      m->set_namespace_("bench");
      m->set_uid(absl::StrCat("uid-", i / per_pod));
      run.mutable_config()->set_log_directory(
          absl::StrCat(dir, "/pods/", i / per_pod));
      v1::RunPodSandboxResponse ran;
      if (!mgr->RunPodSandbox(ctx, run, &ran).ok()) return 1;
      pod_id = ran.pod_sandbox_id();
    }
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(pod_id);
    auto* c = create.mutable_config();
    c->mutable_metadata()->set_name(absl::StrCat("c", i % per_pod));
    c->mutable_image()->set_image(image);
    // FAKECRI_BENCH_NO_LOGS: no log files, to separate the simulation's
    // cost from the log I/O.
    if (getenv("FAKECRI_BENCH_NO_LOGS") == nullptr) {
      c->set_log_path(absl::StrCat("c", i % per_pod, "/0.log"));
    }
    if (shell) {
      for (const char* a :
           {"sh", "-c", "while true; do echo tick; sleep 1; done"}) {
        c->add_command(a);
      }
    }
    create.mutable_sandbox_config()->set_log_directory(
        absl::StrCat(dir, "/pods/", i / per_pod));
    v1::CreateContainerResponse created;
    if (auto st = mgr->CreateContainer(ctx, create, &created); !st.ok()) {
      std::fprintf(stderr, "create: %s\n", std::string(st.message()).c_str());
      return 1;
    }
    v1::StartContainerRequest start;
    start.set_container_id(created.container_id());
    v1::StartContainerResponse started;
    if (auto st = mgr->StartContainer(ctx, start, &started); !st.ok()) {
      std::fprintf(stderr, "start: %s\n", std::string(st.message()).c_str());
      return 1;
    }
  }
  mgr->SyncLogs();
  std::printf("setup: %d running containers (%s) in %.2f s\n", containers,
              shell ? "shell loop" : "image behaviour",
              WallSeconds() - setup_start);

  const double cpu0 = CpuSeconds(), wall0 = WallSeconds();
  if (virtual_time) {
    for (int s = 0; s < seconds; ++s) vclock->AdvanceBy(kSecond);
    mgr->SyncLogs();
  } else {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
  }
  const double cpu = CpuSeconds() - cpu0, wall = WallSeconds() - wall0;
  mgr->SyncLogs();
  Totals t = CountLogs(dir + "/pods");
  if (virtual_time) {
    std::printf(
        "virtual: %d s simulated in %.2f s wall, %.2f s CPU (all threads)\n",
        seconds, wall, cpu);
  } else {
    std::printf("real: %.1f s wall, %.2f s CPU = %.1f%% of one core\n", wall,
                cpu, 100.0 * cpu / wall);
  }
  std::printf(
      "logs: %llu files, %llu lines, %llu bytes (expected about %llu "
      "lines)\n",
      static_cast<unsigned long long>(t.files),
      static_cast<unsigned long long>(t.lines),
      static_cast<unsigned long long>(t.bytes),
      static_cast<unsigned long long>(containers) * (seconds + 1));
  mgr.reset();
  if (getenv("FAKECRI_BENCH_KEEP") == nullptr) {
    std::filesystem::remove_all(dir);
  } else {
    std::printf("kept %s\n", dir.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace fakecri::bench

int main(int argc, char** argv) { return fakecri::bench::Run(argc, argv); }
