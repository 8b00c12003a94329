// File: kubelet_pod_config.h
// A pod sandbox config shaped like the kubelet's (metadata, hostname, log
// directory <root>/<namespace>_<name>_<uid>, the io.kubernetes.pod.*
// labels), shared by the benchmarks and tests that want one.
#ifndef FAKECRI_TESTS_TESTING_KUBELET_POD_CONFIG_H_
#define FAKECRI_TESTS_TESTING_KUBELET_POD_CONFIG_H_

#include <string>

#include "fake_runtime/cri/api.h"

namespace fakecri::testing {

// `log_root` "" = no log directory (the runtime then writes no log file).
inline ::runtime::v1::PodSandboxConfig KubeletPodConfig(
    const std::string& name, const std::string& pod_namespace,
    const std::string& uid, const std::string& log_root) {
  ::runtime::v1::PodSandboxConfig pod;
  pod.mutable_metadata()->set_name(name);
  pod.mutable_metadata()->set_namespace_(pod_namespace);
  pod.mutable_metadata()->set_uid(uid);
  pod.set_hostname(name);
  if (!log_root.empty()) {
    pod.set_log_directory(log_root + "/" + pod_namespace + "_" + name + "_" +
                          uid);
  }
  auto& labels = *pod.mutable_labels();
  labels["io.kubernetes.pod.name"] = name;
  labels["io.kubernetes.pod.namespace"] = pod_namespace;
  labels["io.kubernetes.pod.uid"] = uid;
  return pod;
}

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_TESTING_KUBELET_POD_CONFIG_H_
