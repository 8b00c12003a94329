// File: control_service.h
// The fakecri.v1.Control service (proto/fakecri/v1/control.proto) on
// gRPC's callback API: fault rules, a snapshot of the runtime, the event
// log as a stream, and the clock. It only reads and steers the runtime
// through the same objects the server owns; it holds no state of its own
// except the open WatchEvents streams.
#ifndef FAKECRI_CONTROL_CONTROL_SERVICE_H_
#define FAKECRI_CONTROL_CONTROL_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/control/control_api.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/grpc/parse_errors.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::control {

namespace pb = ::fakecri::v1;

class WatchReactor;

#define FAKECRI_CONTROL_UNARY(Rpc, Req, Resp)                     \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* ctx, \
                                const pb::Req* req, pb::Resp* resp) override

// Thread-safe.
class ControlService final
    : public runtime::AnswersParseErrors<pb::Control::CallbackService> {
 public:
  ControlService(faults::FaultEngine& faults, runtime::EventLog& log,
                 runtime::Clock& clock, runtime::ContainerManager& manager,
                 uint64_t seed);
  ~ControlService() override;

  // Ends every open WatchEvents stream with `status` and refuses new ones
  // (at shutdown: those streams never end on their own).
  void EndStreams(const grpc::Status& status);

  FAKECRI_CONTROL_UNARY(AddFault, AddFaultRequest, AddFaultResponse);
  FAKECRI_CONTROL_UNARY(RemoveFault, RemoveFaultRequest, RemoveFaultResponse);
  FAKECRI_CONTROL_UNARY(ListFaults, ListFaultsRequest, ListFaultsResponse);
  FAKECRI_CONTROL_UNARY(ClearFaults, ClearFaultsRequest, ClearFaultsResponse);
  FAKECRI_CONTROL_UNARY(GetSnapshot, GetSnapshotRequest, GetSnapshotResponse);
  FAKECRI_CONTROL_UNARY(PauseClock, PauseClockRequest, ClockResponse);
  FAKECRI_CONTROL_UNARY(ResumeClock, ResumeClockRequest, ClockResponse);
  FAKECRI_CONTROL_UNARY(AdvanceClock, AdvanceClockRequest, ClockResponse);
  FAKECRI_CONTROL_UNARY(SetClockScale, SetClockScaleRequest, ClockResponse);
  FAKECRI_CONTROL_UNARY(GetClock, GetClockRequest, ClockResponse);
  grpc::ServerWriteReactor<pb::WatchEventsResponse>* WatchEvents(
      grpc::CallbackServerContext* ctx,
      const pb::WatchEventsRequest* req) override;

 private:
  friend class WatchReactor;
  void Forget(WatchReactor* r);

  absl::Status AddFaults(const pb::AddFaultRequest& req,
                         pb::AddFaultResponse* resp);
  void FillClock(pb::ClockState* out);

  faults::FaultEngine& faults_;
  runtime::EventLog& log_;
  runtime::Clock& clock_;
  runtime::ContainerManager& manager_;
  const uint64_t seed_;

  // Serialises rule changes made through this service, so that a batch's
  // id checks still hold when its rules are added (all or none).
  fakecri::Mutex faults_mu_;

  fakecri::Mutex streams_mu_;
  std::map<WatchReactor*, std::shared_ptr<WatchReactor>> streams_
      ABSL_GUARDED_BY(streams_mu_);
  bool shutting_down_ ABSL_GUARDED_BY(streams_mu_) = false;
};

#undef FAKECRI_CONTROL_UNARY

}  // namespace fakecri::control

#endif  // FAKECRI_CONTROL_CONTROL_SERVICE_H_
