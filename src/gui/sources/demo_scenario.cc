// File: demo_scenario.cc
// The lesson `fakecri-gui` plays when started with no arguments. Two
// minutes of a node's life, chosen so every kind of arrow appears early:
// ordinary calls, an injected error and the kubelet's retry, a container
// crash and its restart, a second runtime handler, the CRI event stream,
// and a deletion.
#include "gui/sources/scenario_source.h"

namespace fakecri::gui {

const char kDemoScenarioYaml[] = R"yaml(version: 1
name: classroom-demo
description: |
  A pod under runc (its sidecar's image pull fails once, its sidecar
  crashes after 20 s and is restarted), a pod under kata, then deletion.
seed: 7
duration: 2m
# Evented PLEG: the kubelet learns of container changes from
# GetContainerEvents instead of relisting every second, so the diagram is
# about the pods, not about polling.
kubelet:
  eventedPLEG: true
runtime:
  faults:
    - id: registry-hiccup
      hop: cri
      operation: PullImage
      match: {image: "busybox:*"}
      effect: {error: {code: UNAVAILABLE, message: "registry is unavailable"}}
      when: {times: 1}
    - id: kata-vm-boot
      hop: oci
      operation: create
      match: {handler: kata}
      effect: {latency: "uniform(500ms,700ms)"}
timeline:
  - at: 0s
    createPod:
      metadata: {name: web}
      spec:
        terminationGracePeriodSeconds: 5
        containers:
          - {name: nginx, image: "nginx:1.25"}
          - name: sidecar
            image: busybox:1.36
            command: ["sh", "-c", "echo ready; sleep 20; echo lost my config >&2; exit 1"]
  - at: 40s
    createPod:
      metadata: {name: vm}
      spec:
        runtimeClassName: kata
        containers:
          - {name: app, image: "nginx:1.25"}
  - at: 90s
    deletePod: {name: web}
)yaml";

}  // namespace fakecri::gui
