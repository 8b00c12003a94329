// File: matcher.cc
// Compiling a rule's operation and selectors, and the per-selector check.
#include "fake_runtime/faults/matcher.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {

std::string_view FamiliarImage(std::string_view image) {
  constexpr std::string_view kLibrary = "docker.io/library/";
  constexpr std::string_view kHub = "docker.io/";
  if (image.starts_with(kLibrary)) return image.substr(kLibrary.size());
  if (image.starts_with(kHub)) return image.substr(kHub.size());
  return image;
}

RuleMatcher::RuleMatcher(const FaultRule& rule) : op_(rule.operation) {
  op_any_ = op_.MatchesEverything();
  const std::span<const std::string_view> known = KnownOperations(rule.hop);
  for (size_t i = 0; i < known.size() && i < kMaxKnownOperations; ++i) {
    if (op_.Matches(known[i])) op_mask_ |= uint64_t{1} << i;
  }
  // Cheapest first; labels (a map lookup each) last.
  const Selector& m = rule.match;
  AddCheck(Attr::kPod, m.pod_name);
  AddCheck(Attr::kNamespace, m.pod_namespace);
  AddCheck(Attr::kUid, m.pod_uid);
  AddCheck(Attr::kContainer, m.container_name);
  AddCheck(Attr::kHandler, m.handler);
  AddCheck(Attr::kImage, m.image);
  for (const auto& [key, value] : m.labels) {
    // Kept even for "*": the label must exist.
    checks_.push_back(Check{Attr::kLabel, -1, Glob(value), key});
  }
}

// An unset (or "*") selector needs no check at all.
void RuleMatcher::AddCheck(Attr attr, const std::string& pattern) {
  Glob g(pattern);
  if (!g.MatchesEverything()) {
    checks_.push_back(Check{attr, -1, std::move(g), ""});
  }
}

void RuleMatcher::BindLabelSlots(std::vector<std::string>& keys) {
  for (Check& c : checks_) {
    if (c.attr != Attr::kLabel) continue;
    size_t i = 0;
    while (i < keys.size() && keys[i] != c.label) ++i;
    if (i == keys.size()) keys.push_back(c.label);
    c.slot = i < LabelCache::kSlots ? static_cast<int>(i) : -1;
  }
}

}  // namespace fakecri::faults
