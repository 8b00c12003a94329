// File: glob.h
// Pre-compiled shell-style globs for fault selectors: '*' (any run of
// characters, also none) and '?' (one character); everything else is
// literal. Most selector patterns are exact names or a single prefix or
// suffix wildcard, and Match runs on every CRI call, so those shapes are
// recognised once and matched without the general algorithm.
#ifndef FAKECRI_FAULTS_GLOB_H_
#define FAKECRI_FAULTS_GLOB_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fakecri::faults {

// General glob matching, no allocation.
bool GlobMatch(std::string_view pattern, std::string_view text);

// True when `s` contains '*' or '?'.
bool HasWildcard(std::string_view s);

// Byte comparison inlined for the short literals of selectors: on a miss
// it usually stops at the first byte, where a call into libc's memcmp
// costs several times the comparison itself.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Substring search for the same reason: selector texts are tens of bytes,
// where a naive scan beats memchr + memcmp calls per candidate position.
inline bool ContainsBytes(std::string_view text, std::string_view lit) {
  if (lit.empty()) return true;
  if (lit.size() > text.size()) return false;
  const size_t last = text.size() - lit.size();
  for (size_t i = 0; i <= last; ++i) {
    if (text[i] == lit[0] &&
        SameBytes(text.data() + i + 1, lit.data() + 1, lit.size() - 1)) {
      return true;
    }
  }
  return false;
}

class Glob {
 public:
  // The empty pattern matches everything (an unset selector).
  Glob() = default;
  explicit Glob(std::string pattern);

  // Inline: Match() calls this for every selector of every candidate rule.
  bool Matches(std::string_view text) const {
    switch (shape_) {
      case Shape::kAll:
        return true;
      case Shape::kExact:
        return text.size() == text_.size() &&
               SameBytes(text.data(), text_.data(), text_.size());
      case Shape::kPrefix:
        return text.size() >= text_.size() &&
               SameBytes(text.data(), text_.data(), text_.size());
      case Shape::kSuffix:
        return text.size() >= text_.size() &&
               SameBytes(text.data() + (text.size() - text_.size()),
                         text_.data(), text_.size());
      case Shape::kContains:
        return ContainsBytes(text, text_);
      case Shape::kGeneral:
        return GlobMatch(text_, text);
    }
    return false;
  }
  bool MatchesEverything() const { return shape_ == Shape::kAll; }

 private:
  enum class Shape : uint8_t {
    kAll,       // "" or "*"
    kExact,     // no wildcard
    kPrefix,    // "abc*"
    kSuffix,    // "*abc"
    kContains,  // "*abc*"
    kGeneral,
  };
  // The fixed part for kExact..kContains, the whole pattern for kGeneral:
  // one string keeps the compiled rules small enough to scan from L1.
  std::string text_;
  Shape shape_ = Shape::kAll;
};

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_GLOB_H_
