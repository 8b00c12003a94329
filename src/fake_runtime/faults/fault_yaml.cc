// File: fault_yaml.cc
// The YAML reader for fault rules. yaml-cpp throws; every exception is
// caught at the entry points so only absl::Status leaves this file. Each
// rule records where each of its fields was written, so that a validation
// error found later (FindRuleError) still points at the right line and
// column.
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
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::faults {
namespace {

using Keys = std::span<const std::string_view>;

constexpr std::string_view kTopKeys[] = {"version", "faults"};
constexpr std::string_view kRuleKeys[] = {
    "id", "description", "hop", "operation", "match", "effect", "when"};
constexpr std::string_view kMatchKeys[] = {
    "pod", "namespace", "uid", "labels", "container", "image", "handler"};
constexpr std::string_view kWhenKeys[] = {"probability", "first", "every",
                                          "times",       "after", "until"};
constexpr std::string_view kCodeMessageKeys[] = {"code", "message"};
constexpr std::string_view kOciFailureKeys[] = {"message", "exit_code"};
constexpr std::string_view kCrashKeys[] = {"exit_code", "delay"};
constexpr std::string_view kOomKillKeys[] = {"delay"};
constexpr std::string_view kNotReadyKeys[] = {"condition", "reason", "message",
                                              "duration"};
constexpr std::string_view kRestartKeys[] = {"outage", "containers_unknown"};

constexpr std::string_view kDurationForm = "a duration like 300ms or 2s";
constexpr std::string_view kLatencyForms =
    "300ms, uniform(1s,2s), normal(2s,500ms), lognormal(1s,5s), "
    "exponential(200ms) or pareto(100ms,1.5)";

std::string JoinKeys(Keys keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    StrAppend(&out, i == 0 ? "" : ", ", keys[i]);
  }
  return out;
}

class Loader {
 public:
  explicit Loader(std::string_view source) : source_(source) {}

  absl::Status Error(const YAML::Mark& mark, std::string_view what) const {
    const int line = mark.is_null() ? 1 : mark.line + 1;
    const int col = mark.is_null() ? 1 : mark.column + 1;
    return absl::InvalidArgumentError(
        StrCat(source_, ":", line, ":", col, ": ", what));
  }

  absl::Status LoadFile(const YAML::Node& root, std::vector<FaultRule>& out) {
    if (!root.IsMap()) {
      return Error(root.Mark(),
                   "expected a mapping with keys 'version' (1) and 'faults'");
    }
    // Nodes are held in optionals: assigning to a YAML::Node overwrites the
    // node it refers to instead of rebinding it.
    std::optional<YAML::Node> version_key, version, faults_key, faults;
    RETURN_IF_ERROR(
        ForEachKey(root, kTopKeys, "at the top level", "",
                   [&](const std::string& name, const YAML::Node& key,
                       const YAML::Node& value) {
                     if (name == "version") {
                       version_key.emplace(key);
                       version.emplace(value);
                     } else {
                       faults_key.emplace(key);
                       faults.emplace(value);
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
    if (!faults_key) {
      return Error(root.Mark(),
                   "missing required key 'faults' (a sequence of faults)");
    }
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

  // Null values ("after:" with nothing after it) carry a mark past the end
  // of their line; the key is where a reader looks.
  static YAML::Mark Where(const YAML::Node& key, const YAML::Node& value) {
    return value.IsNull() ? key.Mark() : value.Mark();
  }

  static std::string Describe(const YAML::Node& n) {
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

  // Calls `fn` for each key of `map`, rejecting non-string, unknown and
  // duplicate keys, and records where each field was written under
  // `prefix` + key.
  absl::Status ForEachKey(const YAML::Node& map, Keys allowed,
                          std::string_view context, std::string_view prefix,
                          const FieldFn& fn) {
    std::set<std::string> seen;
    // By value: yaml-cpp's iterator->first lives in a temporary proxy.
    for (const auto& kv : map) {
      const YAML::Node key = kv.first;
      const YAML::Node value = kv.second;
      if (!key.IsScalar()) return Error(key.Mark(), "expected a string key");
      const std::string name = key.Scalar();
      bool known = false;
      for (std::string_view a : allowed) known = known || a == name;
      if (!known) {
        return Error(key.Mark(),
                     StrCat("unknown key '", name, "' ", context,
                            "; expected one of ", JoinKeys(allowed)));
      }
      if (!seen.insert(name).second) {
        return Error(key.Mark(),
                     StrCat("duplicate key '", name, "' ", context));
      }
      marks_[StrCat(prefix, name)] = Where(key, value);
      RETURN_IF_ERROR(fn(name, key, value));
    }
    return absl::OkStatus();
  }

  absl::Status Expected(const YAML::Node& key, const YAML::Node& value,
                        std::string_view form) const {
    return Error(Where(key, value),
                 StrCat("expected ", form, " for '", key.Scalar(), "', got ",
                        Describe(value)));
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
    const absl::StatusOr<DurationNs> d = ParseDuration(text);
    if (!d.ok() || *d < 0) return Expected(key, value, kDurationForm);
    out = *d;
    return absl::OkStatus();
  }

  absl::Status Latency(const YAML::Node& key, const YAML::Node& value,
                       LatencyDistribution& out) const {
    const std::string form = StrCat("a latency like ", kLatencyForms);
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, form));
    absl::StatusOr<LatencyDistribution> d = LatencyDistribution::Parse(text);
    if (!d.ok()) {
      return Error(value.Mark(),
                   StrCat("expected ", form, " for '", key.Scalar(), "', got '",
                          text, "': ", d.status().message()));
    }
    out = *d;
    return absl::OkStatus();
  }

  absl::Status Code(const YAML::Node& key, const YAML::Node& value,
                    std::optional<absl::StatusCode>& out) const {
    constexpr std::string_view kForm =
        "a gRPC status code like UNAVAILABLE or DEADLINE_EXCEEDED";
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kForm));
    out = ParseStatusCode(text);
    if (!out) return Expected(key, value, kForm);
    return absl::OkStatus();
  }

  absl::Status ExitCode(const YAML::Node& key, const YAML::Node& value,
                        std::optional<int>& out) const {
    constexpr std::string_view kForm = "an integer 0..255";
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kForm));
    int code = -1;
    if (!absl::SimpleAtoi(ToAbsl(text), &code) || code < 0 || code > 255) {
      return Expected(key, value, kForm);
    }
    out = code;
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
    ASSIGN_OR_RETURN(std::string text, Scalar(key, value, kForm));
    double scale = 1.0;
    if (!text.empty() && text.back() == '%') {
      text.pop_back();
      scale = 100.0;
    }
    double p = -1;
    if (!absl::SimpleAtod(text, &p) || !(p >= 0 && p / scale <= 1)) {
      return Expected(key, value, kForm);
    }
    out = p / scale;
    return absl::OkStatus();
  }

  absl::Status Bool(const YAML::Node& key, const YAML::Node& value,
                    bool& out) const {
    ASSIGN_OR_RETURN(const std::string text,
                     Scalar(key, value, "true or false"));
    if (text != "true" && text != "false") {
      return Expected(key, value, "true or false");
    }
    out = text == "true";
    return absl::OkStatus();
  }

  absl::Status Condition(const YAML::Node& key, const YAML::Node& value,
                         faults::Condition& out) const {
    constexpr std::string_view kForm = "RuntimeReady or NetworkReady";
    ASSIGN_OR_RETURN(const std::string text, Scalar(key, value, kForm));
    const std::optional<faults::Condition> c = ParseCondition(text);
    if (!c) return Expected(key, value, kForm);
    out = *c;
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
                                       EffectKindNameList(), ")"));
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
    const std::string form =
        StrCat("a mapping with exactly one effect (one of ",
               EffectKindNameList(), ")");
    if (!value.IsMap() || value.size() == 0) {
      return Expected(key, value, form);
    }
    std::optional<std::string> seen;
    for (const auto& kv : value) {
      const YAML::Node k = kv.first;
      const YAML::Node v = kv.second;
      if (!k.IsScalar()) return Error(k.Mark(), "expected a string key");
      const std::string name = k.Scalar();
      const std::optional<EffectKind> kind = ParseEffectKind(name);
      if (!kind) {
        return Error(k.Mark(),
                     StrCat("unknown effect '", name, "'; expected one of ",
                            EffectKindNameList()));
      }
      if (seen) {
        return Error(k.Mark(),
                     StrCat("only one effect per fault, got '", *seen,
                            "' and '", name, "'; write a second fault"));
      }
      seen = name;
      e.kind = *kind;
      marks_["effect"] = k.Mark();
      const std::string path = StrCat("effect.", name);
      marks_[path] = Where(k, v);
      RETURN_IF_ERROR(LoadEffectBody(k, v, path, e));
    }
    return absl::OkStatus();
  }

  absl::Status LoadEffectBody(const YAML::Node& key, const YAML::Node& value,
                              const std::string& path, Effect& e) {
    auto code_message = [&](const std::string& name, const YAML::Node& k,
                            const YAML::Node& v) -> absl::Status {
      if (name == "code") return Code(k, v, e.code);
      ASSIGN_OR_RETURN(e.message, Scalar(k, v, "a message"));
      return absl::OkStatus();
    };
    auto crash = [&](const std::string& name, const YAML::Node& k,
                     const YAML::Node& v) -> absl::Status {
      if (name == "exit_code") return ExitCode(k, v, e.exit_code);
      return Latency(k, v, e.delay);
    };
    switch (e.kind) {
      case EffectKind::kError:
        if (value.IsScalar()) {
          marks_[path + ".code"] = value.Mark();
          return Code(key, value, e.code);
        }
        if (!value.IsMap()) {
          return Expected(key, value,
                          "a status code like UNAVAILABLE or a mapping with "
                          "code, message");
        }
        return ForEachKey(value, kCodeMessageKeys, "in 'error'", path + ".",
                          code_message);
      case EffectKind::kLatency:
      case EffectKind::kDelayEvent:
        return Latency(key, value, e.delay);
      case EffectKind::kHang:
      case EffectKind::kDropEvent:
      case EffectKind::kDuplicateEvent:
      case EffectKind::kReorderEvent:
        return Flag(key, value);
      case EffectKind::kOciFailure:
        return FlagOrMap(key, value, kOciFailureKeys, path,
                         [&](const std::string& name, const YAML::Node& k,
                             const YAML::Node& v) -> absl::Status {
                           if (name == "exit_code")
                             return ExitCode(k, v, e.exit_code);
                           ASSIGN_OR_RETURN(e.message,
                                            Scalar(k, v, "a message"));
                           return absl::OkStatus();
                         });
      case EffectKind::kCrash:
      case EffectKind::kCrashLoop:
        return FlagOrMap(key, value, kCrashKeys, path, crash);
      case EffectKind::kOomKill:
        return FlagOrMap(key, value, kOomKillKeys, path, crash);
      case EffectKind::kNotReady:
        return NotReady(key, value, path, e);
      case EffectKind::kEndStream:
        return FlagOrMap(key, value, kCodeMessageKeys, path, code_message);
      case EffectKind::kRestart:
        return FlagOrMap(key, value, kRestartKeys, path,
                         [&](const std::string& name, const YAML::Node& k,
                             const YAML::Node& v) -> absl::Status {
                           if (name == "outage")
                             return Duration(k, v, e.outage);
                           return Bool(k, v, e.containers_unknown);
                         });
    }
    return absl::OkStatus();
  }

  absl::Status NotReady(const YAML::Node& key, const YAML::Node& value,
                        const std::string& path, Effect& e) {
    if (value.IsScalar()) {
      marks_[path + ".condition"] = value.Mark();
      return Condition(key, value, e.condition);
    }
    if (!value.IsMap()) {
      return Expected(key, value,
                      "RuntimeReady, NetworkReady or a mapping with "
                      "condition, reason, message, duration");
    }
    bool has_condition = false;
    RETURN_IF_ERROR(ForEachKey(
        value, kNotReadyKeys, "in 'not_ready'", path + ".",
        [&](const std::string& name, const YAML::Node& k,
            const YAML::Node& v) -> absl::Status {
          if (name == "condition") {
            has_condition = true;
            return Condition(k, v, e.condition);
          }
          if (name == "duration") return Duration(k, v, e.duration);
          ASSIGN_OR_RETURN(const std::string text, Scalar(k, v, "text"));
          (name == "reason" ? e.reason : e.message) = text;
          return absl::OkStatus();
        }));
    if (!has_condition) {
      return Error(value.Mark(),
                   "missing required key 'condition' (RuntimeReady or "
                   "NetworkReady) in 'not_ready'");
    }
    return absl::OkStatus();
  }

  std::string source_;
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
