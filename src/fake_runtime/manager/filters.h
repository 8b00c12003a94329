// File: filters.h
// CRI list filters: every set field must match (AND); label selectors need
// each key present with an equal value.
#ifndef FAKECRI_MANAGER_FILTERS_H_
#define FAKECRI_MANAGER_FILTERS_H_

#include <google/protobuf/map.h>

#include <string>

namespace fakecri::runtime {

using StringMap = google::protobuf::Map<std::string, std::string>;

inline bool MatchesLabels(const StringMap& labels, const StringMap& selector) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_FILTERS_H_
