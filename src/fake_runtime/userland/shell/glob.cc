// File: glob.cc
// GlobMatch: shell pattern matching for case patterns and ${x%pat}.
// Iterative with a single backtrack point for the last '*', so a hostile
// pattern cannot blow up the stack or run in exponential time.
#include <cctype>
#include <string_view>

#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

bool InClass(std::string_view name, unsigned char c) {
  if (name == "alpha") return std::isalpha(c) != 0;
  if (name == "digit") return std::isdigit(c) != 0;
  if (name == "alnum") return std::isalnum(c) != 0;
  if (name == "upper") return std::isupper(c) != 0;
  if (name == "lower") return std::islower(c) != 0;
  if (name == "space") return std::isspace(c) != 0;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "punct") return std::ispunct(c) != 0;
  if (name == "xdigit") return std::isxdigit(c) != 0;
  if (name == "cntrl") return std::iscntrl(c) != 0;
  if (name == "print") return std::isprint(c) != 0;
  if (name == "graph") return std::isgraph(c) != 0;
  return false;
}

enum class Bracket { kMatch, kNoMatch, kNotABracket };

// Matches `c` against the bracket expression starting at pattern[*pos]
// ('['). On kMatch/kNoMatch *pos is moved past the closing ']'; without a
// closing ']' the '[' is an ordinary character, as in sh.
Bracket MatchBracket(std::string_view pattern, size_t* pos, unsigned char c) {
  size_t i = *pos + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size()) {
    unsigned char lo = static_cast<unsigned char>(pattern[i]);
    if (lo == ']' && !first) {
      *pos = i + 1;
      return matched != negate ? Bracket::kMatch : Bracket::kNoMatch;
    }
    first = false;
    if (lo == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
      size_t end = pattern.find(":]", i + 2);
      if (end != std::string_view::npos) {
        if (InClass(pattern.substr(i + 2, end - i - 2), c)) matched = true;
        i = end + 2;
        continue;
      }
    }
    if (lo == '\\' && i + 1 < pattern.size()) {
      lo = static_cast<unsigned char>(pattern[++i]);
    }
    ++i;
    unsigned char hi = lo;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      hi = static_cast<unsigned char>(pattern[i + 1]);
      i += 2;
      if (hi == '\\' && i < pattern.size()) {
        hi = static_cast<unsigned char>(pattern[i++]);
      }
    }
    if (lo <= c && c <= hi) matched = true;
  }
  return Bracket::kNotABracket;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  // Where to resume after the most recent '*' if the rest fails: retrying
  // only that one star is enough, since a later star subsumes earlier ones.
  size_t star_p = std::string_view::npos;
  size_t star_t = 0;
  while (t < text.size()) {
    bool step = false;
    if (p < pattern.size()) {
      unsigned char c = static_cast<unsigned char>(text[t]);
      switch (pattern[p]) {
        case '*':
          star_p = ++p;
          star_t = t;
          continue;
        case '?':
          ++p;
          step = true;
          break;
        case '[': {
          size_t next = p;
          Bracket result = MatchBracket(pattern, &next, c);
          if (result == Bracket::kNotABracket) {
            step = c == '[';
            if (step) ++p;
          } else {
            step = result == Bracket::kMatch;
            if (step) p = next;
          }
          break;
        }
        case '\\':
          if (p + 1 < pattern.size()) {
            step = static_cast<unsigned char>(pattern[p + 1]) == c;
            if (step) p += 2;
            break;
          }
          [[fallthrough]];
        default:
          step = static_cast<unsigned char>(pattern[p]) == c;
          if (step) ++p;
          break;
      }
    }
    if (step) {
      ++t;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace fakecri::userland::sh
