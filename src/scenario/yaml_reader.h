// File: yaml_reader.h
// Strict, positioned reading of yaml-cpp nodes for the scenario loader:
// each accessor checks the node's type and fails with
// `file:line:col: what was expected` (a LoadError, turned into a Status at
// the loader's boundary).
#ifndef FAKECRI_SCENARIO_YAML_READER_H_
#define FAKECRI_SCENARIO_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "fakecri/clock.h"
#include "scenario/scenario.h"

namespace fakecri::scenario::internal {

// Carries a complete "file:line:col: message" text.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourcePos Pos(const YAML::Node& n) const;
  [[noreturn]] void Fail(const YAML::Node& n, absl::string_view msg) const;
  [[noreturn]] void Fail(const SourcePos& pos, absl::string_view msg) const;

  // `what` names the block in messages ("pod spec", "expectation").
  void RequireMap(const YAML::Node& n, absl::string_view what) const;
  void RequireSeq(const YAML::Node& n, absl::string_view what) const;
  // Fails on the first key not in `allowed`, listing the allowed ones.
  void CheckKeys(const YAML::Node& map,
                 std::initializer_list<absl::string_view> allowed,
                 absl::string_view what) const;
  // The value of a required key (fails at `map` when missing).
  YAML::Node Required(const YAML::Node& map, absl::string_view key,
                      absl::string_view what) const;

  std::string Str(const YAML::Node& n, absl::string_view what) const;
  std::string NonEmptyStr(const YAML::Node& n, absl::string_view what) const;
  int64_t Int(const YAML::Node& n, absl::string_view what, int64_t min,
              int64_t max) const;
  double Double(const YAML::Node& n, absl::string_view what) const;
  bool Bool(const YAML::Node& n, absl::string_view what) const;
  DurationNs Duration(const YAML::Node& n, absl::string_view what) const;
  std::vector<std::string> StrList(const YAML::Node& n,
                                   absl::string_view what) const;
  std::map<std::string, std::string> StrMap(const YAML::Node& n,
                                            absl::string_view what) const;
  // A number (exactly) or {min: N, max: N}.
  CountRange Range(const YAML::Node& n, absl::string_view what) const;
  // One of `allowed`, exactly.
  std::string Enum(const YAML::Node& n, absl::string_view what,
                   std::initializer_list<absl::string_view> allowed) const;

 private:
  std::string file_;
};

}  // namespace fakecri::scenario::internal

#endif  // FAKECRI_SCENARIO_YAML_READER_H_
