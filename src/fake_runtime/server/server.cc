// fakecri::Server: wires clock, event log, image store, container manager
// and the gRPC services together, and owns the socket.
#include "fakecri/server.h"

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/control/control_service.h"
#include "fake_runtime/faults/fault_yaml.h"
#include "fake_runtime/grpc/call_recorder.h"
#include "fake_runtime/grpc/cri_fault_gate.h"
#include "fake_runtime/grpc/cri_services.h"
#include "fake_runtime/grpc/parse_errors.h"
#include "fake_runtime/images/image_catalogue.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/network/ip_allocator.h"
#include "fake_runtime/server/fault_control.h"
#include "fake_runtime/server/server_internals.h"
#include "fake_runtime/server/unix_socket.h"

namespace fakecri {

std::string DefaultSocketPath() {
  if (const char* xdg = std::getenv("XDG_RUNTIME_DIR");
      xdg != nullptr && *xdg == '/') {
    return absl::StrCat(xdg, "/fakecri/fakecri.sock");
  }
  return absl::StrCat("/tmp/fakecri-", getuid(), "/fakecri.sock");
}

std::string DefaultEndpoint() { return "unix://" + DefaultSocketPath(); }

void DisableAbseilDeadlockChecks() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

namespace {

using runtime::Clock;

// The runtime's own settings, from the public options. Checked here, so a
// bad option fails Start() before anything runs.
absl::StatusOr<runtime::ManagerOptions> ManagerOptionsFrom(
    const ServerOptions& o) {
  runtime::ManagerOptions m;
  m.sandbox_image = o.sandbox_image;
  if (auto cidr = runtime::ParseIpv4Cidr(o.pod_cidr); !cidr.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("pod CIDR: ", cidr.status().message()));
  }
  m.pod_cidr = o.pod_cidr;
  if (o.cgroup_driver == "systemd") {
    m.cgroup_driver = ::runtime::v1::SYSTEMD;
  } else if (o.cgroup_driver == "cgroupfs") {
    m.cgroup_driver = ::runtime::v1::CGROUPFS;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown cgroup driver \"", o.cgroup_driver,
                     "\": want systemd or cgroupfs"));
  }
  m.log_root = o.log_root;
  if (o.exec_timeout_style != "containerd" && o.exec_timeout_style != "cri-o") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown exec timeout style \"", o.exec_timeout_style,
                     "\": want containerd or cri-o"));
  }
  m.exec_timeout_style = o.exec_timeout_style;
  return m;
}

class ServerImpl final : public Server, public ServerInternals {
 public:
  ~ServerImpl() override { Shutdown(); }

  absl::Status Init(ServerOptions options) {
    options_ = std::move(options);
    absl::StatusOr<runtime::ManagerOptions> mopts =
        ManagerOptionsFrom(options_);
    if (!mopts.ok()) return mopts.status();
    // Protobuf's own messages (e.g. why a request did not parse) go to the
    // server's log or into the error, never straight to stderr.
    runtime::RouteProtobufLogs();
    if (options_.clock == "virtual") {
      clock_ = std::make_unique<runtime::VirtualClock>();
    } else if (options_.clock == "real") {
      if (absl::Status st = runtime::ValidateClockScale(options_.time_scale);
          !st.ok()) {
        return st;
      }
      clock_ = runtime::NewRealClock(options_.time_scale);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown clock \"", options_.clock, "\": want real or virtual"));
    }
    seed_ = options_.seed;
    if (seed_ == 0) {
      // The only non-seeded randomness: choosing the seed itself, which is
      // then recorded so the run can be replayed.
      std::random_device rd;
      seed_ = (static_cast<uint64_t>(rd()) << 32) | rd();
      if (seed_ == 0) seed_ = 1;
    }
    auto catalogue = runtime::ImageCatalogue::BuiltIn();
    if (!options_.image_catalogue_file.empty()) {
      if (absl::Status st =
              catalogue.LoadYamlFile(options_.image_catalogue_file);
          !st.ok()) {
        return st;
      }
    }
    log_ = std::make_unique<runtime::BoundedEventLog>(
        *clock_, options_.event_log_capacity, options_.event_log_max_bytes);
    faults_ = std::make_unique<faults::FaultEngine>(seed_, *clock_);
    fault_control_ = std::make_unique<EngineFaultControl>(*faults_);
    faults_->SetObserver([log = log_.get()](const faults::FaultHit& hit) {
      runtime::Event e;
      e.kind = runtime::EventKind::kFault;
      e.subject = hit.rule_id;
      e.object_id = hit.target;
      e.detail = hit.Summary();
      e.status_code = static_cast<int>(hit.code);
      e.latency_ns = hit.delay;
      log->Append(std::move(e));
    });
    images_ =
        std::make_unique<runtime::ImageStore>(std::move(catalogue), *clock_);
    mopts->seed = seed_;
    mopts->faults = faults_.get();
    manager_ = std::make_unique<runtime::ContainerManager>(*mopts, *clock_,
                                                           *log_, *images_);
    recorder_ = std::make_unique<runtime::CallRecorder>(
        *log_, *clock_, options_.record_payloads);
    gate_ = std::make_unique<runtime::CriFaultGate>(faults_.get(), *clock_,
                                                    *manager_);
    gate_->SetRestartHandler(
        [this](const faults::FaultHit& hit) { RestartRuntime(hit); });
    const runtime::CriEnv env{*recorder_, *manager_, *gate_};
    runtime_svc_ = std::make_unique<runtime::CriRuntimeService>(env);
    image_svc_ = std::make_unique<runtime::CriImageService>(env);
    control_svc_ = std::make_unique<control::ControlService>(
        *faults_, *log_, *clock_, *manager_, seed_);
    faults_->SetAddObserver(
        [this](const faults::RuleStatus& added) { OnRuleAdded(added); });
    std::vector<faults::FaultRule> rules;
    if (!options_.faults_file.empty()) {
      auto loaded = faults::LoadFaultsYamlFile(options_.faults_file);
      if (!loaded.ok()) return loaded.status();
      rules = std::move(*loaded);
    }
    if (!options_.faults_yaml.empty()) {
      auto parsed =
          faults::ParseFaultsYaml(options_.faults_yaml, "faults_yaml");
      if (!parsed.ok()) return parsed.status();
      for (auto& rule : *parsed) rules.push_back(std::move(rule));
    }
    if (!rules.empty()) {
      if (auto ids = faults_->AddAll(std::move(rules)); !ids.ok()) {
        return ids.status();
      }
    }

    grpc::ServerBuilder builder;
    if (!options_.listen.empty()) {
      auto path = runtime::UnixSocketPath(options_.listen);
      if (!path.ok()) return path.status();
      if (absl::Status st = runtime::PrepareSocketPath(*path); !st.ok())
        return st;
      socket_path_ = *path;
      endpoint_ = "unix://" + socket_path_;
      builder.AddListeningPort(endpoint_, grpc::InsecureServerCredentials());
    }
    builder.RegisterService(runtime_svc_.get());
    builder.RegisterService(image_svc_.get());
    // The control API shares the CRI socket unless it has its own.
    if (options_.control_listen.empty()) {
      builder.RegisterService(control_svc_.get());
    }
    // The kubelet's client accepts up to 16 MiB; so do we.
    builder.SetMaxReceiveMessageSize(16 << 20);
    builder.SetMaxSendMessageSize(16 << 20);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on \"", options_.listen, "\""));
    }
    if (!socket_path_.empty()) {
      if (absl::Status st = runtime::RestrictSocketMode(socket_path_); !st.ok())
        return st;
    }
    control_endpoint_ = endpoint_;
    if (!options_.control_listen.empty()) {
      if (absl::Status st = StartControlServer(); !st.ok()) return st;
    }
    runtime::Event e;
    e.kind = runtime::EventKind::kInfo;
    e.subject = "start";
    e.detail =
        absl::StrCat("fakecri started: seed ", seed_, ", clock ",
                     clock_->Kind(), ", ", faults_->size(), " fault rule(s)",
                     endpoint_.empty() ? "" : ", listening on " + endpoint_);
    log_->Append(std::move(e));
    return absl::OkStatus();
  }

  std::shared_ptr<grpc::Channel> InProcessChannel() override {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(16 << 20);
    return server_->InProcessChannel(args);
  }
  const std::string& endpoint() const override { return endpoint_; }
  const std::string& control_endpoint() const override {
    return control_endpoint_;
  }
  uint64_t seed() const override { return seed_; }
  Clock& clock() override { return *clock_; }
  EventLog& event_log() override { return *log_; }
  FaultControl& faults() override { return *fault_control_; }
  void SyncLogs() override { manager_->SyncLogs(); }
  CallActivity Activity() override {
    // Order matters: see CallRecorder's accessors.
    CallActivity a;
    a.arrived = recorder_->arrived();
    a.running = recorder_->running();
    a.answered = recorder_->answered();
    a.streams_finished = recorder_->streams_finished();
    a.stream_writes_pending = recorder_->stream_pending();
    a.stream_messages_sent = recorder_->stream_sent();
    return a;
  }

  // ServerInternals
  runtime::ContainerManager& manager() override { return *manager_; }
  faults::FaultEngine& fault_engine() override { return *faults_; }
  runtime::BoundedEventLog& bounded_event_log() override { return *log_; }

  void Shutdown() override {
    {
      fakecri::MutexLock l(&mu_);
      if (shut_down_) return;
      shut_down_ = true;
    }
    // Calls waiting on the clock (StopContainer, ExecSync, injected
    // latency) answer now.
    if (manager_ != nullptr) manager_->Shutdown();
    if (gate_ != nullptr) {
      gate_->FailHeld(absl::UnavailableError("runtime is shutting down"));
    }
    if (control_svc_ != nullptr) {
      control_svc_->EndStreams(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                            "runtime is shutting down"));
    }
    if (control_server_ != nullptr) {
      control_server_->Shutdown(std::chrono::system_clock::now() +
                                std::chrono::seconds(2));
      control_server_->Wait();
    }
    if (server_ != nullptr) {
      runtime_svc_->EndEventStreams(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                                 "runtime is shutting down"));
      // Give in-flight unary calls a moment, then cancel what is left.
      server_->Shutdown(std::chrono::system_clock::now() +
                        std::chrono::seconds(2));
      server_->Wait();
    }
    if (clock_ != nullptr) clock_->Shutdown();
    if (!socket_path_.empty()) unlink(socket_path_.c_str());
    if (!control_socket_path_.empty()) unlink(control_socket_path_.c_str());
  }

 private:
  // The control API alone on its own socket (--control-listen).
  absl::Status StartControlServer() {
    auto path = runtime::UnixSocketPath(options_.control_listen);
    if (!path.ok()) return path.status();
    if (*path == socket_path_) {
      return absl::InvalidArgumentError(
          "the control socket must differ from the CRI socket (leave it "
          "empty to share the CRI socket)");
    }
    if (absl::Status st = runtime::PrepareSocketPath(*path); !st.ok()) {
      return st;
    }
    control_socket_path_ = *path;
    control_endpoint_ = "unix://" + control_socket_path_;
    grpc::ServerBuilder builder;
    builder.AddListeningPort(control_endpoint_,
                             grpc::InsecureServerCredentials());
    builder.RegisterService(control_svc_.get());
    builder.SetMaxSendMessageSize(16 << 20);
    control_server_ = builder.BuildAndStart();
    if (control_server_ == nullptr) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on \"", options_.control_listen, "\""));
    }
    return runtime::RestrictSocketMode(control_socket_path_);
  }

  // A rule just added: process faults reach containers already running; a
  // runtime "tick" rule fires when its window opens.
  void OnRuleAdded(const faults::RuleStatus& added) {
    const faults::FaultRule& rule = added.rule;
    if (rule.hop == faults::Hop::kProcess &&
        (rule.effect.kind == faults::EffectKind::kCrash ||
         rule.effect.kind == faults::EffectKind::kOomKill)) {
      manager_->ApplyProcessRuleToRunning(rule.id);
    }
    if (rule.hop == faults::Hop::kRuntime &&
        (rule.operation.empty() || rule.operation == "tick" ||
         rule.operation == "*")) {
      const std::string id = rule.id;
      if (added.active_from <= clock_->Now()) {
        Tick(id);
      } else {
        clock_->ScheduleAt(added.active_from, [this, id] { Tick(id); });
      }
    }
  }

  void Tick(const std::string& rule_id) {
    const runtime::FaultTarget none;
    auto hit =
        faults_->MatchRule(rule_id, none.Point(faults::Hop::kRuntime, "tick"));
    if (hit && hit->kind == faults::EffectKind::kRestart) RestartRuntime(*hit);
  }

  // An injected runtime restart: every stream ends, calls in flight fail
  // UNAVAILABLE, new calls fail the same way during the outage, and then
  // the runtime answers again with its state (containers kept, or UNKNOWN
  // when the rule says so).
  void RestartRuntime(const faults::FaultHit& hit) {
    const std::string message(runtime::RestartingError(hit.rule_id).message());
    const runtime::TimeNs until =
        runtime::SaturatingAdd(clock_->Now(), hit.outage);
    gate_->BeginOutage(until, message);
    runtime::Event e;
    e.kind = runtime::EventKind::kInfo;
    e.subject = "restart";
    e.detail = absl::StrCat(
        "runtime restarting (fault ", hit.rule_id, "), down for ",
        hit.outage / 1'000'000, " ms",
        hit.containers_unknown ? "; running containers become UNKNOWN" : "");
    log_->Append(std::move(e));
    runtime_svc_->EndEventStreams(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, message),
        /*closing=*/false);
    gate_->FailHeld(absl::UnavailableError(message));
    manager_->Restart(absl::UnavailableError(message), hit.containers_unknown);
    clock_->ScheduleAt(until, [log = log_.get()] {
      runtime::Event back;
      back.kind = runtime::EventKind::kInfo;
      back.subject = "restart";
      back.detail = "runtime is back";
      log->Append(std::move(back));
    });
  }

  ServerOptions options_;
  uint64_t seed_ = 0;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<runtime::BoundedEventLog> log_;
  std::unique_ptr<faults::FaultEngine> faults_;
  std::unique_ptr<EngineFaultControl> fault_control_;
  std::unique_ptr<runtime::ImageStore> images_;
  std::unique_ptr<runtime::ContainerManager> manager_;
  std::unique_ptr<runtime::CallRecorder> recorder_;
  std::unique_ptr<runtime::CriFaultGate> gate_;
  std::unique_ptr<runtime::CriRuntimeService> runtime_svc_;
  std::unique_ptr<runtime::CriImageService> image_svc_;
  std::unique_ptr<control::ControlService> control_svc_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> control_server_;
  std::string socket_path_;
  std::string endpoint_;
  std::string control_socket_path_;
  std::string control_endpoint_;
  fakecri::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

ServerInternals& InternalsForTest(Server& server) {
  // Every Server comes from Server::Start, which makes a ServerImpl.
  return dynamic_cast<ServerInternals&>(server);
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  auto server = std::make_unique<ServerImpl>();
  if (absl::Status st = server->Init(std::move(options)); !st.ok()) return st;
  return server;
}

}  // namespace fakecri
