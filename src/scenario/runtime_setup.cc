// File: runtime_setup.cc
#include "scenario/runtime_setup.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "scenario/duration.h"

namespace fakecri::scenario {
namespace {

// "name:12:3: message" -> "message" (the runtime's position in a document
// the loader emitted means nothing to the user).
std::string StripPosition(const std::string& msg, const std::string& name) {
  if (msg.rfind(name + ":", 0) != 0) return msg;
  size_t p = name.size() + 1;
  for (int colons = 0; colons < 2 && p < msg.size(); ++p) {
    if (msg[p] == ':') ++colons;
  }
  while (p < msg.size() && msg[p] == ' ') ++p;
  return msg.substr(p);
}

absl::Status AddBlock(FaultControl& faults, const FaultBlock& b,
                      absl::string_view what) {
  auto ids = faults.AddYaml(b.yaml, "<scenario>");
  if (ids.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      b.pos.ToString(), ": ", what, ": ",
      StripPosition(std::string(ids.status().message()), "<scenario>")));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RuntimeSetup>> RuntimeSetup::Create(
    const Scenario& s) {
  std::unique_ptr<RuntimeSetup> r(new RuntimeSetup());
  ServerOptions& o = r->options_;
  o.clock = s.clock.kind == "virtual" ? "virtual" : "real";
  o.time_scale = s.clock.kind == "scaled" ? s.clock.scale : 1.0;
  o.seed = s.seed;
  // A scenario's whole run must stay in the log for its outputs.
  o.event_log_capacity = 4'000'000;
  o.event_log_max_bytes = size_t{2} << 30;
  if (!s.runtime.sandbox_image.empty())
    o.sandbox_image = s.runtime.sandbox_image;
  if (!s.runtime.pod_cidr.empty()) o.pod_cidr = s.runtime.pod_cidr;
  if (!s.runtime.cgroup_driver.empty())
    o.cgroup_driver = s.runtime.cgroup_driver;
  if (!s.runtime.exec_timeout_style.empty()) {
    o.exec_timeout_style = s.runtime.exec_timeout_style;
  }
  r->images_pos_ = s.runtime.images_pos;
  if (!s.runtime.images_file.empty())
    o.image_catalogue_file = s.runtime.images_file;
  if (!s.runtime.images_yaml.empty()) {
    static std::atomic<int> counter{0};
    std::filesystem::path p =
        std::filesystem::temp_directory_path() /
        absl::StrCat("fakecri-scenario-", getpid(), "-", counter++, ".yaml");
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s.runtime.images_yaml;
    out.close();
    if (!out) {
      return absl::InternalError(
          absl::StrCat("cannot write the image catalogue to ", p.string()));
    }
    r->temp_file_ = p.string();
    o.image_catalogue_file = r->temp_file_;
  }
  return r;
}

RuntimeSetup::~RuntimeSetup() {
  if (!temp_file_.empty()) {
    std::error_code ec;
    std::filesystem::remove(temp_file_, ec);
  }
}

absl::Status RuntimeSetup::Explain(const absl::Status& st) const {
  if (st.ok() || temp_file_.empty()) return st;
  const std::string msg(st.message());
  if (msg.find(temp_file_) == std::string::npos) return st;
  return absl::Status(st.code(),
                      absl::StrCat(images_pos_.ToString(), ": runtime images: ",
                                   StripPosition(msg, temp_file_)));
}

std::string ConditionFaultId(const SetConditionAction& a) {
  return absl::StrCat("condition-", a.condition);
}

std::string ConditionFaultYaml(const SetConditionAction& a) {
  std::string y =
      absl::StrCat("version: 1\nfaults:\n  - id: ", ConditionFaultId(a),
                   "\n    hop: runtime\n    operation: status\n    effect:\n"
                   "      not_ready:\n        condition: ",
                   a.condition, "\n");
  // Quoted as YAML double-quoted scalars; the loader's strings never hold
  // control characters that would need more than these escapes.
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') q += '\\';
      q += c;
    }
    return q + "\"";
  };
  if (!a.reason.empty())
    absl::StrAppend(&y, "        reason: ", quote(a.reason), "\n");
  if (!a.message.empty()) {
    absl::StrAppend(&y, "        message: ", quote(a.message), "\n");
  }
  if (a.duration) {
    absl::StrAppend(&y, "    when:\n      until: ", FormatDuration(*a.duration),
                    "\n");
  }
  return y;
}

std::string RestartFaultYaml(const RestartRuntimeAction& a, int n) {
  return absl::StrCat(
      "version: 1\nfaults:\n  - id: restart-", n,
      "\n    hop: runtime\n    operation: tick\n    effect:\n"
      "      restart:\n        outage: ",
      FormatDuration(a.outage),
      "\n        containers_unknown: ", a.containers_unknown ? "true" : "false",
      "\n    when:\n      times: 1\n");
}

absl::StatusOr<bool> ApplyFaultAction(const TimelineStep& step,
                                      FaultControl& faults, int step_index) {
  const std::string where = step.pos.ToString();
  if (const auto* a = std::get_if<AddFaultsAction>(&step.action)) {
    absl::Status st = AddBlock(faults, a->faults, "addFaults");
    if (!st.ok()) return st;
    return true;
  }
  if (const auto* r = std::get_if<RemoveFaultAction>(&step.action)) {
    absl::Status st = faults.Remove(r->id);
    if (!st.ok()) {
      return absl::Status(st.code(),
                          absl::StrCat(where, ": removeFault: ", st.message()));
    }
    return true;
  }
  if (const auto* c = std::get_if<SetConditionAction>(&step.action)) {
    // Replaces an earlier setting of the same condition.
    if (faults.Get(ConditionFaultId(*c)).has_value()) {
      (void)faults.Remove(ConditionFaultId(*c));
    }
    if (c->ready) return true;
    auto ids = faults.AddYaml(ConditionFaultYaml(*c), where);
    if (!ids.ok()) return ids.status();
    return true;
  }
  if (const auto* r = std::get_if<RestartRuntimeAction>(&step.action)) {
    auto ids = faults.AddYaml(RestartFaultYaml(*r, step_index), where);
    if (!ids.ok()) return ids.status();
    return true;
  }
  return false;
}

absl::Status ValidateAgainstRuntime(const Scenario& s) {
  auto setup = RuntimeSetup::Create(s);
  if (!setup.ok()) return setup.status();
  ServerOptions opts = (*setup)->options();
  opts.clock = "virtual";  // nothing may move while checking
  auto server = Server::Start(opts);
  if (!server.ok()) return (*setup)->Explain(server.status());
  for (const auto& b : s.runtime.faults) {
    if (auto st = AddBlock((*server)->faults(), b, "runtime faults");
        !st.ok()) {
      return st;
    }
  }
  int i = 0;
  for (const auto& step : s.timeline) {
    auto applied = ApplyFaultAction(step, (*server)->faults(), i++);
    if (!applied.ok()) return applied.status();
  }
  (*server)->Shutdown();
  return absl::OkStatus();
}

int ScheduleFaultTimeline(const Scenario& s, Server& server,
                          std::function<void(const std::string&)> log) {
  const TimeNs start = server.clock().Now();
  int skipped = 0;
  int i = 0;
  for (const auto& step : s.timeline) {
    const int index = i++;
    if (std::holds_alternative<CreatePodAction>(step.action) ||
        std::holds_alternative<DeletePodAction>(step.action)) {
      ++skipped;
      continue;
    }
    if (std::holds_alternative<std::monostate>(step.action) ||
        std::holds_alternative<WaitAction>(step.action)) {
      continue;
    }
    server.clock().ScheduleAt(start + step.at, [&server, &step, index, log] {
      auto applied = ApplyFaultAction(step, server.faults(), index);
      log(applied.ok()
              ? absl::StrCat(FormatOffset(step.at), " scenario ",
                             step.ActionName(), " (", step.pos.ToString(), ")")
              : absl::StrCat(FormatOffset(step.at), " scenario ",
                             step.ActionName(),
                             " failed: ", applied.status().message()));
    });
  }
  return skipped;
}

}  // namespace fakecri::scenario
