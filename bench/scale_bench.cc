// scale_bench: what 100,000 idle containers cost fakecri.
//
//  (a) Resident memory: VmRSS before and after loading the sandboxes, then
//      the CREATED containers, through the container manager in-process.
//      The event log is bounded (ServerOptions defaults: 20,000 events and
//      16 MiB); it fills while the sandboxes load and its events grow while
//      containers load (a CRI event carries every container status of its
//      pod), so its retained size is reported apart.
//  (b) ListContainers latency over those containers with a label selector
//      naming one pod (10 containers) and one naming a namespace (1% of all
//      containers), through the in-process gRPC channel, the unix socket and,
//      for reference, the manager directly. Median and p99 over N runs.
//
// Usage: scale_bench [pods (10000)] [containers per pod (10)] [runs (50)]
#include <grpcpp/grpcpp.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/server/server_internals.h"
#include "fakecri/server.h"
#include "testing/kubelet_pod_config.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;
using Clock = std::chrono::steady_clock;

constexpr int kNamespaces = 100;  // so one namespace holds 1% of the pods

// Pod log directories live in the benchmark's temp dir, never under the
// host's /var/log/pods (containers are never started here, so the runtime
// creates no files, but a bench must not point at host paths anyway).
std::string g_log_root;

// VmRSS from /proc/self/status, in bytes (-1 if unreadable).
int64_t ResidentBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      int64_t kib = 0;
      std::string digits;
      for (char ch : line) {
        if (ch >= '0' && ch <= '9') digits += ch;
      }
      if (absl::SimpleAtoi(digits, &kib)) return kib * 1024;
    }
  }
  return -1;
}

// What the event log's ring keeps alive, as the log itself counts it
// against its byte budget (EventFootprint).
size_t EventLogBytes(runtime::EventLog& log) { return log.HeldBytes(); }

std::string PodName(int pod) { return absl::StrCat("web-", pod); }
std::string PodNamespace(int pod) {
  return absl::StrCat("ns-", pod % kNamespaces);
}
// A uuid-shaped uid, as the API server assigns.
std::string PodUid(int pod) {
  char buf[40];
  const auto u = static_cast<unsigned>(pod);
  std::snprintf(buf, sizeof(buf), "6f1c2a3b-%04x-4d5e-8f90-%012x", u & 0xffff,
                u);
  return buf;
}

// A pod config shaped like the kubelet's.
v1::PodSandboxConfig PodConfig(int pod) {
  const std::string name = PodName(pod), ns = PodNamespace(pod),
                    uid = PodUid(pod);
  v1::PodSandboxConfig cfg =
      testing::KubeletPodConfig(name, ns, uid, g_log_root);
  auto& labels = *cfg.mutable_labels();
  labels["app"] = "web";
  auto& ann = *cfg.mutable_annotations();
  ann["kubernetes.io/config.seen"] = "2025-01-01T00:00:00.000000000Z";
  ann["kubernetes.io/config.source"] = "api";
  cfg.mutable_linux()->set_cgroup_parent(
      absl::StrCat("kubepods-besteffort-pod", uid, ".slice"));
  return cfg;
}

// A container config shaped like the kubelet's: the io.kubernetes.* labels
// and the annotations it always sets.
v1::ContainerConfig ContainerConfig(int pod, int index,
                                    const std::string& image_ref) {
  v1::ContainerConfig cfg;
  const std::string name = absl::StrCat("c", index);
  cfg.mutable_metadata()->set_name(name);
  cfg.mutable_image()->set_image(image_ref);
  cfg.mutable_image()->set_user_specified_image("busybox");
  cfg.add_command("sleep");
  cfg.add_args("3600");
  cfg.set_log_path(absl::StrCat(name, "/0.log"));
  auto& labels = *cfg.mutable_labels();
  labels["io.kubernetes.pod.name"] = PodName(pod);
  labels["io.kubernetes.pod.namespace"] = PodNamespace(pod);
  labels["io.kubernetes.pod.uid"] = PodUid(pod);
  labels["io.kubernetes.container.name"] = name;
  // Assigned from std::string: GCC 12 misreports -Wrestrict on
  // string::operator=(const char*) here (GCC PR 105329).
  static constexpr std::pair<const char*, const char*> kAnnotations[] = {
      {"io.kubernetes.container.hash", "8f3a9c21"},
      {"io.kubernetes.container.restartCount", "0"},
      {"io.kubernetes.container.terminationMessagePath",
       "/dev/termination-log"},
      {"io.kubernetes.container.terminationMessagePolicy", "File"},
      {"io.kubernetes.pod.terminationGracePeriod", "30"},
  };
  auto& ann = *cfg.mutable_annotations();
  for (const auto& [key, value] : kAnnotations) ann[key] = std::string(value);
  return cfg;
}

struct Stats {
  double median_ms = 0, p99_ms = 0, min_ms = 0, max_ms = 0;
};

// Nearest-rank percentiles: with 50 runs p99 is the slowest run.
Stats Summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double p) {
    size_t r = static_cast<size_t>(std::ceil(p * ms.size()));
    return ms[std::clamp<size_t>(r, 1, ms.size()) - 1];
  };
  return {rank(0.50), rank(0.99), ms.front(), ms.back()};
}

// One way of calling ListContainers; returns false on error.
using ListFn = std::function<bool(const v1::ListContainersRequest&,
                                  v1::ListContainersResponse*, std::string*)>;

ListFn GrpcList(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = std::shared_ptr<v1::RuntimeService::Stub>(
      v1::RuntimeService::NewStub(channel));
  return [stub](const v1::ListContainersRequest& req,
                v1::ListContainersResponse* resp, std::string* err) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    grpc::Status st = stub->ListContainers(&ctx, req, resp);
    if (!st.ok()) {
      *err = absl::StrCat("code ", st.error_code(), ": ", st.error_message());
    }
    return st.ok();
  };
}

ListFn DirectList(runtime::ContainerManager& mgr) {
  return [&mgr](const v1::ListContainersRequest& req,
                v1::ListContainersResponse* resp, std::string* err) {
    absl::Status st = mgr.ListContainers(runtime::CallContext{}, req, resp);
    if (!st.ok()) *err = st.ToString();
    return st.ok();
  };
}

// Times `runs` calls (after `warmups` unmeasured ones) and prints a row.
bool Measure(const char* transport, const char* filter_name,
             const v1::ListContainersRequest& req, const ListFn& list, int runs,
             size_t want, int warmups = 3) {
  std::vector<double> ms;
  size_t got = 0, bytes = 0;
  for (int i = -warmups; i < runs; ++i) {
    v1::ListContainersResponse resp;
    std::string err;
    auto start = Clock::now();
    bool ok = list(req, &resp, &err);
    auto end = Clock::now();
    if (!ok) {
      std::printf("  %-12s %-22s FAILED: %s\n", transport, filter_name,
                  err.c_str());
      return false;
    }
    got = resp.containers_size();
    if (bytes == 0) bytes = resp.ByteSizeLong();
    if (i >= 0) {
      ms.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
  }
  Stats s = Summarise(ms);
  std::printf(
      "  %-12s %-22s %6zu ctrs %8.1f KiB  median %7.2f ms  p99 %7.2f ms  "
      "(min %.2f, max %.2f)%s\n",
      transport, filter_name, got, bytes / 1024.0, s.median_ms, s.p99_ms,
      s.min_ms, s.max_ms, got == want ? "" : "  WRONG COUNT");
  return got == want;
}

// Runs the whole benchmark with its socket and log directories in `dir`.
int RunIn(const std::string& dir, int pods, int per_pod, int runs) {
  g_log_root = dir + "/pods";
  ServerOptions opts;
  opts.listen = absl::StrCat("unix://", dir, "/fakecri.sock");
  opts.seed = 1;
  auto started = Server::Start(opts);
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start fakecri: %s\n",
                 started.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<Server> server = std::move(started).value();
  runtime::ContainerManager& mgr = InternalsForTest(*server).manager();
  const runtime::CallContext ctx{};
  const size_t event_capacity = server->event_log().capacity();

  // Pull the images (busybox and, through a throwaway pod, the pause image)
  // before the baseline, so (a) counts only sandboxes and containers.
  v1::PullImageRequest pull;
  pull.mutable_image()->set_image("busybox");
  v1::PullImageResponse pulled;
  if (absl::Status st = mgr.PullImage(ctx, pull, &pulled); !st.ok()) {
    std::fprintf(stderr, "PullImage: %s\n", st.ToString().c_str());
    return 1;
  }
  const std::string image_ref = pulled.image_ref();
  {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig(-1);
    v1::RunPodSandboxResponse resp;
    v1::StopPodSandboxRequest stop;
    v1::RemovePodSandboxRequest rm;
    v1::StopPodSandboxResponse stopped;
    v1::RemovePodSandboxResponse removed;
    if (!mgr.RunPodSandbox(ctx, req, &resp).ok()) return 1;
    stop.set_pod_sandbox_id(resp.pod_sandbox_id());
    rm.set_pod_sandbox_id(resp.pod_sandbox_id());
    if (!mgr.StopPodSandbox(ctx, stop, &stopped).ok() ||
        !mgr.RemovePodSandbox(ctx, rm, &removed).ok()) {
      return 1;
    }
  }

  std::printf(
      "fakecri scale bench: %d pods x %d containers, event log capacity "
      "%zu\n\n",
      pods, per_pod, event_capacity);
  const int64_t rss0 = ResidentBytes();
  const size_t log0 = EventLogBytes(server->event_log());

  // ---- (a) load ----
  auto t0 = Clock::now();
  std::vector<std::string> pod_ids;
  pod_ids.reserve(pods);
  for (int p = 0; p < pods; ++p) {
    v1::RunPodSandboxRequest req;
    *req.mutable_config() = PodConfig(p);
    v1::RunPodSandboxResponse resp;
    if (absl::Status st = mgr.RunPodSandbox(ctx, req, &resp); !st.ok()) {
      std::fprintf(stderr, "RunPodSandbox %d: %s\n", p, st.ToString().c_str());
      return 1;
    }
    pod_ids.push_back(resp.pod_sandbox_id());
  }
  auto t1 = Clock::now();
  const int64_t rss1 = ResidentBytes();
  const size_t log1 = EventLogBytes(server->event_log());
  for (int p = 0; p < pods; ++p) {
    for (int i = 0; i < per_pod; ++i) {
      v1::CreateContainerRequest req;
      req.set_pod_sandbox_id(pod_ids[p]);
      *req.mutable_config() = ContainerConfig(p, i, image_ref);
      v1::CreateContainerResponse resp;
      if (absl::Status st = mgr.CreateContainer(ctx, req, &resp); !st.ok()) {
        std::fprintf(stderr, "CreateContainer %d/%d: %s\n", p, i,
                     st.ToString().c_str());
        return 1;
      }
    }
  }
  auto t2 = Clock::now();
  const int64_t rss2 = ResidentBytes();
  const size_t log2 = EventLogBytes(server->event_log());
  const auto counts = mgr.CountsForTest();
  const double n_ctr = static_cast<double>(pods) * per_pod;
  auto mib = [](double b) { return b / (1024.0 * 1024.0); };
  auto secs = [](Clock::duration d) {
    return std::chrono::duration<double>(d).count();
  };

  std::printf("(a) memory (VmRSS)\n");
  std::printf("  baseline                    %9.1f MiB\n", mib(rss0));
  std::printf("  + %d sandboxes         %9.1f MiB  (+%.1f MiB in %.2f s)\n",
              pods, mib(rss1), mib(rss1 - rss0), secs(t1 - t0));
  std::printf("  + %.0f containers       %9.1f MiB  (+%.1f MiB in %.2f s)\n",
              n_ctr, mib(rss2), mib(rss2 - rss1), secs(t2 - t1));
  std::printf("  manager holds %zu sandboxes, %zu containers\n",
              counts.sandboxes, counts.containers);
  std::printf("  event log (estimated, bounded): %.1f -> %.1f -> %.1f MiB\n",
              mib(log0), mib(log1), mib(log2));
  const double per_sb = static_cast<double>(rss1 - rss0) / pods;
  const double per_ctr = static_cast<double>(rss2 - rss1) / n_ctr;
  const double per_ctr_no_log =
      (static_cast<double>(rss2 - rss1) -
       (static_cast<double>(log2) - static_cast<double>(log1))) /
      n_ctr;
  const double all_in = static_cast<double>(rss2 - rss0) / n_ctr;
  std::printf("  per sandbox                 %9.0f bytes\n", per_sb);
  std::printf("  per idle container          %9.0f bytes  (target <= 4096)\n",
              per_ctr);
  std::printf("    excluding event-log growth %8.0f bytes\n", per_ctr_no_log);
  // Where a container's bytes go: the stored ContainerConfig, kept
  // serialized (a parsed copy, as protobuf accounts it without malloc
  // overhead, for comparison).
  const v1::ContainerConfig sample = ContainerConfig(pods / 2, 0, image_ref);
  std::printf(
      "    of which ContainerConfig  %8zu bytes  (serialized; parsed it "
      "would take %zu)\n",
      sample.ByteSizeLong(), sample.SpaceUsedLong());
  std::printf(
      "  all-in per container        %9.0f bytes  (incl. 1/%d sandbox and the "
      "log)\n\n",
      all_in, per_pod);

  // ---- (b) ListContainers ----
  const int probe = pods / 2;
  v1::ListContainersRequest by_pod;
  (*by_pod.mutable_filter()
        ->mutable_label_selector())["io.kubernetes.pod.uid"] = PodUid(probe);
  // The kubelet also filters by sandbox id (e.g. when killing a pod).
  v1::ListContainersRequest by_sandbox;
  by_sandbox.mutable_filter()->set_pod_sandbox_id(pod_ids[probe]);
  v1::ListContainersRequest by_ns;
  (*by_ns.mutable_filter()
        ->mutable_label_selector())["io.kubernetes.pod.namespace"] =
      PodNamespace(probe);
  size_t ns_want = 0;
  for (int p = 0; p < pods; ++p) {
    if (p % kNamespaces == probe % kNamespaces) ns_want += per_pod;
  }

  // The kubelet's client accepts responses up to 16 MiB; match it.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(16 << 20);
  auto unix_channel = grpc::CreateCustomChannel(
      server->endpoint(), grpc::InsecureChannelCredentials(), args);
  const ListFn inproc = GrpcList(server->InProcessChannel());
  const ListFn unix_socket = GrpcList(unix_channel);
  const ListFn direct = DirectList(mgr);

  // The manager called directly is only a reference (what gRPC adds), so it
  // gets fewer runs, to keep the whole bench well under two minutes.
  const int ref_runs = std::max(5, runs / 5);
  std::printf(
      "(b) ListContainers over %.0f containers, %d runs each, %d for the "
      "reference (target <= 20 ms)\n",
      n_ctr, runs, ref_runs);
  bool ok = true;
  const std::string ns_name =
      absl::StrCat("namespace (", 100.0 / kNamespaces, "%)");
  for (const auto& [name, fn, n] : {std::tuple<const char*, const ListFn*, int>{
                                        "in-process", &inproc, runs},
                                    {"unix socket", &unix_socket, runs},
                                    {"direct (ref)", &direct, ref_runs}}) {
    ok &= Measure(name, "pod uid label", by_pod, *fn, n, per_pod);
    ok &= Measure(name, "pod_sandbox_id", by_sandbox, *fn, n, per_pod);
    ok &= Measure(name, ns_name.c_str(), by_ns, *fn, n, ns_want);
  }
  // For scale only: an unfiltered list (the kubelet's relist) of everything.
  // Through gRPC it is expected to fail: the answer exceeds 16 MiB.
  ok &= Measure("direct (ref)", "no filter (all)", v1::ListContainersRequest{},
                direct, 1, counts.containers, /*warmups=*/0);
  Measure("in-process", "no filter (all)", v1::ListContainersRequest{}, inproc,
          1, counts.containers, /*warmups=*/0);

  unix_channel.reset();
  server->Shutdown();
  return ok ? 0 : 1;
}

int Run(int pods, int per_pod, int runs) {
  char dir_template[] = "/tmp/fakecri-scale-bench-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  int rc = RunIn(dir, pods, per_pod, runs);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}

int ArgOr(int argc, char** argv, int i, int fallback) {
  int v = 0;
  if (argc > i && absl::SimpleAtoi(argv[i], &v) && v > 0) return v;
  return fallback;
}

}  // namespace
}  // namespace fakecri::bench

int main(int argc, char** argv) {
  using fakecri::bench::ArgOr;
  return fakecri::bench::Run(ArgOr(argc, argv, 1, 10'000),
                             ArgOr(argc, argv, 2, 10),
                             ArgOr(argc, argv, 3, 50));
}
