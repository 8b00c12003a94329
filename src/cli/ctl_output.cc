// Text and JSON renderings of control API answers.
#include "cli/ctl_output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::cli {
namespace {

namespace v1 = ::runtime::v1;
using Table = std::vector<std::vector<std::string>>;

// Columns separated by two spaces, each as wide as its widest cell; the
// last column is not padded.
std::string Render(const Table& rows, std::string_view indent) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line(indent);
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string Short(const std::string& id) { return id.substr(0, 13); }

// Object ids are 64 hex digits, shown short like crictl does; anything
// else (a fault's target description) is shown whole.
std::string ShortIfId(const std::string& s) {
  const bool hex =
      s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  return hex ? Short(s) : s;
}

// "SANDBOX_READY" -> "READY", "CONTAINER_RUNNING" -> "RUNNING".
std::string StateName(const std::string& full, std::string_view prefix) {
  return full.substr(0, prefix.size()) == prefix ? full.substr(prefix.size())
                                                 : full;
}

std::string Bytes(uint64_t n) {
  if (n >= (1u << 20)) return StrCat(n >> 20, " MiB");
  if (n >= (1u << 10)) return StrCat(n >> 10, " KiB");
  return StrCat(n, " B");
}

// The server's description line starts with "<id>: ", already a column.
std::string WithoutId(const pb::FaultStatus& f) {
  const std::string prefix = f.rule().id() + ": ";
  const std::string& d = f.description();
  return d.compare(0, prefix.size(), prefix) == 0 ? d.substr(prefix.size()) : d;
}

std::string ScaleText(double scale) {
  std::string s = StrCat(scale);
  return s + "x";
}

}  // namespace

std::string ToJson(const google::protobuf::Message& m, bool pretty) {
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = pretty;
  opts.always_print_primitive_fields = true;
  opts.preserve_proto_field_names = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(m, &out, opts).ok()) {
    return "{}";
  }
  return out;
}

std::string FormatTime(int64_t ns) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixNanos(ns),
                          absl::UTCTimeZone());
}

std::string FormatFaultTable(
    const google::protobuf::RepeatedPtrField<pb::FaultStatus>& faults) {
  if (faults.empty()) return "no faults\n";
  Table rows = {{"ID", "HITS", "MATCHES", "DESCRIPTION"}};
  for (const pb::FaultStatus& f : faults) {
    rows.push_back(
        {f.rule().id(), StrCat(f.hits()), StrCat(f.matches()), WithoutId(f)});
  }
  return Render(rows, "");
}

std::string FormatClock(const pb::ClockState& c) {
  std::string out = StrCat("clock ", c.kind(), ": ", FormatTime(c.now_ns()),
                           " (", c.now_ns(), " ns), ");
  if (c.kind() == "virtual") {
    out += "moves only with `fakecri ctl clock advance`";
  } else {
    StrAppend(&out, c.paused() ? "paused" : "running", ", scale ",
              ScaleText(c.scale()));
  }
  return out + "\n";
}

std::string FormatEvent(const pb::Event& e) {
  std::string out = StrCat("#", e.seq(), " ", FormatTime(e.time_ns()), " ",
                           e.kind(), " ", e.subject());
  if (!e.object_id().empty()) StrAppend(&out, " ", ShortIfId(e.object_id()));
  if (e.kind() == "rpc_out" || e.status_code() != 0) {
    StrAppend(
        &out, " status=",
        faults::StatusCodeName(static_cast<absl::StatusCode>(e.status_code())));
  }
  if (e.latency_ns() != 0) {
    StrAppend(&out, " latency=", faults::FormatDuration(e.latency_ns()));
  }
  if (!e.detail().empty()) StrAppend(&out, " ", e.detail());
  return out + "\n";
}

std::string FormatSnapshot(const pb::GetSnapshotResponse& s) {
  std::string out = FormatClock(s.clock());
  StrAppend(&out, "seed ", s.seed(), ", last event #", s.last_event_seq(),
            "\n");

  StrAppend(&out, "\npods (", s.sandboxes_size(), ")\n");
  if (s.sandboxes_size() > 0) {
    Table rows = {{"ID", "NAME", "NAMESPACE", "STATE", "HANDLER", "CREATED"}};
    for (const v1::PodSandbox& p : s.sandboxes()) {
      rows.push_back(
          {Short(p.id()), p.metadata().name(), p.metadata().namespace_(),
           StateName(v1::PodSandboxState_Name(p.state()), "SANDBOX_"),
           p.runtime_handler().empty() ? "runc" : p.runtime_handler(),
           FormatTime(p.created_at())});
    }
    out += Render(rows, "  ");
  }

  StrAppend(&out, "\ncontainers (", s.containers_size(), ")\n");
  if (s.containers_size() > 0) {
    Table rows = {{"ID", "NAME", "POD", "STATE", "ATTEMPT", "IMAGE"}};
    for (const v1::Container& c : s.containers()) {
      rows.push_back(
          {Short(c.id()), c.metadata().name(), Short(c.pod_sandbox_id()),
           StateName(v1::ContainerState_Name(c.state()), "CONTAINER_"),
           StrCat(c.metadata().attempt()),
           c.image_ref().empty() ? c.image().image() : c.image_ref()});
    }
    out += Render(rows, "  ");
  }

  StrAppend(&out, "\nimages (", s.images_size(), ")\n");
  if (s.images_size() > 0) {
    Table rows = {{"ID", "TAGS", "SIZE"}};
    for (const v1::Image& i : s.images()) {
      std::string tags;
      for (const std::string& t : i.repo_tags()) {
        StrAppend(&tags, tags.empty() ? "" : ",", t);
      }
      const std::string id =
          i.id().rfind("sha256:", 0) == 0 ? i.id().substr(7) : i.id();
      rows.push_back(
          {Short(id), tags.empty() ? "<none>" : tags, Bytes(i.size())});
    }
    out += Render(rows, "  ");
  }

  StrAppend(&out, "\nfaults (", s.faults_size(), ")\n");
  if (s.faults_size() > 0) {
    std::string table = FormatFaultTable(s.faults());
    // Indent like the other sections.
    std::string indented;
    size_t start = 0;
    while (start < table.size()) {
      const size_t nl = table.find('\n', start);
      indented += "  " + table.substr(start, nl - start + 1);
      start = nl + 1;
    }
    out += indented;
  }
  return out;
}

}  // namespace fakecri::cli
