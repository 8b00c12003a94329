// `fakecri ctl`: a client of a running fakecri's control API
// (proto/fakecri/v1/control.proto). Exit codes: 0 done, 1 the server (or
// the connection) failed, 2 the command line is wrong.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "cli/commands.h"
#include "cli/ctl_fault_flags.h"
#include "cli/ctl_output.h"
#include "fake_runtime/control/control_api.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/faults/duration.h"
#include "fake_runtime/faults/fault_enums.h"
#include "fakecri/server.h"
#include "nlohmann/json.hpp"

namespace fakecri::cli {
namespace {

using runtime::DurationNs;

constexpr int kServerError = 1;
constexpr int kUsageError = 2;

struct CtlFlags {
  std::string endpoint;
  bool json = false;
  std::string timeout = "10s";

  FaultFlags fault;
  std::string rm_id;

  uint64_t since = 0;
  std::vector<std::string> kinds;
  uint64_t count = 0;

  std::vector<std::string> clock_args;

  // Which leaf ran.
  std::string action;
};

int Usage(std::string_view message) {
  std::cerr << "fakecri ctl: " << message << "\n";
  return kUsageError;
}

int ServerError(const grpc::Status& st) {
  std::cerr << "fakecri ctl: "
            << faults::StatusCodeName(
                   static_cast<absl::StatusCode>(st.error_code()))
            << ": " << st.error_message();
  if (st.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    // A runtime started with --control-listen serves no control API on
    // its CRI socket (and other CRI runtimes have none at all).
    std::cerr << "(no fakecri control API on this endpoint; see fakecri "
                 "serve --control-listen)";
  }
  std::cerr << "\n";
  return kServerError;
}

// A connection to the control service with the per-call deadline.
class Client {
 public:
  Client(const std::string& endpoint, DurationNs timeout)
      : timeout_(timeout),
        stub_(pb::Control::NewStub(grpc::CreateChannel(
            endpoint, grpc::InsecureChannelCredentials()))) {}

  std::unique_ptr<grpc::ClientContext> Ctx(bool deadline = true) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (deadline) {
      ctx->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::nanoseconds(timeout_));
    }
    return ctx;
  }
  pb::Control::Stub& stub() { return *stub_; }

 private:
  DurationNs timeout_;
  std::unique_ptr<pb::Control::Stub> stub_;
};

// Prints `resp` as JSON or with `human`, or reports the error.
template <typename Resp, typename Human>
int Report(const grpc::Status& st, const Resp& resp, bool json, Human&& human) {
  if (!st.ok()) return ServerError(st);
  if (json) {
    std::cout << ToJson(resp, true) << "\n";
  } else {
    std::cout << human(resp);
  }
  return 0;
}

int FaultAdd(const CtlFlags& f, Client& c) {
  pb::AddFaultRequest req;
  if (!f.fault.file.empty()) {
    if (f.fault.rule_flags > 0) {
      return Usage(
          "--file: the rules come from the file; give no other "
          "rule flags with it");
    }
    std::ifstream in(f.fault.file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Usage("--file: cannot read " + f.fault.file);
    req.set_yaml(text.str());
    req.set_source_name(f.fault.file);
  } else {
    auto rule = BuildFaultRule(f.fault);
    if (!rule.ok()) return Usage(std::string(rule.status().message()));
    *req.mutable_rule() = control::RuleToProto(*rule);
  }
  pb::AddFaultResponse resp;
  auto ctx = c.Ctx();
  const grpc::Status st = c.stub().AddFault(ctx.get(), req, &resp);
  return Report(st, resp, f.json, [](const pb::AddFaultResponse& r) {
    std::string out;
    for (const std::string& d : r.descriptions()) out += "added " + d + "\n";
    if (r.ids().empty()) out = "added no faults\n";
    return out;
  });
}

int FaultList(const CtlFlags& f, Client& c) {
  pb::ListFaultsResponse resp;
  auto ctx = c.Ctx();
  const grpc::Status st = c.stub().ListFaults(ctx.get(), {}, &resp);
  return Report(st, resp, f.json, [](const pb::ListFaultsResponse& r) {
    return FormatFaultTable(r.faults());
  });
}

int FaultRemove(const CtlFlags& f, Client& c) {
  pb::RemoveFaultRequest req;
  req.set_id(f.rm_id);
  pb::RemoveFaultResponse resp;
  auto ctx = c.Ctx();
  const grpc::Status st = c.stub().RemoveFault(ctx.get(), req, &resp);
  if (!st.ok()) return ServerError(st);
  if (f.json) {
    std::cout << nlohmann::json{{"removed", f.rm_id}}.dump() << "\n";
  } else {
    std::cout << "removed " << f.rm_id << "\n";
  }
  return 0;
}

int FaultClear(const CtlFlags& f, Client& c) {
  pb::ClearFaultsResponse resp;
  auto ctx = c.Ctx();
  const grpc::Status st = c.stub().ClearFaults(ctx.get(), {}, &resp);
  return Report(st, resp, f.json, [](const pb::ClearFaultsResponse& r) {
    return "removed " + std::to_string(r.removed()) + " fault(s)\n";
  });
}

int Snapshot(const CtlFlags& f, Client& c) {
  pb::GetSnapshotResponse resp;
  auto ctx = c.Ctx();
  const grpc::Status st = c.stub().GetSnapshot(ctx.get(), {}, &resp);
  return Report(st, resp, f.json, FormatSnapshot);
}

int EventsWatch(const CtlFlags& f, Client& c, DurationNs timeout) {
  pb::WatchEventsRequest req;
  req.set_since_seq(f.since);
  for (const std::string& k : f.kinds) req.add_kinds(k);
  // The stream follows the log for as long as it runs: only connecting is
  // bounded by --timeout.
  auto ctx = c.Ctx(/*deadline=*/false);
  ctx->set_wait_for_ready(true);
  // A watchdog cancels the call if the WatchStart does not come in time
  // (opening the stream already waits for the connection).
  std::atomic<bool> got_start = false;
  std::thread watchdog([&] {
    const auto end =
        std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout);
    while (!got_start && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!got_start) ctx->TryCancel();
  });
  auto reader = c.stub().WatchEvents(ctx.get(), req);
  pb::WatchEventsResponse msg;
  uint64_t seen = 0;
  bool started = false;
  bool cancelled_by_us = false;
  while (reader->Read(&msg)) {
    if (msg.has_start()) {
      started = true;
      got_start = true;
      if (msg.start().gap()) {
        std::cerr << "fakecri ctl: events before #"
                  << msg.start().first_available_seq()
                  << " were already dropped from the event log\n";
      }
      continue;
    }
    if (!msg.has_event()) continue;
    if (f.json) {
      std::cout << ToJson(msg.event(), false) << "\n";
    } else {
      std::cout << FormatEvent(msg.event());
    }
    std::cout.flush();
    if (f.count > 0 && ++seen >= f.count) {
      cancelled_by_us = true;
      ctx->TryCancel();
      break;
    }
  }
  got_start = true;  // stop the watchdog
  watchdog.join();
  const grpc::Status st = reader->Finish();
  if (cancelled_by_us) return 0;
  if (!started && st.error_code() == grpc::StatusCode::CANCELLED) {
    return ServerError(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                    "no answer from the server within "
                                    "--timeout"));
  }
  return st.ok() ? 0 : ServerError(st);
}

int Clock(const CtlFlags& f, Client& c) {
  const std::vector<std::string>& a = f.clock_args;
  const std::string action = a.empty() ? "show" : a[0];
  const size_t want_args = (action == "advance" || action == "scale") ? 2 : 1;
  if (action != "show" && action != "pause" && action != "resume" &&
      action != "advance" && action != "scale") {
    return Usage("clock: unknown action '" + action +
                 "'; expected show, pause, resume, advance DURATION or "
                 "scale FACTOR");
  }
  if (a.size() > want_args || (a.size() < want_args && action != "show")) {
    return Usage("clock " + action + ": expected " +
                 (want_args == 2 ? "one argument" : "no arguments"));
  }
  pb::ClockResponse resp;
  auto ctx = c.Ctx();
  grpc::Status st;
  if (action == "show") {
    st = c.stub().GetClock(ctx.get(), {}, &resp);
  } else if (action == "pause") {
    st = c.stub().PauseClock(ctx.get(), {}, &resp);
  } else if (action == "resume") {
    st = c.stub().ResumeClock(ctx.get(), {}, &resp);
  } else if (action == "advance") {
    auto d = faults::ParseDuration(a[1]);
    if (!d.ok()) {
      return Usage("clock advance: " + std::string(d.status().message()));
    }
    pb::AdvanceClockRequest req;
    req.set_duration_ns(*d);
    st = c.stub().AdvanceClock(ctx.get(), req, &resp);
  } else {
    double scale = 0;
    if (!absl::SimpleAtod(a[1], &scale) || !(scale > 0)) {
      return Usage("clock scale: expected a positive number, got '" + a[1] +
                   "'");
    }
    pb::SetClockScaleRequest req;
    req.set_scale(scale);
    st = c.stub().SetClockScale(ctx.get(), req, &resp);
  }
  return Report(st, resp, f.json, [](const pb::ClockResponse& r) {
    return FormatClock(r.clock());
  });
}

int RunCtl(const CtlFlags& f) {
  auto timeout = faults::ParseDuration(f.timeout);
  if (!timeout.ok() || *timeout <= 0) {
    return Usage("--timeout: expected a positive duration like 10s, got '" +
                 f.timeout + "'");
  }
  std::string endpoint = f.endpoint.empty() ? DefaultEndpoint() : f.endpoint;
  if (!endpoint.empty() && endpoint[0] == '/') endpoint = "unix://" + endpoint;
  Client client(endpoint, *timeout);
  if (f.action == "fault add") return FaultAdd(f, client);
  if (f.action == "fault list") return FaultList(f, client);
  if (f.action == "fault rm") return FaultRemove(f, client);
  if (f.action == "fault clear") return FaultClear(f, client);
  if (f.action == "events watch") return EventsWatch(f, client, *timeout);
  if (f.action == "snapshot") return Snapshot(f, client);
  if (f.action == "clock") return Clock(f, client);
  return Usage("missing command: fault, events, snapshot or clock");
}

// A subcommand whose parent's options (--endpoint, --json, ...) may also
// come after it, and which records itself as the action when it runs.
CLI::App* Leaf(CLI::App* parent, const std::string& name,
               const std::string& help, CtlFlags* flags,
               const std::string& action) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  cmd->fallthrough();
  cmd->parse_complete_callback([flags, action] { flags->action = action; });
  return cmd;
}

}  // namespace

Runner AddCtlCommand(CLI::App& app) {
  auto flags = std::make_shared<CtlFlags>();
  CLI::App* ctl = app.add_subcommand(
      "ctl", "Talk to a running fakecri: faults, events, snapshot, clock");
  ctl->require_subcommand(1);
  ctl->add_option("--endpoint", flags->endpoint,
                  "unix:///path/to.sock (default: " + DefaultEndpoint() + ")");
  ctl->add_flag("--json", flags->json,
                "print JSON (one document; JSON lines for events watch)");
  ctl->add_option("--timeout", flags->timeout,
                  "deadline of each call (default 10s)");

  CLI::App* fault = ctl->add_subcommand("fault", "Add, list and remove faults");
  fault->fallthrough();
  fault->require_subcommand(1);
  CLI::App* add = Leaf(fault, "add", "Add a fault rule (or a file of them)",
                       flags.get(), "fault add");
  AddFaultFlags(add, &flags->fault);
  Leaf(fault, "list", "List the fault rules with their hit counts", flags.get(),
       "fault list");
  CLI::App* rm =
      Leaf(fault, "rm", "Remove a fault rule", flags.get(), "fault rm");
  rm->add_option("ID", flags->rm_id, "rule id")->required();
  Leaf(fault, "clear", "Remove every fault rule", flags.get(), "fault clear");

  CLI::App* events = ctl->add_subcommand("events", "The event log");
  events->fallthrough();
  events->require_subcommand(1);
  CLI::App* watch =
      Leaf(events, "watch", "Print events as they happen (until Ctrl-C)",
           flags.get(), "events watch");
  watch->add_option("--since", flags->since,
                    "start at this sequence number (held events first); "
                    "default: new events only");
  watch->add_option("--kind", flags->kinds,
                    "only these kinds: rpc_in, rpc_out, oci_call, "
                    "transition, cri_event, fault, info, kubelet (repeatable)");
  watch->add_option("--count", flags->count, "stop after N events");

  Leaf(ctl, "snapshot", "Pods, containers, images, faults and clock",
       flags.get(), "snapshot");
  CLI::App* clock =
      Leaf(ctl, "clock",
           "Show the clock, or: pause | resume | advance DURATION | scale X",
           flags.get(), "clock");
  clock->add_option("ACTION", flags->clock_args,
                    "pause, resume, advance 30s, scale 10");
  return [flags] { return RunCtl(*flags); };
}

}  // namespace fakecri::cli
