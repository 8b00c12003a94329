// File: server.h
// The public entry point of the fakecri library: start a complete CRI runtime
// (RuntimeService + ImageService) in-process, optionally listening on a unix
// socket, and talk to it through a gRPC channel.
//
//   fakecri::ServerOptions opts;
//   opts.listen = "unix:///tmp/t/fakecri.sock";     // or "" for in-process
//   only auto server = fakecri::Server::Start(opts); auto stub =
//   runtime::v1::RuntimeService::NewStub(server.value()->InProcessChannel());
//
// Thread-safe. Shutdown() (also run by the destructor) ends event streams,
// stops the gRPC server and removes the socket file.
#ifndef FAKECRI_SERVER_H_
#define FAKECRI_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/faults/fault_rule.h"
#include "fake_runtime/manager/container_manager.h"

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
  // Seed for every random stream (ids, ...). 0 picks one and records it in
  // the event log, so the run can be replayed.
  uint64_t seed = 0;
  // Optional YAML file extending the built-in image catalogue.
  std::string image_catalogue_file;
  // The event log keeps at most this many events and this many bytes of
  // them, dropping the oldest first (EventLog).
  size_t event_log_capacity = 20'000;
  size_t event_log_max_bytes = size_t{16} << 20;
  // Fault rules loaded at start-up: a YAML file (fault_yaml.h) and/or rules
  // built in C++. A bad file or rule fails Start().
  std::string faults_file;
  std::vector<faults::FaultRule> faults;
  // Where the control API (proto/fakecri/v1/control.proto: `fakecri ctl`)
  // listens: "" = on the CRI socket (and the in-process channel);
  // "unix:///other.sock" = on that socket only.
  std::string control_listen;
  runtime::ManagerOptions manager;
};

// Socket path used when none is given: $XDG_RUNTIME_DIR/fakecri/fakecri.sock,
// or /tmp/fakecri-<uid>/fakecri.sock without XDG_RUNTIME_DIR.
std::string DefaultSocketPath();
std::string DefaultEndpoint();  // "unix://" + DefaultSocketPath()

class Server {
 public:
  // Fails (and starts nothing) when the socket is held by a live server,
  // the catalogue file is bad, or the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);
  virtual ~Server() = default;

  virtual std::shared_ptr<grpc::Channel> InProcessChannel() = 0;
  // The unix endpoint, or "" when in-process only.
  virtual const std::string& endpoint() const = 0;
  // Where the control API listens: endpoint(), or the control_listen socket.
  virtual const std::string& control_endpoint() const = 0;
  virtual uint64_t seed() const = 0;
  virtual runtime::Clock& clock() = 0;
  virtual runtime::EventLog& event_log() = 0;
  virtual runtime::ContainerManager& manager() = 0;
  // The fault rules in force: add, remove and list them at run time. Every
  // hit is an event-log record of kind kFault.
  virtual faults::FaultEngine& faults() = 0;
  virtual void Shutdown() = 0;
};

// Turns off Abseil's lock-order (deadlock) checks for the whole process.
// Debian builds Abseil without NDEBUG, which leaves them on: every
// absl::Mutex acquisition inside gRPC then updates a lock graph, about a
// tenth of a CRI call's CPU. `fakecri serve` and the benchmarks call this;
// tests keep the checks.
void DisableAbseilDeadlockChecks();

}  // namespace fakecri

#endif  // FAKECRI_SERVER_H_
