// File: fault_point.h
// FaultPoint: what a hop tells the fault engine about the call it is about
// to make — which hop and operation, and the attributes selectors match.
// It only borrows its strings and labels: it is built on the stack for one
// Match() call, so the no-fault path copies nothing.
#ifndef FAKECRI_FAULTS_FAULT_POINT_H_
#define FAKECRI_FAULTS_FAULT_POINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {

// A borrowed, type-erased label map: std::map, absl::flat_hash_map or a
// protobuf Map<string, string> all work, without copying them. Looked up
// only when a rule with label selectors gets that far.
class LabelsView {
 public:
  LabelsView() = default;

  // `map` must outlive the view; any map whose key_type is constructible
  // from std::string_view and whose mapped values convert to it.
  template <typename Map>
  static LabelsView Of(const Map& map) {
    LabelsView v;
    v.map_ = &map;
    v.find_ = [](const void* p,
                 std::string_view key) -> std::optional<std::string_view> {
      const Map& m = *static_cast<const Map*>(p);
      const auto it = m.find(typename Map::key_type(key));
      if (it == m.end()) return std::nullopt;
      return std::string_view(it->second);
    };
    return v;
  }
  template <typename Map>
  static LabelsView Of(const Map&& map) = delete;  // would dangle

  std::optional<std::string_view> Find(std::string_view key) const {
    return find_ == nullptr ? std::nullopt : find_(map_, key);
  }

 private:
  const void* map_ = nullptr;
  std::optional<std::string_view> (*find_)(const void*,
                                           std::string_view) = nullptr;
};

// Attributes the caller does not know stay empty; a selector on an empty
// attribute matches only a pattern that matches "" (such as "*").
struct FaultPoint {
  Hop hop = Hop::kCri;
  // The RPC name for kCri ("PullImage"), else the hop's operation
  // ("start", "pull", "send", ...); see fault_enums.h.
  std::string_view operation = {};
  std::string_view pod_name = {};
  std::string_view pod_namespace = {};
  std::string_view pod_uid = {};
  // The pod's labels (PodSandboxConfig.labels), for container-level hops
  // too: users select "app=web", not the kubelet's io.kubernetes.* labels.
  LabelsView labels = {};
  std::string_view container_name = {};
  // Preferably normalised ("docker.io/library/nginx:1.25"); selectors also
  // match its familiar form ("nginx:1.25").
  std::string_view image = {};
  // runtime_handler; "" is the default handler (runc).
  std::string_view handler = {};
  // Image size for per-MiB pull latency.
  uint64_t bytes = 0;
};

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_POINT_H_
