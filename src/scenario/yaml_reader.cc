// File: yaml_reader.cc
#include "scenario/yaml_reader.h"

#include <cerrno>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenario/duration.h"

namespace fakecri::scenario::internal {
namespace {

std::string Quoted(std::initializer_list<absl::string_view> items) {
  std::vector<std::string> q;
  for (auto s : items) q.push_back(absl::StrCat("'", s, "'"));
  return absl::StrJoin(q, ", ");
}

}  // namespace

SourcePos YamlReader::Pos(const YAML::Node& n) const {
  SourcePos p;
  p.file = file_;
  const YAML::Mark m = n.Mark();
  p.line = m.line < 0 ? 0 : m.line + 1;
  p.col = m.column < 0 ? 0 : m.column + 1;
  return p;
}

void YamlReader::Fail(const YAML::Node& n, absl::string_view msg) const {
  Fail(Pos(n), msg);
}

void YamlReader::Fail(const SourcePos& pos, absl::string_view msg) const {
  throw LoadError(absl::StrCat(pos.ToString(), ": ", msg));
}

void YamlReader::RequireMap(const YAML::Node& n, absl::string_view what) const {
  if (!n.IsMap()) Fail(n, absl::StrCat(what, ": expected a mapping"));
}

void YamlReader::RequireSeq(const YAML::Node& n, absl::string_view what) const {
  if (!n.IsSequence()) Fail(n, absl::StrCat(what, ": expected a sequence"));
}

void YamlReader::CheckKeys(const YAML::Node& map,
                           std::initializer_list<absl::string_view> allowed,
                           absl::string_view what) const {
  RequireMap(map, what);
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      Fail(kv.first, absl::StrCat(what, ": expected a string key"));
    }
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) {
      Fail(kv.first, absl::StrCat("unknown key '", key, "' in ", what,
                                  "; expected one of: ", Quoted(allowed)));
    }
  }
}

YAML::Node YamlReader::Required(const YAML::Node& map, absl::string_view key,
                                absl::string_view what) const {
  YAML::Node v = map[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) {
    Fail(map, absl::StrCat(what, ": missing required key '", key, "'"));
  }
  return v;
}

std::string YamlReader::Str(const YAML::Node& n, absl::string_view what) const {
  if (!n.IsScalar()) Fail(n, absl::StrCat(what, ": expected a string"));
  return n.Scalar();
}

std::string YamlReader::NonEmptyStr(const YAML::Node& n,
                                    absl::string_view what) const {
  std::string s = Str(n, what);
  if (s.empty()) Fail(n, absl::StrCat(what, ": expected a non-empty string"));
  return s;
}

int64_t YamlReader::Int(const YAML::Node& n, absl::string_view what,
                        int64_t min, int64_t max) const {
  const std::string expected =
      absl::StrCat(what, ": expected an integer in [", min, ", ", max, "]");
  if (!n.IsScalar()) Fail(n, expected);
  const std::string& s = n.Scalar();
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || errno != 0 || v < min ||
      v > max) {
    Fail(n, absl::StrCat(expected, ", got '", s, "'"));
  }
  return v;
}

double YamlReader::Double(const YAML::Node& n, absl::string_view what) const {
  if (!n.IsScalar()) Fail(n, absl::StrCat(what, ": expected a number"));
  const std::string& s = n.Scalar();
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    Fail(n, absl::StrCat(what, ": expected a number, got '", s, "'"));
  }
  return v;
}

bool YamlReader::Bool(const YAML::Node& n, absl::string_view what) const {
  if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  Fail(n, absl::StrCat(what, ": expected true or false"));
}

DurationNs YamlReader::Duration(const YAML::Node& n,
                                absl::string_view what) const {
  if (!n.IsScalar()) {
    Fail(n, absl::StrCat(what, ": expected a duration such as 30s"));
  }
  auto d = ParseDuration(n.Scalar());
  if (!d.ok()) Fail(n, absl::StrCat(what, ": ", d.status().message()));
  return *d;
}

std::vector<std::string> YamlReader::StrList(const YAML::Node& n,
                                             absl::string_view what) const {
  if (!n.IsSequence()) {
    Fail(n, absl::StrCat(what, ": expected a sequence of strings"));
  }
  std::vector<std::string> out;
  for (const auto& item : n) out.push_back(Str(item, what));
  return out;
}

std::map<std::string, std::string> YamlReader::StrMap(
    const YAML::Node& n, absl::string_view what) const {
  if (!n.IsMap()) {
    Fail(n, absl::StrCat(what, ": expected a mapping of strings"));
  }
  std::map<std::string, std::string> out;
  for (const auto& kv : n) {
    out[Str(kv.first, what)] = Str(kv.second, what);
  }
  return out;
}

CountRange YamlReader::Range(const YAML::Node& n,
                             absl::string_view what) const {
  constexpr int64_t kMax = int64_t{1} << 40;
  CountRange r;
  if (n.IsScalar()) {
    r.min = r.max = Int(n, what, 0, kMax);
    return r;
  }
  if (!n.IsMap()) {
    Fail(n, absl::StrCat(what, ": expected a number or {min: N, max: N}"));
  }
  CheckKeys(n, {"min", "max"}, what);
  if (n["min"]) r.min = Int(n["min"], what, 0, kMax);
  if (n["max"]) r.max = Int(n["max"], what, 0, kMax);
  if (!r.min && !r.max) Fail(n, absl::StrCat(what, ": give min, max or both"));
  if (r.min && r.max && *r.min > *r.max) {
    Fail(n, absl::StrCat(what, ": min (", *r.min, ") is more than max (",
                         *r.max, ")"));
  }
  return r;
}

std::string YamlReader::Enum(
    const YAML::Node& n, absl::string_view what,
    std::initializer_list<absl::string_view> allowed) const {
  std::string s = n.IsScalar() ? n.Scalar() : std::string();
  for (auto a : allowed) {
    if (n.IsScalar() && a == s) return s;
  }
  Fail(n, absl::StrCat(what, ": expected one of ", Quoted(allowed),
                       n.IsScalar() ? absl::StrCat(", got '", s, "'") : ""));
}

}  // namespace fakecri::scenario::internal
