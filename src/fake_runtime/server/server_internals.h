// File: server_internals.h
// The seam for tests and benchmarks that need more than the public API:
// the container manager, the fault engine with C++-built rules, the image
// store. Only tests/, bench/ and fuzz/ include this; embedders (and the
// simulated kubelet and GUI) use include/fakecri/ alone.
#ifndef FAKECRI_SERVER_SERVER_INTERNALS_H_
#define FAKECRI_SERVER_SERVER_INTERNALS_H_

#include "fake_runtime/events/event_log.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/manager/container_manager.h"
#include "fakecri/server.h"

namespace fakecri {

// What a Server is made of. Every Server that Server::Start returns is
// one of these.
class ServerInternals {
 public:
  virtual ~ServerInternals() = default;
  virtual runtime::ContainerManager& manager() = 0;
  virtual faults::FaultEngine& fault_engine() = 0;
  virtual runtime::BoundedEventLog& bounded_event_log() = 0;
};

// The internals of `server`, for tests and benchmarks only.
ServerInternals& InternalsForTest(Server& server);

}  // namespace fakecri

#endif  // FAKECRI_SERVER_SERVER_INTERNALS_H_
