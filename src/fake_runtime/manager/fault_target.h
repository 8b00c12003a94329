// File: fault_target.h
// FaultTarget: the attributes of a pod, container or image that fault
// selectors match, copied out of the manager's records so a hop outside
// the manager's lock (the gRPC adapter, the event stream) can build a
// faults::FaultPoint from them.
#ifndef FAKECRI_MANAGER_FAULT_TARGET_H_
#define FAKECRI_MANAGER_FAULT_TARGET_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fake_runtime/faults/fault_point.h"

namespace fakecri::runtime {

struct FaultTarget {
  std::string pod_name = "";
  std::string pod_namespace = "";
  std::string pod_uid = "";
  std::map<std::string, std::string, std::less<>> labels = {};  // pod's
  std::string container_name = "";
  std::string image = "";    // normalised when it parses
  std::string handler = "";  // runtime_handler; "" = runc
  uint64_t bytes = 0;        // image size, for pulls

  // The pod attributes, from a PodSandboxConfig's or PodSandboxStatus's
  // metadata and labels.
  template <typename Metadata, typename Labels>
  void SetPod(const Metadata& md, const Labels& pod_labels) {
    pod_name = md.name();
    pod_namespace = md.namespace_();
    pod_uid = md.uid();
    labels.insert(pod_labels.begin(), pod_labels.end());
  }

  // Borrows this target's strings: keep the target alive while the point
  // is used.
  faults::FaultPoint Point(faults::Hop hop, std::string_view op) const {
    faults::FaultPoint p;
    p.hop = hop;
    p.operation = op;
    p.pod_name = pod_name;
    p.pod_namespace = pod_namespace;
    p.pod_uid = pod_uid;
    p.labels = faults::LabelsView::Of(labels);
    p.container_name = container_name;
    p.image = image;
    p.handler = handler;
    p.bytes = bytes;
    return p;
  }
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_FAULT_TARGET_H_
