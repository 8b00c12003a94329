// File: yaml_reader.cc
#include "fake_runtime/common/yaml_reader.h"

#include <set>
#include <string>
#include <string_view>

#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::yaml {

std::string Describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      return StrCat("'", n.Scalar(), "'");
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

YAML::Mark Where(const YAML::Node& key, const YAML::Node& value) {
  return value.IsNull() ? key.Mark() : value.Mark();
}

std::string JoinKeys(std::span<const std::string_view> keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ", ", keys[i]);
  }
  return out;
}

absl::Status Reader::Error(const YAML::Mark& mark,
                           std::string_view what) const {
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int col = mark.is_null() ? 1 : mark.column + 1;
  return absl::InvalidArgumentError(
      StrCat(source_, ":", line, ":", col, ": ", what));
}

absl::Status Reader::Expected(const YAML::Node& key, const YAML::Node& value,
                              std::string_view form) const {
  return Error(Where(key, value),
               StrCat("expected ", form, " for '", key.Scalar(), "', got ",
                      Describe(value)));
}

absl::Status Reader::ForEachKey(const YAML::Node& map, const KeyRules& rules,
                                const KeyFn& fn) const {
  std::set<std::string> seen;
  // By value: yaml-cpp's iterator->first lives in a temporary proxy, so a
  // reference to it dangles after the statement.
  for (const auto& kv : map) {
    const YAML::Node key = kv.first;
    const YAML::Node value = kv.second;
    if (!key.IsScalar()) return Error(key.Mark(), "expected a string key");
    const std::string name = key.Scalar();
    bool known = false;
    for (std::string_view a : rules.allowed) known = known || a == name;
    if (!known) {
      return Error(key.Mark(),
                   StrCat("unknown key '", name, "'", rules.unknown_context,
                          "; expected ",
                          rules.expected.empty()
                              ? StrCat("one of ", JoinKeys(rules.allowed))
                              : std::string(rules.expected)));
    }
    if (!seen.insert(name).second) {
      return Error(key.Mark(), StrCat("duplicate key '", name, "'",
                                      rules.duplicate_context));
    }
    RETURN_IF_ERROR(fn(name, key, value));
  }
  return absl::OkStatus();
}

absl::Status Reader::ReadTop(const YAML::Node& root, const TopLevel& top,
                             std::optional<YAML::Node>& body_key,
                             std::optional<YAML::Node>& body) const {
  if (!root.IsMap()) {
    return Error(root.Mark(),
                 StrCat("expected a mapping with keys 'version' (1) and '",
                        top.body_key, "'"));
  }
  // Nodes are held in optionals: assigning to a YAML::Node overwrites the
  // node it refers to instead of rebinding it.
  std::optional<YAML::Node> version_key, version;
  const std::string_view keys[] = {"version", top.body_key};
  RETURN_IF_ERROR(ForEachKey(root,
                             {.allowed = keys,
                              .unknown_context = top.context,
                              .duplicate_context = top.context,
                              .expected = top.expected},
                             [&](const std::string& name, const YAML::Node& key,
                                 const YAML::Node& value) {
                               if (name == "version") {
                                 version_key.emplace(key);
                                 version.emplace(value);
                               } else {
                                 body_key.emplace(key);
                                 body.emplace(value);
                               }
                               return absl::OkStatus();
                             }));
  if (!version_key) {
    return Error(root.Mark(), "missing required key 'version' (expected 1)");
  }
  if (!version->IsScalar() || version->Scalar() != "1") {
    return Error(Where(*version_key, *version),
                 StrCat("expected version 1, got ", Describe(*version)));
  }
  if (!body_key) {
    return Error(root.Mark(), StrCat("missing required key '", top.body_key,
                                     "'", top.body_hint));
  }
  return absl::OkStatus();
}

}  // namespace fakecri::yaml
