// File: faulted_call.h
// Serving a unary CRI call that a fault touches: injected latency before
// the call runs (CRI and image-pull hops) or before its reply (manager and
// OCI hops), injected errors, hangs until the client's deadline, and
// restarts. Delays are clock timers: no gRPC thread ever waits, so one slow
// call never slows another.
#ifndef FAKECRI_GRPC_FAULTED_CALL_H_
#define FAKECRI_GRPC_FAULTED_CALL_H_

#include <grpcpp/grpcpp.h>

#include <functional>

#include "absl/status/status.h"
#include "fake_runtime/grpc/call_recorder.h"
#include "fake_runtime/grpc/cri_fault_gate.h"

namespace fakecri::runtime {

// What a service adapter needs to serve a call.
struct CriEnv {
  CallRecorder& rec;
  ContainerManager& mgr;
  CriFaultGate& gate;
};

// Runs the manager method for the call; `done` gets its result, exactly
// once, possibly later (StopContainer, ExecSync).
using RunFn = std::function<void(const CallContext&,
                                 std::function<void(absl::Status)> done)>;

// A call arriving while some rule is on the CRI-side hops or the runtime
// is down: asks the gate, then runs `run` now or after the latency.
grpc::ServerUnaryReactor* ServeFaulted(CriEnv& env, CallRecorder::Call call,
                                       const google::protobuf::Message& req,
                                       RunFn run);

// A call that already ran and whose manager or OCI hops added latency or a
// hang (call.ctx.fault_delay / fault_hang): replies to it later.
grpc::ServerUnaryReactor* ReplyDelayed(CriEnv& env, CallRecorder::Call call,
                                       absl::Status result);

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_FAULTED_CALL_H_
