// File: corpus_gen.cc
// Writes the binary seeds of fuzz/corpus/ from the real protos:
//   cri_manager_fuzzer/  one valid request per RPC, aimed at the prelude's
//                        objects, plus whole kubelet-like lifecycles;
//   rule_proto_fuzzer/   every rule of the fault YAML seeds, as the control
//                        API's FaultRule message.
// Usage: fuzz_corpus_gen <fuzz/corpus dir>. Text seeds (YAML, shell) are
// written by hand; this reads the fault YAML ones.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cri_input.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/faults/fault_yaml.h"

namespace fakecri::fuzz {
namespace {

namespace v1 = ::runtime::v1;
namespace fs = std::filesystem;

// Target bytes (cri_input.h): the prelude's pod "web" and its containers
// "app" (running) and "side" (created).
constexpr uint8_t kApp = 0, kSide = 1, kNewest = 2, kRaw = kRawIds;

struct Call {
  CriRpc rpc;
  uint8_t target;
  std::string request;
  uint8_t advance = 1;
};

template <typename M>
Call C(CriRpc rpc, const M& m, uint8_t target = kApp, uint8_t advance = 1) {
  return Call{rpc, target, m.SerializeAsString(), advance};
}

v1::PodSandboxConfig Pod(const std::string& name) {
  v1::PodSandboxConfig c;
  c.mutable_metadata()->set_name(name);
  c.mutable_metadata()->set_namespace_("default");
  c.mutable_metadata()->set_uid("uid-" + name);
  c.set_hostname(name);
  c.set_log_directory("pods/" + name);
  (*c.mutable_labels())["app"] = name;
  c.mutable_dns_config()->add_servers("10.96.0.10");
  c.mutable_dns_config()->add_searches("default.svc.cluster.local");
  auto* pm = c.add_port_mappings();
  pm->set_container_port(80);
  pm->set_host_port(8080);
  auto* lx = c.mutable_linux();
  lx->set_cgroup_parent("/kubepods/besteffort/pod-" + name);
  (*lx->mutable_sysctls())["net.ipv4.ip_forward"] = "1";
  return c;
}

v1::CreateContainerRequest Create(const std::string& name,
                                  std::vector<std::string> argv,
                                  const std::string& image = "busybox") {
  v1::CreateContainerRequest req;
  auto* c = req.mutable_config();
  c->mutable_metadata()->set_name(name);
  c->mutable_image()->set_image(image);
  if (!argv.empty()) {
    c->add_command(argv[0]);
    for (size_t i = 1; i < argv.size(); ++i) c->add_args(argv[i]);
  }
  c->set_working_dir("/");
  auto* env = c->add_envs();
  env->set_key("MODE");
  env->set_value("fuzz");
  c->set_log_path(name + "/0.log");
  (*c->mutable_labels())["io.kubernetes.container.name"] = name;
  auto* mount = c->add_mounts();
  mount->set_container_path("/data");
  mount->set_host_path("volumes/data");
  auto* res = c->mutable_linux()->mutable_resources();
  res->set_memory_limit_in_bytes(64 << 20);
  res->set_cpu_shares(256);
  c->mutable_linux()
      ->mutable_security_context()
      ->mutable_run_as_user()
      ->set_value(1000);
  *req.mutable_sandbox_config() = Pod("web");
  return req;
}

template <typename M>
M WithContainer(M m) {
  m.set_container_id("x");  // replaced by the harness (target byte)
  return m;
}

template <typename M>
M WithSandbox(M m) {
  m.set_pod_sandbox_id("x");
  return m;
}

v1::ExecSyncRequest ExecSync(std::vector<std::string> cmd, int64_t timeout) {
  v1::ExecSyncRequest r;
  r.set_container_id("x");
  for (auto& a : cmd) r.add_cmd(a);
  r.set_timeout(timeout);
  return r;
}

v1::ImageSpec Image(const std::string& ref) {
  v1::ImageSpec s;
  s.set_image(ref);
  return s;
}

std::vector<std::pair<std::string, std::vector<Call>>> CriSeeds() {
  std::vector<std::pair<std::string, std::vector<Call>>> seeds;
  auto one = [&](const std::string& name, Call call) {
    seeds.push_back({name, {std::move(call)}});
  };
  one("version", C(CriRpc::kVersion, v1::VersionRequest()));
  {
    v1::RunPodSandboxRequest r;
    *r.mutable_config() = Pod("db");
    one("run_pod_sandbox", C(CriRpc::kRunPodSandbox, r));
  }
  one("stop_pod_sandbox",
      C(CriRpc::kStopPodSandbox, WithSandbox(v1::StopPodSandboxRequest())));
  one("remove_pod_sandbox",
      C(CriRpc::kRemovePodSandbox, WithSandbox(v1::RemovePodSandboxRequest())));
  {
    auto r = WithSandbox(v1::PodSandboxStatusRequest());
    r.set_verbose(true);
    one("pod_sandbox_status", C(CriRpc::kPodSandboxStatus, r));
  }
  {
    v1::ListPodSandboxRequest r;
    (*r.mutable_filter()->mutable_label_selector())["app"] = "web";
    r.mutable_filter()->mutable_state()->set_state(v1::SANDBOX_READY);
    one("list_pod_sandbox", C(CriRpc::kListPodSandbox, r));
  }
  {
    auto r = Create("worker",
                    {"sh", "-c", "while true; do echo tick; sleep 1; done"});
    r.set_pod_sandbox_id("x");
    one("create_container", C(CriRpc::kCreateContainer, r));
  }
  one("start_container", C(CriRpc::kStartContainer,
                           WithContainer(v1::StartContainerRequest()), kSide));
  {
    auto r = WithContainer(v1::StopContainerRequest());
    r.set_timeout(2);
    one("stop_container", C(CriRpc::kStopContainer, r));
  }
  one("remove_container",
      C(CriRpc::kRemoveContainer, WithContainer(v1::RemoveContainerRequest())));
  {
    v1::ListContainersRequest r;
    r.mutable_filter()->set_pod_sandbox_id("x");
    (*r.mutable_filter()
          ->mutable_label_selector())["io.kubernetes.container.name"] = "app";
    one("list_containers", C(CriRpc::kListContainers, r));
  }
  {
    auto r = WithContainer(v1::ContainerStatusRequest());
    r.set_verbose(true);
    one("container_status", C(CriRpc::kContainerStatus, r));
  }
  {
    auto r = WithContainer(v1::UpdateContainerResourcesRequest());
    r.mutable_linux()->set_memory_limit_in_bytes(1 << 20);
    r.mutable_linux()->set_cpu_quota(50000);
    r.mutable_linux()->set_cpu_period(100000);
    one("update_container_resources", C(CriRpc::kUpdateContainerResources, r));
  }
  one("reopen_container_log",
      C(CriRpc::kReopenContainerLog,
        WithContainer(v1::ReopenContainerLogRequest())));
  one("exec_sync",
      C(CriRpc::kExecSync,
        ExecSync({"sh", "-c", "echo hi; cat /etc/hostname; ls /"}, 5)));
  one("exec_sync_timeout", C(CriRpc::kExecSync, ExecSync({"sleep", "30"}, 1)));
  {
    auto r = WithContainer(v1::ExecRequest());
    r.add_cmd("sh");
    r.set_tty(true);
    r.set_stdin(true);
    r.set_stdout(true);
    one("exec", C(CriRpc::kExec, r));
  }
  {
    auto r = WithContainer(v1::AttachRequest());
    r.set_stdout(true);
    r.set_stderr(true);
    one("attach", C(CriRpc::kAttach, r));
  }
  {
    auto r = WithSandbox(v1::PortForwardRequest());
    r.add_port(80);
    one("port_forward", C(CriRpc::kPortForward, r));
  }
  one("container_stats",
      C(CriRpc::kContainerStats, WithContainer(v1::ContainerStatsRequest())));
  {
    v1::ListContainerStatsRequest r;
    r.mutable_filter()->set_id("x");
    one("list_container_stats", C(CriRpc::kListContainerStats, r));
  }
  one("pod_sandbox_stats",
      C(CriRpc::kPodSandboxStats, WithSandbox(v1::PodSandboxStatsRequest())));
  {
    v1::ListPodSandboxStatsRequest r;
    (*r.mutable_filter()->mutable_label_selector())["app"] = "web";
    one("list_pod_sandbox_stats", C(CriRpc::kListPodSandboxStats, r));
  }
  {
    v1::UpdateRuntimeConfigRequest r;
    r.mutable_runtime_config()->mutable_network_config()->set_pod_cidr(
        "10.88.0.0/16");
    one("update_runtime_config", C(CriRpc::kUpdateRuntimeConfig, r));
  }
  {
    v1::StatusRequest r;
    r.set_verbose(true);
    one("status", C(CriRpc::kStatus, r));
  }
  {
    auto r = WithContainer(v1::CheckpointContainerRequest());
    r.set_location("checkpoint.tar");
    r.set_timeout(10);
    one("checkpoint_container", C(CriRpc::kCheckpointContainer, r));
  }
  one("list_metric_descriptors",
      C(CriRpc::kListMetricDescriptors, v1::ListMetricDescriptorsRequest()));
  one("list_pod_sandbox_metrics",
      C(CriRpc::kListPodSandboxMetrics, v1::ListPodSandboxMetricsRequest()));
  one("runtime_config", C(CriRpc::kRuntimeConfig, v1::RuntimeConfigRequest()));
  {
    auto r = WithSandbox(v1::UpdatePodSandboxResourcesRequest());
    r.mutable_overhead()->set_memory_limit_in_bytes(32 << 20);
    one("update_pod_sandbox_resources",
        C(CriRpc::kUpdatePodSandboxResources, r));
  }
  one("list_images", C(CriRpc::kListImages, v1::ListImagesRequest()));
  {
    v1::ImageStatusRequest r;
    *r.mutable_image() = Image("busybox");
    r.set_verbose(true);
    one("image_status", C(CriRpc::kImageStatus, r));
  }
  {
    v1::PullImageRequest r;
    *r.mutable_image() = Image("docker.io/library/nginx:1.27");
    *r.mutable_sandbox_config() = Pod("web");
    one("pull_image", C(CriRpc::kPullImage, r));
  }
  {
    v1::RemoveImageRequest r;
    *r.mutable_image() = Image("busybox");
    one("remove_image", C(CriRpc::kRemoveImage, r));
  }
  one("image_fs_info", C(CriRpc::kImageFsInfo, v1::ImageFsInfoRequest()));
  {
    ::fakecri::v1::FaultRule rule;
    rule.set_hop("process");
    rule.mutable_match()->set_container("app");
    rule.mutable_effect()->set_kind("crash");
    rule.mutable_effect()->set_exit_code(3);
    rule.mutable_effect()->set_delay("2s");
    one("add_fault_rule", C(CriRpc::kAddFaultRule, rule));
  }

  // A kubelet-like lifecycle: pull, pod, container, start, probe, stats,
  // stop, remove, pod down.
  {
    std::vector<Call> calls;
    v1::PullImageRequest pull;
    *pull.mutable_image() = Image("nginx:1.27");
    calls.push_back(C(CriRpc::kPullImage, pull));
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = Pod("front");
    calls.push_back(C(CriRpc::kRunPodSandbox, run));
    auto create = Create("nginx", {}, "nginx:1.27");
    create.set_pod_sandbox_id("x");
    *create.mutable_sandbox_config() = Pod("front");
    calls.push_back(C(CriRpc::kCreateContainer, create, 1));  // pod 2
    calls.push_back(C(CriRpc::kStartContainer,
                      WithContainer(v1::StartContainerRequest()), kNewest));
    calls.push_back(
        C(CriRpc::kExecSync,
          ExecSync({"sh", "-c", "pgrep nginx && cat /proc/1/status"}, 2),
          kNewest, 50));
    calls.push_back(C(CriRpc::kContainerStats,
                      WithContainer(v1::ContainerStatsRequest()), kNewest));
    auto stop = WithContainer(v1::StopContainerRequest());
    stop.set_timeout(30);
    calls.push_back(C(CriRpc::kStopContainer, stop, kNewest, 100));
    calls.push_back(C(CriRpc::kContainerStatus,
                      WithContainer(v1::ContainerStatusRequest()), kNewest));
    calls.push_back(C(CriRpc::kRemoveContainer,
                      WithContainer(v1::RemoveContainerRequest()), kNewest));
    calls.push_back(C(CriRpc::kStopPodSandbox,
                      WithSandbox(v1::StopPodSandboxRequest()), 1));
    calls.push_back(C(CriRpc::kRemovePodSandbox,
                      WithSandbox(v1::RemovePodSandboxRequest()), 1));
    seeds.push_back({"lifecycle_nginx", std::move(calls)});
  }
  // A shell container that writes logs, execs that touch its files,
  // resource updates, a crash fault, then a restart attempt.
  {
    std::vector<Call> calls;
    auto create = Create(
        "writer",
        {"sh", "-c",
         "i=0; while [ $i -lt 100 ]; do echo line $i; i=$((i+1)); sleep 0.1; "
         "done; exit 3"});
    create.set_pod_sandbox_id("x");
    calls.push_back(C(CriRpc::kCreateContainer, create, 0));
    calls.push_back(C(CriRpc::kStartContainer,
                      WithContainer(v1::StartContainerRequest()), kNewest));
    calls.push_back(
        C(CriRpc::kExecSync,
          ExecSync({"sh", "-c", "touch /tmp/ok; echo $$ > /tmp/pid"}, 2),
          kNewest, 20));
    calls.push_back(
        C(CriRpc::kExecSync, ExecSync({"test", "-f", "/tmp/ok"}, 2), kNewest));
    auto upd = WithContainer(v1::UpdateContainerResourcesRequest());
    upd.mutable_linux()->set_memory_limit_in_bytes(512 << 10);
    calls.push_back(C(CriRpc::kUpdateContainerResources, upd, kNewest));
    calls.push_back(C(CriRpc::kReopenContainerLog,
                      WithContainer(v1::ReopenContainerLogRequest()), kNewest,
                      200));
    ::fakecri::v1::FaultRule rule;
    rule.set_hop("oci");
    rule.set_operation("delete");
    rule.mutable_effect()->set_kind("error");
    rule.mutable_effect()->set_code("UNAVAILABLE");
    rule.mutable_when()->set_first(1);
    calls.push_back(C(CriRpc::kAddFaultRule, rule));
    calls.push_back(C(CriRpc::kRemoveContainer,
                      WithContainer(v1::RemoveContainerRequest()), kNewest));
    auto again = create;
    again.mutable_config()->mutable_metadata()->set_attempt(1);
    calls.push_back(C(CriRpc::kCreateContainer, again, 0));
    v1::ListContainersRequest list;
    list.mutable_filter()->mutable_state()->set_state(v1::CONTAINER_EXITED);
    calls.push_back(C(CriRpc::kListContainers, list, kRaw));
    seeds.push_back({"lifecycle_shell", std::move(calls)});
  }
  return seeds;
}

bool Write(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

}  // namespace
}  // namespace fakecri::fuzz

int main(int argc, char** argv) {
  using namespace fakecri::fuzz;
  if (argc != 2) {
    std::cerr << "usage: fuzz_corpus_gen <fuzz/corpus dir>\n";
    return 2;
  }
  const fs::path root = argv[1];
  const fs::path cri = root / "cri_manager_fuzzer";
  fs::create_directories(cri);
  int written = 0;
  for (const auto& [name, calls] : CriSeeds()) {
    std::string bytes;
    for (const auto& c : calls) {
      EncodeCall(c.rpc, c.target, c.advance, c.request, &bytes);
    }
    if (!Write(cri / name, bytes)) return 1;
    ++written;
  }
  const fs::path rules = root / "rule_proto_fuzzer";
  fs::create_directories(rules);
  for (const auto& e : fs::directory_iterator(root / "fault_yaml_fuzzer")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed =
        fakecri::faults::ParseFaultsYaml(text.str(), e.path().string());
    if (!parsed.ok()) continue;  // seeds of the error paths
    int n = 0;
    for (const auto& rule : *parsed) {
      const std::string name =
          e.path().stem().string() + "_" + std::to_string(++n);
      if (!Write(rules / name,
                 fakecri::control::RuleToProto(rule).SerializeAsString())) {
        return 1;
      }
      ++written;
    }
  }
  std::cout << "fuzz_corpus_gen: wrote " << written << " seeds under "
            << root.string() << "\n";
  return 0;
}
