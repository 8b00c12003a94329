// File: replay_reader.cc
#include "gui/model/replay_reader.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "fakecri/cri.h"

namespace fakecri::gui {
namespace {

using Json = nlohmann::json;

constexpr EventKind kKinds[] = {
    EventKind::kRpcIn,      EventKind::kRpcOut,   EventKind::kOciCall,
    EventKind::kTransition, EventKind::kCriEvent, EventKind::kFault,
    EventKind::kInfo,       EventKind::kKubelet,
};

absl::Status FieldError(const std::string& key, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("field '", key, "': ", std::string(what)));
}

// Reads `key` into `out` when present; `required` keys must be there.
absl::Status ReadUnsigned(const Json& j, const std::string& key, bool required,
                          uint64_t* out) {
  auto it = j.find(key);
  if (it == j.end()) {
    return required ? FieldError(key, "missing") : absl::OkStatus();
  }
  if (!it->is_number_unsigned()) {
    return FieldError(key, "expected an unsigned integer");
  }
  *out = it->get<uint64_t>();
  return absl::OkStatus();
}

absl::Status ReadSigned(const Json& j, const std::string& key, bool required,
                        int64_t* out) {
  auto it = j.find(key);
  if (it == j.end()) {
    return required ? FieldError(key, "missing") : absl::OkStatus();
  }
  if (!it->is_number_integer()) return FieldError(key, "expected an integer");
  *out = it->get<int64_t>();
  return absl::OkStatus();
}

absl::Status ReadString(const Json& j, const std::string& key, bool required,
                        std::string* out) {
  auto it = j.find(key);
  if (it == j.end()) {
    return required ? FieldError(key, "missing") : absl::OkStatus();
  }
  if (!it->is_string()) return FieldError(key, "expected a string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EventKind> ParseEventKind(std::string_view name) {
  for (EventKind k : kKinds) {
    if (name == EventKindName(k)) return k;
  }
  std::string known;
  for (EventKind k : kKinds) {
    absl::StrAppend(&known, known.empty() ? "" : ", ", EventKindName(k));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown event kind '", std::string(name), "'; expected one of ", known));
}

absl::StatusOr<Event> ParseEventJsonLine(std::string_view line) {
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return absl::InvalidArgumentError("not valid JSON");
  }
  if (!j.is_object()) return absl::InvalidArgumentError("expected an object");
  Event e;
  std::string kind;
  int64_t status = 0;
  absl::Status st;
  if (!(st = ReadUnsigned(j, "seq", true, &e.seq)).ok()) return st;
  if (!(st = ReadSigned(j, "time_ns", true, &e.time_ns)).ok()) return st;
  if (!(st = ReadString(j, "kind", true, &kind)).ok()) return st;
  absl::StatusOr<EventKind> k = ParseEventKind(kind);
  if (!k.ok()) return FieldError("kind", std::string(k.status().message()));
  e.kind = *k;
  if (!(st = ReadUnsigned(j, "span_id", false, &e.span_id)).ok()) return st;
  if (!(st = ReadUnsigned(j, "parent_span_id", false, &e.parent_span_id))
           .ok()) {
    return st;
  }
  if (!(st = ReadString(j, "subject", false, &e.subject)).ok()) return st;
  if (!(st = ReadString(j, "object_id", false, &e.object_id)).ok()) return st;
  if (!(st = ReadString(j, "detail", false, &e.detail)).ok()) return st;
  if (!(st = ReadSigned(j, "status_code", false, &status)).ok()) return st;
  if (status < 0 || status > 0xffff) {
    return FieldError("status_code", "out of range");
  }
  e.status_code = static_cast<int>(status);
  if (!(st = ReadSigned(j, "latency_ns", false, &e.latency_ns)).ok()) return st;
  if (!(st = ReadString(j, "payload", false, &e.payload)).ok()) return st;
  if (auto it = j.find("cri_event"); it != j.end()) {
    if (!it->is_object()) return FieldError("cri_event", "expected an object");
    runtime::v1::ContainerEventResponse ev;
    const auto parsed =
        google::protobuf::util::JsonStringToMessage(it->dump(), &ev);
    if (!parsed.ok()) {
      return FieldError("cri_event", std::string(parsed.message()));
    }
    if (!ev.SerializeToString(&e.cri_event_bytes)) {
      return FieldError("cri_event", "cannot be serialized");
    }
  }
  return e;
}

absl::StatusOr<std::vector<Event>> ReadEventsJsonl(
    std::istream& in, std::string_view source_name) {
  const std::string source(source_name);
  std::vector<Event> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    absl::StatusOr<Event> e = ParseEventJsonLine(line);
    if (!e.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ":", n, ": ", std::string(e.status().message())));
    }
    if (!out.empty() && e->seq <= out.back().seq) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", n, ": seq ", e->seq,
                       " is not above the previous record's ", out.back().seq,
                       " (records must be in log order)"));
    }
    out.push_back(*std::move(e));
  }
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(source, ":", n, ": read error"));
  }
  return out;
}

absl::StatusOr<std::vector<Event>> ReadEventsJsonlFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot open ", path));
  }
  return ReadEventsJsonl(in, path);
}

}  // namespace fakecri::gui
