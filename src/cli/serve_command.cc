// `fakecri serve`: the runtime daemon on a unix socket.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/json_log_formatter.h"
#include "cli/stop_signals.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/fmt_absl.h"
#include "fake_runtime/network/ip_allocator.h"
#include "fakecri/server.h"
#include "scenario/loader.h"
#include "scenario/runtime_setup.h"

namespace fakecri::cli {
namespace {

struct ServeFlags {
  std::string listen;
  std::string log_level = "info";
  std::string log_format = "text";
  uint64_t seed = 0;
  std::string image_catalogue;
  double time_scale = 1.0;
  size_t event_log_capacity = 20'000;
  uint64_t event_log_max_bytes = uint64_t{16} << 20;
  std::string pod_cidr = std::string(runtime::kDefaultPodCidr);
  std::string sandbox_image = "registry.k8s.io/pause:3.10";
  std::string cgroup_driver = "systemd";
  std::string log_root;
  std::string exec_timeout = "containerd";
  std::string faults;
  std::string clock = "real";
  std::string control_listen;
  std::string scenario;
  bool record_payloads = false;
};

void SetUpLogging(const ServeFlags& f) {
  auto logger = spdlog::stderr_color_mt("fakecri");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(f.log_level));
  if (f.log_format == "json") {
    spdlog::set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%-5l%$ %v",
                        spdlog::pattern_time_type::utc);
  }
}

int RunServe(const ServeFlags& f) {
  SetUpLogging(f);
  DisableAbseilDeadlockChecks();
  ServerOptions opts;
  opts.listen = f.listen.empty() ? DefaultEndpoint() : f.listen;
  opts.seed = f.seed;
  opts.image_catalogue_file = f.image_catalogue;
  opts.time_scale = f.time_scale;
  opts.clock = f.clock;
  opts.faults_file = f.faults;
  opts.control_listen = f.control_listen;
  opts.record_payloads = f.record_payloads;
  opts.event_log_capacity = f.event_log_capacity;
  opts.event_log_max_bytes = f.event_log_max_bytes;
  opts.pod_cidr = f.pod_cidr;
  opts.sandbox_image = f.sandbox_image;
  opts.cgroup_driver = f.cgroup_driver;
  opts.log_root = f.log_root;
  opts.exec_timeout_style = f.exec_timeout;
  if (auto st = runtime::ParseIpv4Cidr(f.pod_cidr); !st.ok()) {
    spdlog::error("--pod-cidr: {}", st.status().message());
    return 2;
  }
  // --scenario: the file's runtime settings and fault timeline; its pods
  // and expectations are for `fakecri scenario run` (here an outside
  // kubelet makes the pods). A bad file starts nothing.
  std::optional<scenario::Scenario> scen;
  std::unique_ptr<scenario::RuntimeSetup> setup;
  if (!f.scenario.empty()) {
    auto loaded = scenario::LoadScenarioFile(f.scenario);
    absl::Status st = loaded.status();
    if (st.ok()) st = scenario::ValidateAgainstRuntime(*loaded);
    if (!st.ok()) {
      spdlog::error("--scenario: {}", st.message());
      return 2;
    }
    scen = std::move(*loaded);
    auto made = scenario::RuntimeSetup::Create(*scen);
    if (!made.ok()) {
      spdlog::error("--scenario: {}", made.status().message());
      return 1;
    }
    setup = std::move(*made);
    const ServerOptions& so = setup->options();
    const auto& rt = scen->runtime;
    if (!rt.sandbox_image.empty()) opts.sandbox_image = so.sandbox_image;
    if (!rt.pod_cidr.empty()) opts.pod_cidr = so.pod_cidr;
    if (!rt.cgroup_driver.empty()) opts.cgroup_driver = so.cgroup_driver;
    if (!rt.exec_timeout_style.empty()) {
      opts.exec_timeout_style = so.exec_timeout_style;
    }
    if (!so.image_catalogue_file.empty()) {
      if (!opts.image_catalogue_file.empty()) {
        spdlog::error(
            "--scenario: the scenario has images; drop "
            "--image-catalogue");
        return 2;
      }
      opts.image_catalogue_file = so.image_catalogue_file;
    }
    if (f.seed == 0) opts.seed = scen->seed;
  }

  // Block the stop signals in every thread (gRPC's included) and wait for
  // them here, so shutdown runs on this thread, not in a signal handler.
  BlockStopSignals();

  auto server = Server::Start(opts);
  if (!server.ok()) {
    spdlog::error("cannot start: {}",
                  setup ? setup->Explain(server.status()).message()
                        : server.status().message());
    return 1;
  }
  if (scen) {
    for (const auto& b : scen->runtime.faults) {
      if (auto ids = (*server)->faults().AddYaml(b.yaml, f.scenario);
          !ids.ok()) {
        spdlog::error("--scenario: {}: {}", b.pos.ToString(),
                      ids.status().message());
        return 1;
      }
    }
    const int skipped = scenario::ScheduleFaultTimeline(
        *scen, **server,
        [](const std::string& line) { spdlog::info("{}", line); });
    spdlog::info(
        "scenario '{}': runtime settings applied, fault timeline scheduled "
        "({} pod action(s) and the expectations are left to your kubelet)",
        scen->name, skipped);
  }
  spdlog::info(
      "fakecri 0.1.0 serving CRI runtime.v1 on {} (seed {}, clock {}, {} "
      "fault rule(s))",
      (*server)->endpoint(), (*server)->seed(), (*server)->clock().Kind(),
      (*server)->faults().size());
  if ((*server)->control_endpoint() != (*server)->endpoint()) {
    spdlog::info("control API (fakecri ctl) on {}",
                 (*server)->control_endpoint());
  }
  const char* sig = WaitForStopSignal();
  spdlog::info("received {}, shutting down", sig);
  (*server)->Shutdown();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

Runner AddServeCommand(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  auto* cmd =
      app.add_subcommand("serve", "Run the CRI runtime on a unix socket");
  cmd->add_option("--listen", flags->listen,
                  "unix:///path/to.sock (default: " + DefaultEndpoint() + ")");
  cmd->add_option("--control-listen", flags->control_listen,
                  "serve the control API (fakecri ctl) on this socket only "
                  "(default: on the --listen socket)");
  cmd->add_option("--log-level", flags->log_level,
                  "trace|debug|info|warn|error")
      ->check(CLI::IsMember(
          {"trace", "debug", "info", "warn", "error", "critical", "off"}));
  cmd->add_option("--log-format", flags->log_format, "text|json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--seed", flags->seed,
                  "seed for every random stream (0: pick one and log it)");
  cmd->add_option("--image-catalogue", flags->image_catalogue,
                  "YAML file adding images to the built-in catalogue")
      ->check(CLI::ExistingFile);
  cmd->add_option("--faults", flags->faults,
                  "YAML file of fault rules to load at start-up "
                  "(docs/faults.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--clock", flags->clock,
                  "real (optionally --time-scale) or virtual (time moves "
                  "only with `fakecri ctl clock advance`)")
      ->check(CLI::IsMember({"real", "virtual"}));
  cmd->add_option("--time-scale", flags->time_scale,
                  "run the clock this many times faster (1e-6 to 1e6)")
      ->check(CLI::Range(runtime::kMinClockScale, runtime::kMaxClockScale));
  cmd->add_option("--event-log-capacity", flags->event_log_capacity,
                  "events kept in memory (oldest dropped first)")
      ->check(CLI::Range(16, 10'000'000));
  cmd->add_option("--event-log-max-bytes", flags->event_log_max_bytes,
                  "memory the kept events may use, e.g. 64MiB (oldest "
                  "dropped first; at least 64KiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{64} << 10, uint64_t{1} << 40));
  cmd->add_option("--pod-cidr", flags->pod_cidr,
                  "range pod IPs come from until the kubelet sets one");
  cmd->add_option("--sandbox-image", flags->sandbox_image,
                  "pause image for pod sandboxes");
  cmd->add_option(
      "--log-root", flags->log_root,
      "confine container log files to this directory (CreateContainer "
      "rejects log paths outside it)");
  cmd->add_option("--exec-timeout", flags->exec_timeout,
                  "how ExecSync reports a timeout: containerd "
                  "(DEADLINE_EXCEEDED) or cri-o (exit code -1)")
      ->check(CLI::IsMember({"containerd", "cri-o"}));
  cmd->add_option("--scenario", flags->scenario,
                  "apply a scenario file's runtime settings and fault "
                  "timeline (docs/scenarios.md); pods come from your kubelet")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cgroup-driver", flags->cgroup_driver,
                  "reported by RuntimeConfig")
      ->check(CLI::IsMember({"systemd", "cgroupfs"}));
  cmd->add_flag("--record-payloads", flags->record_payloads,
                "record each CRI request and response in the event log "
                "(protobuf text, for fakecri-gui's inspector)");
  return [flags] { return RunServe(*flags); };
}

}  // namespace fakecri::cli
