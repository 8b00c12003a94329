// File: pod_yaml.h
// A Kubernetes Pod manifest (the parts pod_spec.h models) read into a
// PodSpec; `apiVersion: v1` and `kind: Pod` are accepted, so a real
// manifest can be pasted in. Fields the simulated kubelet does not model
// are rejected, not silently ignored.
#ifndef FAKECRI_SCENARIO_POD_YAML_H_
#define FAKECRI_SCENARIO_POD_YAML_H_

#include <yaml-cpp/yaml.h>

#include "scenario/kubelet/pod_spec.h"
#include "scenario/yaml_reader.h"

namespace fakecri::scenario::internal {

PodSpec ReadPod(const YamlReader& r, const YAML::Node& n);

}  // namespace fakecri::scenario::internal

#endif  // FAKECRI_SCENARIO_POD_YAML_H_
