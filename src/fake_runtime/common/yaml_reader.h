// File: yaml_reader.h
// The scaffolding the YAML loaders (fault rules, the image catalogue)
// share: errors as "<source>:<line>:<col>: <message>" (1-based), where a
// key's value is (Where), how a node reads in a message (Describe), key
// checks (string, known, not duplicate) and the versioned top level
// (`version: 1` plus one body key). yaml-cpp throws; callers catch
// YAML::Exception at their entry points and turn it into Error(e.mark,
// e.msg).
#ifndef FAKECRI_COMMON_YAML_READER_H_
#define FAKECRI_COMMON_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fakecri::yaml {

// "'x'", "a sequence", "a mapping" or "nothing".
std::string Describe(const YAML::Node& node);

// Where a value was written: a null value ("user:" with nothing after it)
// carries a mark past the end of its line, so the key's mark instead.
YAML::Mark Where(const YAML::Node& key, const YAML::Node& value);

// "a, b, c".
std::string JoinKeys(std::span<const std::string_view> keys);

// How ForEachKey words its errors:
//   unknown key '<k>'<unknown_context>; expected <expected>
//   duplicate key '<k>'<duplicate_context>
// (contexts start with a space, e.g. " in 'match'"; `expected` "" means
// "one of " + the allowed keys).
struct KeyRules {
  std::span<const std::string_view> allowed;
  std::string_view unknown_context = {};
  std::string_view duplicate_context = {};
  std::string_view expected = {};
};

// The top level of a versioned file: a mapping with `version: 1` and
// `body_key`; `context` words unknown and duplicate keys there (" at the
// top level"), `expected` lists the keys ("" = "one of version, <body>"),
// `body_hint` follows the missing-body error (" (a sequence of faults)").
struct TopLevel {
  std::string_view body_key;
  std::string_view context = {};
  std::string_view expected = {};
  std::string_view body_hint = {};
};

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  const std::string& source() const { return source_; }

  absl::Status Error(const YAML::Mark& mark, std::string_view what) const;

  // "expected <form> for '<key>', got <Describe(value)>" at Where().
  absl::Status Expected(const YAML::Node& key, const YAML::Node& value,
                        std::string_view form) const;

  // Calls fn(name, key, value) for each entry of `map` in order, after
  // checking that the key is a string, allowed and not a duplicate.
  using KeyFn = std::function<absl::Status(
      const std::string&, const YAML::Node&, const YAML::Node&)>;
  absl::Status ForEachKey(const YAML::Node& map, const KeyRules& rules,
                          const KeyFn& fn) const;

  // Checks the top level (a mapping, its keys, version 1 and the presence
  // of the body) and returns the body's key and value nodes.
  absl::Status ReadTop(const YAML::Node& root, const TopLevel& top,
                       std::optional<YAML::Node>& body_key,
                       std::optional<YAML::Node>& body) const;

 private:
  std::string source_;
};

}  // namespace fakecri::yaml

#endif  // FAKECRI_COMMON_YAML_READER_H_
