// File: glob.cc
// Glob shape detection and the general matcher: the classic linear
// backtracking over the last '*', which never needs more than one saved
// position because '*' matches any run.
#include "fake_runtime/faults/glob.h"

#include <string>
#include <string_view>
#include <utility>

namespace fakecri::faults {

bool HasWildcard(std::string_view s) {
  return s.find_first_of("*?") != std::string_view::npos;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;  // pattern index after the last '*'
  size_t resume = 0;                     // text index that '*' extends from
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Glob::Glob(std::string pattern) {
  const std::string_view p = pattern;
  if (p.empty() || p.find_first_not_of('*') == std::string_view::npos) {
    shape_ = Shape::kAll;
    return;
  }
  const bool lead = p.front() == '*';
  const bool trail = p.back() == '*';
  const std::string_view inner =
      p.substr(lead ? 1 : 0, p.size() - (lead ? 1 : 0) - (trail ? 1 : 0));
  if (HasWildcard(inner)) {
    shape_ = Shape::kGeneral;
    text_ = std::move(pattern);
    return;
  }
  text_ = std::string(inner);
  shape_ = lead && trail ? Shape::kContains
           : lead        ? Shape::kSuffix
           : trail       ? Shape::kPrefix
                         : Shape::kExact;
}

}  // namespace fakecri::faults
