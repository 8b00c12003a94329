// File: matcher.h
// RuleMatcher: a rule's "where" and "which targets" compiled for the hot
// path. The operation glob becomes a bit mask over the hop's known
// operations and only the selectors that are set are kept, so a call that
// no rule targets costs a bit test or a few short compares per rule.
#ifndef FAKECRI_FAULTS_MATCHER_H_
#define FAKECRI_FAULTS_MATCHER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/faults/fault_point.h"
#include "fake_runtime/faults/fault_rule.h"
#include "fake_runtime/faults/glob.h"

namespace fakecri::faults {

// Docker Hub references also match in their short form: a selector
// "nginx:*" applies to "docker.io/library/nginx:1.25".
std::string_view FamiliarImage(std::string_view image);

// The label values one Match() call has looked up, by slot: rules tend to
// select on the same few keys ("app", "tier"), and a label lookup (a map
// find through LabelsView) costs more than the rest of a rule's checks.
// Lives on the caller's stack; slots are assigned by BindLabelSlots.
class LabelCache {
 public:
  static constexpr int kSlots = 16;

  explicit LabelCache(const LabelsView& labels) : labels_(labels) {}

  std::optional<std::string_view> Find(int slot, std::string_view key) {
    if (slot < 0) return labels_.Find(key);
    const uint32_t bit = uint32_t{1} << slot;
    if ((filled_ & bit) == 0) {
      values_[static_cast<size_t>(slot)] = labels_.Find(key);
      filled_ |= bit;
    }
    return values_[static_cast<size_t>(slot)];
  }

 private:
  const LabelsView& labels_;
  uint32_t filled_ = 0;
  std::optional<std::string_view> values_[kSlots];
};

// A value type; copies are independent (the engine keeps the copies it
// matches with packed together, per hop).
class RuleMatcher {
 public:
  RuleMatcher() = default;
  explicit RuleMatcher(const FaultRule& rule);

  // Gives each label key a LabelCache slot: its index in `keys` (added if
  // absent); keys beyond LabelCache::kSlots are looked up uncached.
  void BindLabelSlots(std::vector<std::string>& keys);

  // `op_index` is OperationIndex(point.hop, point.operation), computed once
  // per call by the engine. The hop itself is not checked (the engine
  // indexes rules by hop). `labels` caches point.labels lookups.
  bool Matches(const FaultPoint& point, int op_index,
               LabelCache& labels) const {
    if (!OperationMatches(point, op_index)) return false;
    for (const Check& c : checks_) {
      if (!CheckMatches(c, point, labels)) return false;
    }
    return true;
  }

 private:
  enum class Attr : uint8_t {
    kPod,
    kNamespace,
    kUid,
    kContainer,
    kHandler,
    kImage,
    kLabel,
  };
  struct Check {
    Attr attr = Attr::kPod;
    int slot = -1;  // kLabel: LabelCache slot
    Glob glob = {};
    std::string label = "";  // kLabel: the label key
  };

  bool OperationMatches(const FaultPoint& point, int op_index) const {
    if (op_any_) return true;
    if (op_index >= 0) return ((op_mask_ >> op_index) & 1) != 0;
    return op_.Matches(point.operation);
  }
  static bool CheckMatches(const Check& c, const FaultPoint& p,
                           LabelCache& labels);
  void AddCheck(Attr attr, const std::string& pattern);

  bool op_any_ = true;
  // Bit i: the operation glob matches KnownOperations(hop)[i].
  uint64_t op_mask_ = 0;
  Glob op_;                    // for operations the hop does not list
  std::vector<Check> checks_;  // set selectors only, cheapest first
};

// Inline, like Glob::Matches: it runs for every selector of every rule
// whose operation matches, and the call overhead was a measurable share.
inline bool RuleMatcher::CheckMatches(const Check& c, const FaultPoint& p,
                                      LabelCache& labels) {
  switch (c.attr) {
    case Attr::kPod:
      return c.glob.Matches(p.pod_name);
    case Attr::kNamespace:
      return c.glob.Matches(p.pod_namespace);
    case Attr::kUid:
      return c.glob.Matches(p.pod_uid);
    case Attr::kContainer:
      return c.glob.Matches(p.container_name);
    case Attr::kHandler:
      return c.glob.Matches(p.handler.empty() ? std::string_view("runc")
                                              : p.handler);
    case Attr::kImage:
      return c.glob.Matches(p.image) || c.glob.Matches(FamiliarImage(p.image));
    case Attr::kLabel: {
      const std::optional<std::string_view> v = labels.Find(c.slot, c.label);
      return v && c.glob.Matches(*v);
    }
  }
  return false;
}

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_MATCHER_H_
