// File: cri_fault_gate.h
// The CRI server's side of fault injection: which faults apply to an RPC
// as it arrives (hop cri, plus hop image_pull for PullImage), the runtime
// outage of an injected restart, and the calls held back by injected
// latency, so a restart can fail them.
#ifndef FAKECRI_GRPC_CRI_FAULT_GATE_H_
#define FAKECRI_GRPC_CRI_FAULT_GATE_H_

#include <google/protobuf/message.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

// What a CRI call gets while the runtime restarts because of `rule_id`.
absl::Status RestartingError(std::string_view rule_id);

// Thread-safe.
class CriFaultGate {
 public:
  CriFaultGate(faults::FaultEngine* engine, Clock& clock,
               ContainerManager& mgr);

  // What the faults say about one call.
  struct Decision {
    absl::Status error;    // non-OK: answer this instead of calling the
                           // manager (after `delay`)
    DurationNs delay = 0;  // latency before the call runs
    bool hang = false;     // never answer; the client's deadline ends it
  };

  // True when no call needs looking at: no rules on the CRI-side hops and
  // no outage. The common case; lock-free.
  bool Quiet() const {
    return !down_.load(std::memory_order_acquire) &&
           (engine_ == nullptr ||
            (!engine_->HasRules(faults::Hop::kCri) &&
             !engine_->HasRules(faults::Hop::kImagePull)));
  }
  // A restart hit restarts the runtime here (through the restart handler)
  // and the call itself gets RestartingError.
  Decision Check(absl::string_view rpc, const google::protobuf::Message& req);

  // ---- Restart outage. ----
  // From now until `until` every CRI call fails UNAVAILABLE with
  // `message`.
  void BeginOutage(TimeNs until, std::string message);
  // The outage's status when the runtime is down now.
  std::optional<absl::Status> Outage();

  // Calls held back by latency register here; a restart fails them.
  using Canceller = std::function<void(const absl::Status&)>;
  uint64_t Hold(Canceller fn);
  void Release(uint64_t token);
  void FailHeld(const absl::Status& status);

  // Who restarts the runtime when a restart fault fires at this hop (the
  // server). Set once, before serving.
  using RestartFn = std::function<void(const faults::FaultHit&)>;
  void SetRestartHandler(RestartFn fn) { restart_ = std::move(fn); }

  Clock& clock() { return clock_; }
  faults::FaultEngine* engine() { return engine_; }

 private:
  FaultTarget TargetOf(const google::protobuf::Message& req);

  faults::FaultEngine* const engine_;
  Clock& clock_;
  ContainerManager& mgr_;
  RestartFn restart_;
  std::atomic<bool> down_{false};
  fakecri::Mutex mu_;
  TimeNs down_until_ ABSL_GUARDED_BY(mu_) = 0;
  std::string down_message_ ABSL_GUARDED_BY(mu_);
  uint64_t next_token_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, Canceller> held_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CRI_FAULT_GATE_H_
