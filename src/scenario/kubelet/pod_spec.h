// File: pod_spec.h
// What the simulated kubelet is asked to run: the parts of a Kubernetes
// Pod manifest that change the CRI calls a kubelet makes. Plain data; the
// scenario loader fills it from a pod-spec-like YAML block.
#ifndef FAKECRI_SCENARIO_KUBELET_POD_SPEC_H_
#define FAKECRI_SCENARIO_KUBELET_POD_SPEC_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fakecri::scenario {

enum class PullPolicy { kAlways, kIfNotPresent, kNever };
enum class RestartPolicy { kAlways, kOnFailure, kNever };

// An exec probe (the only kind the kubelet runs through the CRI: ExecSync).
// Defaults are the API server's.
struct ExecProbe {
  std::vector<std::string> command;
  int32_t initial_delay_seconds = 0;
  int32_t period_seconds = 10;
  int32_t timeout_seconds = 1;
  int32_t success_threshold = 1;
  int32_t failure_threshold = 3;
};

// The parts of a (Pod)SecurityContext the kubelet itself checks before
// CreateContainer (verifyRunAsNonRoot) and passes on as run_as_user.
struct SecurityContext {
  std::optional<bool> run_as_non_root;
  std::optional<int64_t> run_as_user;
};

// A containerPort: the kubelet turns every one into a sandbox port mapping
// and records them on the container (io.kubernetes.container.ports).
struct ContainerPort {
  std::string name;
  int32_t container_port = 0;
  int32_t host_port = 0;  // 0: none
  std::string protocol = "TCP";
  std::string host_ip;
};

struct ContainerSpec {
  std::string name;
  std::string image;
  // Empty: "Always" for a :latest (or untagged) image, else IfNotPresent,
  // as the API server defaults it.
  std::optional<PullPolicy> image_pull_policy;
  std::vector<std::string> command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // in order
  std::string working_dir;
  std::optional<ExecProbe> liveness_probe;
  std::optional<ExecProbe> readiness_probe;
  std::optional<ExecProbe> startup_probe;
  std::vector<std::string> pre_stop_exec;    // lifecycle.preStop.exec
  std::vector<std::string> post_start_exec;  // lifecycle.postStart.exec
  // Init containers only: restartPolicy: Always makes it a sidecar.
  bool restartable = false;
  std::string termination_message_path = "/dev/termination-log";
  SecurityContext security_context;  // overrides the pod's field by field
  std::vector<ContainerPort> ports;
};

struct PodSpec {
  std::string name;
  std::string pod_namespace = "default";
  std::string uid;  // "" = derived from namespace/name deterministically
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<ContainerSpec> init_containers;
  std::vector<ContainerSpec> containers;
  RestartPolicy restart_policy = RestartPolicy::kAlways;
  int64_t termination_grace_period_seconds = 30;
  bool host_network = false;
  std::string runtime_handler;  // RuntimeClass.handler; "" = default
  std::string hostname;         // "" = the pod name
  SecurityContext security_context;
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_KUBELET_POD_SPEC_H_
