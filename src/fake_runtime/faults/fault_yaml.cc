// File: fault_yaml.cc
// The YAML reader for fault rules, on the scaffolding shared with the image
// catalogue (common/yaml_reader.h). yaml-cpp throws; every exception is
// caught at the entry points so only absl::Status leaves this file. Each
// rule records where each of its fields was written, so that a validation
// error found later (FindRuleError) still points at the right line and
// column. The body of `effect:` is read from the effect's EffectSpec: its
// YAML shape and parameters, each parsed by the shared parameter parser.
#include "fake_runtime/faults/fault_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/common/yaml_reader.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/effects/effect_params.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {
namespace {

using Keys = std::span<const std::string_view>;

constexpr std::string_view kRuleKeys[] = {
    "id", "description", "hop", "operation", "match", "effect", "when"};
constexpr std::string_view kMatchKeys[] = {
    "pod", "namespace", "uid", "labels", "container", "image", "handler"};
constexpr std::string_view kWhenKeys[] = {"probability", "first", "every",
                                          "times",       "after", "until"};

constexpr std::string_view kDurationForm = "a duration like 300ms or 2s";

using yaml::Describe;
using yaml::JoinKeys;
using yaml::Where;

class Loader {
 public:
  explicit Loader(std::string_view source) : reader_(source) {}

  absl::Status Error(const YAML::Mark& mark, std::string_view what) const {
    return reader_.Error(mark, what);
  }

  absl::Status LoadFile(const YAML::Node& root, std::vector<FaultRule>& out) {
    std::optional<YAML::Node> faults_key, faults;
    RETURN_IF_ERROR(reader_.ReadTop(root,
                                    {.body_key = "faults",
                                     .context = " at the top level",
                                     .body_hint = " (a sequence of faults)"},
                                    faults_key, faults));
    return LoadList(*faults_key, *faults, out);
  }

  absl::Status LoadList(const YAML::Node& key, const YAML::Node& list,
                        std::vector<FaultRule>& out) {
    if (!list.IsSequence()) {
      return Error(Where(key, list),
                   StrCat("expected a sequence of faults for 'faults', got ",
                          Describe(list)));
    }
    for (const YAML::Node& item : list) {
      FaultRule rule;
      RETURN_IF_ERROR(LoadRule(item, rule));
      out.push_back(std::move(rule));
    }
    return absl::OkStatus();
  }

 private:
  using FieldFn = std::function<absl::Status(
      const std::string&, const YAML::Node&, const YAML::Node&)>;

  // Calls `fn` for each key of `map`, rejecting non-string, unknown and
  // duplicate keys, and records where each field was written under
  // `prefix` + key.
  absl::Status ForEachKey(const YAML::Node& map, Keys allowed,
                          std::string_view context, std::string_view prefix,
                          const FieldFn& fn) {
    const std::string ctx = StrCat(" ", context);
    return reader_.ForEachKey(
        map,
        {.allowed = allowed, .unknown_context = ctx, .duplicate_context = ctx},
        [&](const std::string& name, const YAML::Node& key,
            const YAML::Node& value) {
          marks_[StrCat(prefix, name)] = Where(key, value);
          return fn(name, key, value);
        });
  }

  absl::Status Expected(const YAML::Node& key, const YAML::Node& value,
                        std::string_view form) const {
    return reader_.Expected(key, value, form);
  }

  absl::StatusOr<std::string> Scalar(const YAML::Node& key,
                                     const YAML::Node& value,
                                     std::string_view form) const {
    if (!value.IsScalar()) return Expected(key, value, form);
    return value.Scalar();
  }

  absl::Status Duration(const YAML::Node& key, const YAML::Node& value,
                        DurationNs& out) const {
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kDurationForm));
    const absl::StatusOr<DurationNs> d = ParseNonNegativeDuration(text);
    if (!d.ok()) return Expected(key, value, kDurationForm);
    out = *d;
    return absl::OkStatus();
  }

  absl::Status Count(const YAML::Node& key, const YAML::Node& value,
                     int64_t& out) const {
    constexpr std::string_view kForm = "a positive integer";
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kForm));
    int64_t n = 0;
    if (!absl::SimpleAtoi(ToAbsl(text), &n) || n <= 0) {
      return Expected(key, value, kForm);
    }
    out = n;
    return absl::OkStatus();
  }

  absl::Status Probability(const YAML::Node& key, const YAML::Node& value,
                           double& out) const {
    constexpr std::string_view kForm =
        "a probability between 0 and 1 (like 0.25 or 25%)";
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kForm));
    const std::optional<double> p = ParseProbability(text);
    if (!p || !(*p >= 0 && *p <= 1)) return Expected(key, value, kForm);
    out = *p;
    return absl::OkStatus();
  }

  // An effect without parameters: `true` (or an empty mapping).
  absl::Status Flag(const YAML::Node& key, const YAML::Node& value) const {
    if ((value.IsScalar() && value.Scalar() == "true") ||
        (value.IsMap() && value.size() == 0)) {
      return absl::OkStatus();
    }
    return Expected(key, value, "true");
  }

  // An effect whose parameters all have defaults: `true` or a mapping.
  absl::Status FlagOrMap(const YAML::Node& key, const YAML::Node& value,
                         Keys keys, const std::string& path,
                         const FieldFn& fn) {
    if (value.IsScalar() && value.Scalar() == "true") {
      return absl::OkStatus();
    }
    if (!value.IsMap()) {
      return Expected(key, value,
                      StrCat("true or a mapping with ", JoinKeys(keys)));
    }
    return ForEachKey(value, keys, StrCat("in '", key.Scalar(), "'"),
                      StrCat(path, "."), fn);
  }

  absl::Status LoadRule(const YAML::Node& item, FaultRule& r) {
    marks_.clear();
    if (!item.IsMap()) {
      return Error(item.Mark(), StrCat("expected a mapping for a fault, got ",
                                       Describe(item)));
    }
    bool has_hop = false;
    bool has_effect = false;
    RETURN_IF_ERROR(ForEachKey(
        item, kRuleKeys, "in a fault", "",
        [&](const std::string& name, const YAML::Node& key,
            const YAML::Node& value) -> absl::Status {
          if (name == "id") {
            ASSIGN_OR_RETURN(r.id, Scalar(key, value, "a fault id"));
            const auto [it, inserted] =
                id_lines_.emplace(r.id, value.Mark().line + 1);
            if (!inserted) {
              return Error(value.Mark(),
                           StrCat("fault id '", r.id,
                                  "' is already used at line ", it->second));
            }
          } else if (name == "description") {
            ASSIGN_OR_RETURN(r.description, Scalar(key, value, "text"));
          } else if (name == "hop") {
            const std::string form = StrCat("one of ", HopNameList());
            ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, form));
            const std::optional<Hop> hop = ParseHop(text);
            if (!hop) return Expected(key, value, form);
            r.hop = *hop;
            has_hop = true;
          } else if (name == "operation") {
            ASSIGN_OR_RETURN(
                r.operation,
                Scalar(key, value,
                       "an operation name or glob like PullImage or "
                       "'Pull*'"));
          } else if (name == "match") {
            RETURN_IF_ERROR(LoadMatch(key, value, r.match));
          } else if (name == "effect") {
            has_effect = true;
            RETURN_IF_ERROR(LoadEffect(key, value, r.effect));
          } else if (name == "when") {
            RETURN_IF_ERROR(LoadWhen(key, value, r.when));
          }
          return absl::OkStatus();
        }));
    if (!has_hop) {
      return Error(item.Mark(), StrCat("missing required key 'hop' (one of ",
                                       HopNameList(), ")"));
    }
    if (!has_effect) {
      return Error(item.Mark(), StrCat("missing required key 'effect' (one of ",
                                       EffectNameList(), ")"));
    }
    if (std::optional<RuleError> e = FindRuleError(r)) {
      return Error(MarkFor(e->field, item.Mark()), e->message);
    }
    return absl::OkStatus();
  }

  // Where `field` (or the nearest enclosing field) was written.
  YAML::Mark MarkFor(std::string field, const YAML::Mark& fallback) const {
    while (!field.empty()) {
      if (const auto it = marks_.find(field); it != marks_.end()) {
        return it->second;
      }
      const size_t dot = field.rfind('.');
      field.resize(dot == std::string::npos ? 0 : dot);
    }
    return fallback;
  }

  absl::Status LoadMatch(const YAML::Node& key, const YAML::Node& value,
                         Selector& s) {
    if (!value.IsMap()) {
      return Expected(key, value,
                      StrCat("a mapping with ", JoinKeys(kMatchKeys)));
    }
    return ForEachKey(
        value, kMatchKeys, "in 'match'", "match.",
        [&](const std::string& name, const YAML::Node& k,
            const YAML::Node& v) -> absl::Status {
          if (name == "labels") return LoadLabels(k, v, s.labels);
          std::string* field = name == "pod"         ? &s.pod_name
                               : name == "namespace" ? &s.pod_namespace
                               : name == "uid"       ? &s.pod_uid
                               : name == "container" ? &s.container_name
                               : name == "image"     ? &s.image
                                                     : &s.handler;
          ASSIGN_OR_RETURN(*field, Scalar(k, v, "a name or glob like 'web-*'"));
          return absl::OkStatus();
        });
  }

  absl::Status LoadLabels(const YAML::Node& key, const YAML::Node& value,
                          std::map<std::string, std::string>& out) {
    constexpr std::string_view kForm =
        "a mapping of label keys to value globs, like {app: 'web-*'}";
    if (!value.IsMap()) return Expected(key, value, kForm);
    for (const auto& kv : value) {
      const YAML::Node k = kv.first;
      const YAML::Node v = kv.second;
      if (!k.IsScalar()) return Error(k.Mark(), "expected a label key");
      ASSIGN_OR_RETURN(const std::string glob,
                       Scalar(k, v, "a label value or glob"));
      if (!out.emplace(k.Scalar(), glob).second) {
        return Error(k.Mark(),
                     StrCat("duplicate label key '", k.Scalar(), "'"));
      }
      marks_[StrCat("match.labels.", k.Scalar())] = Where(k, v);
    }
    return absl::OkStatus();
  }

  absl::Status LoadWhen(const YAML::Node& key, const YAML::Node& value,
                        When& w) {
    if (!value.IsMap()) {
      return Expected(key, value,
                      StrCat("a mapping with ", JoinKeys(kWhenKeys)));
    }
    return ForEachKey(value, kWhenKeys, "in 'when'", "when.",
                      [&](const std::string& name, const YAML::Node& k,
                          const YAML::Node& v) -> absl::Status {
                        if (name == "probability")
                          return Probability(k, v, w.probability);
                        if (name == "first") return Count(k, v, w.first);
                        if (name == "every") return Count(k, v, w.every);
                        if (name == "times") return Count(k, v, w.times);
                        if (name == "after") return Duration(k, v, w.after);
                        DurationNs until = 0;
                        RETURN_IF_ERROR(Duration(k, v, until));
                        w.until = until;
                        return absl::OkStatus();
                      });
  }

  absl::Status LoadEffect(const YAML::Node& key, const YAML::Node& value,
                          Effect& e) {
    const std::string form = StrCat(
        "a mapping with exactly one effect (one of ", EffectNameList(), ")");
    if (!value.IsMap() || value.size() == 0) {
      return Expected(key, value, form);
    }
    std::optional<std::string> seen;
    for (const auto& kv : value) {
      const YAML::Node k = kv.first;
      const YAML::Node v = kv.second;
      if (!k.IsScalar()) return Error(k.Mark(), "expected a string key");
      const std::string name = k.Scalar();
      const EffectSpec* spec = FindEffect(name);
      if (spec == nullptr) {
        return Error(k.Mark(), StrCat("unknown effect '", name,
                                      "'; expected one of ", EffectNameList()));
      }
      if (seen) {
        return Error(k.Mark(),
                     StrCat("only one effect per fault, got '", *seen,
                            "' and '", name, "'; write a second fault"));
      }
      seen = name;
      e.kind = spec;
      marks_["effect"] = k.Mark();
      const std::string path = StrCat("effect.", name);
      marks_[path] = Where(k, v);
      RETURN_IF_ERROR(LoadEffectBody(*spec, k, v, path, e));
    }
    return absl::OkStatus();
  }

  // One parameter of an effect, parsed by the shared parameter parser.
  absl::Status LoadParam(const EffectParam& ep, const YAML::Node& key,
                         const YAML::Node& value, Effect& e) const {
    const ParamInfo& info = GetParamInfo(ep.param);
    const std::string_view form =
        ep.yaml_form.empty() ? ParamForm(info.type) : ep.yaml_form;
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, form));
    if (absl::Status s = ParseParam(ep.param, text, e); !s.ok()) {
      if (info.type == ParamType::kLatency) {
        return Error(value.Mark(),
                     StrCat("expected ", form, " for '", key.Scalar(),
                            "', got '", text, "': ", s.message()));
      }
      return Expected(key, value, form);
    }
    return absl::OkStatus();
  }

  // The effect's value, in the shape its EffectSpec declares.
  absl::Status LoadEffectBody(const EffectSpec& spec, const YAML::Node& key,
                              const YAML::Node& value, const std::string& path,
                              Effect& e) {
    std::vector<std::string_view> keys;
    for (const EffectParam& ep : spec.params) {
      keys.push_back(GetParamInfo(ep.param).key);
    }
    auto param = [&](const std::string& name, const YAML::Node& k,
                     const YAML::Node& v) -> absl::Status {
      for (const EffectParam& ep : spec.params) {
        if (GetParamInfo(ep.param).key == name) return LoadParam(ep, k, v, e);
      }
      return absl::OkStatus();  // ForEachKey admits only `keys`
    };
    const EffectParam* shortcut =
        spec.shortcut ? spec.FindParam(*spec.shortcut) : nullptr;
    switch (spec.shape) {
      case YamlShape::kFlag:
        return Flag(key, value);
      case YamlShape::kValue:
        if (shortcut == nullptr) return Flag(key, value);
        return LoadParam(*shortcut, key, value, e);
      case YamlShape::kFlagOrMap:
        return FlagOrMap(key, value, keys, path, param);
      case YamlShape::kScalarOrMap:
        break;
    }
    if (value.IsScalar() && shortcut != nullptr) {
      marks_[StrCat(path, ".", GetParamInfo(shortcut->param).key)] =
          value.Mark();
      return LoadParam(*shortcut, key, value, e);
    }
    if (!value.IsMap()) {
      return Expected(
          key, value,
          StrCat(spec.shortcut_form, " or a mapping with ", JoinKeys(keys)));
    }
    std::set<std::string_view> given;
    RETURN_IF_ERROR(ForEachKey(value, keys, StrCat("in '", spec.name, "'"),
                               path + ".",
                               [&](const std::string& name, const YAML::Node& k,
                                   const YAML::Node& v) -> absl::Status {
                                 for (std::string_view known : keys) {
                                   if (known == name) given.insert(known);
                                 }
                                 return param(name, k, v);
                               }));
    for (const EffectParam& ep : spec.params) {
      const ParamInfo& info = GetParamInfo(ep.param);
      if (ep.required && !given.contains(info.key)) {
        return Error(
            value.Mark(),
            StrCat("missing required key '", info.key, "' (",
                   ep.yaml_form.empty() ? ParamForm(info.type) : ep.yaml_form,
                   ") in '", spec.name, "'"));
      }
    }
    return absl::OkStatus();
  }

  yaml::Reader reader_;
  // Per rule: YAML path of a field -> where it was written.
  std::map<std::string, YAML::Mark> marks_;
  std::map<std::string, int> id_lines_;  // fault id -> line, per file
};

template <typename Fn>
absl::StatusOr<std::vector<FaultRule>> Guarded(Loader& loader,
                                               std::string_view source, Fn fn) {
  std::vector<FaultRule> out;
  try {
    RETURN_IF_ERROR(fn(out));
  } catch (const YAML::Exception& e) {
    return loader.Error(e.mark, e.msg);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(StrCat(source, ": ", e.what()));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<FaultRule>> ParseFaultsYaml(
    std::string_view text, std::string_view source_name) {
  Loader loader(source_name);
  return Guarded(loader, source_name, [&](std::vector<FaultRule>& out) {
    const YAML::Node root = YAML::Load(std::string(text));
    return loader.LoadFile(root, out);
  });
}

absl::StatusOr<std::vector<FaultRule>> ParseFaultsYamlNode(
    const YAML::Node& key, const YAML::Node& faults,
    std::string_view source_name) {
  Loader loader(source_name);
  return Guarded(loader, source_name, [&](std::vector<FaultRule>& out) {
    return loader.LoadList(key, faults, out);
  });
}

absl::StatusOr<std::vector<FaultRule>> LoadFaultsYamlFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        StrCat("cannot read fault file ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseFaultsYaml(buf.str(), path);
}

}  // namespace fakecri::faults
