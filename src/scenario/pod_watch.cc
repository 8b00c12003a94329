// File: pod_watch.cc
#include "scenario/pod_watch.h"

#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "scenario/duration.h"

namespace fakecri::scenario {
namespace {

// NAME READY STATUS RESTARTS, padded as kubectl pads its columns (names
// of the default namespace bare, others as ns/name).
std::string Columns(const PodView& p) {
  const std::string name = p.pod_namespace == "default"
                               ? p.name
                               : absl::StrCat(p.pod_namespace, "/", p.name);
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-14s %-5s %-26s %d", name.c_str(),
                absl::StrCat(p.ready, "/", p.total).c_str(), p.status.c_str(),
                p.restarts);
  return buf;
}

}  // namespace

std::vector<std::string> PodWatch::Changes(const std::vector<PodView>& pods,
                                           DurationNs offset) {
  std::vector<std::string> out;
  const std::string at = FormatOffset(offset);
  std::set<std::string> seen;
  for (const auto& p : pods) {
    const std::string key = absl::StrCat(p.pod_namespace, "/", p.name);
    seen.insert(key);
    std::string cols = Columns(p);
    auto it = last_.find(key);
    if (it != last_.end() && it->second == cols) continue;
    out.push_back(absl::StrCat(at, " pod       ", cols));
    last_[key] = std::move(cols);
  }
  for (auto it = last_.begin(); it != last_.end();) {
    if (seen.count(it->first) != 0) {
      ++it;
      continue;
    }
    const std::string name =
        it->first.rfind("default/", 0) == 0 ? it->first.substr(8) : it->first;
    out.push_back(absl::StrCat(at, " pod       ", name, " deleted"));
    it = last_.erase(it);
  }
  return out;
}

}  // namespace fakecri::scenario
