// File: server.h
// The public entry point of the fakecri library: start a complete CRI
// runtime (RuntimeService + ImageService, and the control API) in-process,
// optionally listening on a unix socket, and talk to it through gRPC.
//
//   #include "fakecri/cri.h"
//   #include "fakecri/server.h"
//
//   fakecri::ServerOptions opts;
//   opts.listen = "unix:///tmp/t/fakecri.sock";  // or "" for in-process only
//   opts.clock = "virtual";                      // time moves when advanced
//   std::unique_ptr<fakecri::Server> server =
//       fakecri::Server::Start(opts).value();
//   auto stub = runtime::v1::RuntimeService::NewStub(
//       server->InProcessChannel());
//   server->faults().AddYaml(R"(version: 1
//   faults:
//     - {hop: cri, operation: PullImage, effect: {error: UNAVAILABLE}}
//   )");
//   server->clock().Advance(10 * fakecri::kSecond);
//
// Everything a client can observe goes through the CRI, the control API
// (fakecri/control_api.h), the event log, the fault rules and the clock;
// the container manager itself stays behind Server.
#ifndef FAKECRI_PUBLIC_SERVER_H_
#define FAKECRI_PUBLIC_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "fakecri/clock.h"
#include "fakecri/event_log.h"
#include "fakecri/faults.h"

namespace grpc {
class Channel;
}

namespace fakecri {

struct ServerOptions {
  // "unix:///abs/path.sock" to listen on a socket; "" for in-process only.
  std::string listen;
  // "real" (optionally sped up by time_scale) or "virtual".
  std::string clock = "real";
  double time_scale = 1.0;
  // Seed for every random stream (ids, fault draws, ...). 0 picks one and
  // records it in the event log, so the run can be replayed.
  uint64_t seed = 0;
  // Optional YAML file extending the built-in image catalogue.
  std::string image_catalogue_file;
  // The event log keeps at most this many events and this many bytes of
  // them, dropping the oldest first.
  size_t event_log_capacity = 20'000;
  size_t event_log_max_bytes = size_t{16} << 20;
  // Fault rules loaded at start-up (docs/faults.md): a YAML file and/or a
  // YAML document. A bad file or document fails Start() with file:line:col.
  std::string faults_file;
  std::string faults_yaml;
  // Where the control API (fakecri/control_api.h, `fakecri ctl`) listens:
  // "" = on the CRI socket (and the in-process channel);
  // "unix:///other.sock" = on that socket only.
  std::string control_listen;
  // Record every CRI request (rpc_in) and successful response (rpc_out) in
  // the event log as protobuf text format (Event::payload, at most 64 KiB
  // each), for a viewer's inspector (fakecri-gui). Off by default: it
  // costs a text conversion per call and memory per record.
  bool record_payloads = false;

  // ---- What the runtime reports and enforces (containerd's config). ----
  // The pause image RunPodSandbox pulls when it is missing.
  std::string sandbox_image = "registry.k8s.io/pause:3.10";
  // Pod IPs come from here until the kubelet sends UpdateRuntimeConfig.
  std::string pod_cidr = "10.88.0.0/16";
  // What RuntimeConfig reports: "systemd" or "cgroupfs".
  std::string cgroup_driver = "systemd";
  // When set, container log paths must resolve inside this directory;
  // CreateContainer rejects others (INVALID_ARGUMENT).
  std::string log_root;
  // How ExecSync reports a timeout: "containerd" (DEADLINE_EXCEEDED) or
  // "cri-o" (OK, exit code -1, stderr "command timed out").
  std::string exec_timeout_style = "containerd";
};

// Socket path used when none is given: $XDG_RUNTIME_DIR/fakecri/fakecri.sock,
// or /tmp/fakecri-<uid>/fakecri.sock without XDG_RUNTIME_DIR.
std::string DefaultSocketPath();
std::string DefaultEndpoint();  // "unix://" + DefaultSocketPath()

// A snapshot of the CRI server's activity, so a client driving a virtual
// clock can wait until nothing it started is still moving before the
// clock goes on. Counters only grow, except running and
// stream_writes_pending.
struct CallActivity {
  uint64_t arrived = 0;   // CRI calls whose handler started
  uint64_t answered = 0;  // CRI calls answered (the reply is on its way)
  uint64_t running = 0;   // handlers executing now (a call parked on the
                          // clock is not running)
  uint64_t stream_messages_sent = 0;   // GetContainerEvents messages written
  uint64_t stream_writes_pending = 0;  // queued, not yet written
  uint64_t streams_finished = 0;       // GetContainerEvents streams ended
};

// Thread-safe. Shutdown() (also run by the destructor) ends event streams,
// fails calls still waiting with UNAVAILABLE, stops the gRPC server and
// removes the socket files.
class Server {
 public:
  // Fails (and starts nothing) on bad options, when the socket is held by
  // a live server, when the catalogue or fault file is bad, or when the
  // address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  virtual ~Server() = default;

  // A channel to the CRI services and the control API with no socket.
  virtual std::shared_ptr<grpc::Channel> InProcessChannel() = 0;
  // The unix endpoint, or "" when in-process only.
  virtual const std::string& endpoint() const = 0;
  // Where the control API listens: endpoint(), or the control_listen socket.
  virtual const std::string& control_endpoint() const = 0;
  // The seed in force (ServerOptions.seed, or the one chosen for it).
  virtual uint64_t seed() const = 0;
  // The runtime's one clock; with ServerOptions.clock = "virtual" it moves
  // only through Advance().
  virtual Clock& clock() = 0;
  virtual EventLog& event_log() = 0;
  // The fault rules in force: add, remove and list them at run time.
  virtual FaultControl& faults() = 0;
  // Cheap (a few atomic loads); see CallActivity.
  virtual CallActivity Activity() = 0;
  // Blocks until every container log line written so far is in its file.
  virtual void SyncLogs() = 0;
  virtual void Shutdown() = 0;
};

// Turns off Abseil's lock-order (deadlock) checks for the whole process.
// Debian builds Abseil without NDEBUG, which leaves them on: every
// absl::Mutex acquisition inside gRPC then updates a lock graph, about a
// tenth of a CRI call's CPU. `fakecri serve` and the benchmarks call this;
// tests keep the checks.
void DisableAbseilDeadlockChecks();

}  // namespace fakecri

#endif  // FAKECRI_PUBLIC_SERVER_H_
