// File: cri_builders.h
// CRI request pieces that tests and benchmarks build over and over: a pod
// sandbox config with the metadata and labels a kubelet would send, and a
// container config running a command.
#ifndef FAKECRI_TESTS_TESTING_CRI_BUILDERS_H_
#define FAKECRI_TESTS_TESTING_CRI_BUILDERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fake_runtime/cri/api.h"

namespace fakecri::testing {

// metadata {name, namespace, uid "uid-<name>", attempt} and the
// io.kubernetes.pod.uid label, as the kubelet sets them.
inline ::runtime::v1::PodSandboxConfig PodConfig(
    const std::string& name, const std::string& pod_namespace = "e2e",
    uint32_t attempt = 0) {
  ::runtime::v1::PodSandboxConfig c;
  c.mutable_metadata()->set_name(name);
  c.mutable_metadata()->set_namespace_(pod_namespace);
  c.mutable_metadata()->set_uid("uid-" + name);
  c.mutable_metadata()->set_attempt(attempt);
  (*c.mutable_labels())["io.kubernetes.pod.uid"] = "uid-" + name;
  return c;
}

// metadata {name}, the image and the command (no args).
inline ::runtime::v1::ContainerConfig ContainerConfigFor(
    const std::string& name, const std::string& image,
    const std::vector<std::string>& command) {
  ::runtime::v1::ContainerConfig c;
  c.mutable_metadata()->set_name(name);
  c.mutable_image()->set_image(image);
  for (const std::string& arg : command) c.add_command(arg);
  return c;
}

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_TESTING_CRI_BUILDERS_H_
