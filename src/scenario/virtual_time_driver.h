// File: virtual_time_driver.h
// Runs an embedded fakecri and the simulated kubelet in virtual time,
// deterministically: the clock only moves when nothing is in flight. The
// loop is "settle; fire the one earliest due timer; repeat", where settle
// waits until every CRI call the kubelet issued has reached the runtime
// and either came back (its continuation queued as a timer) or is parked
// on the clock (a StopContainer grace period, an ExecSync timeout, an
// injected latency), no handler is executing and every event-stream
// message written was received. The kubelet also settles after each call
// it issues (Kubelet::Options::settle = SettleHook()), so the runtime sees
// calls in the kubelet's order.
//
//   auto server = fakecri::Server::Start({.clock = "virtual", ...}).value();
//   VirtualTimeDriver driver(*server);
//   Kubelet::Options o;
//   o.settle = driver.SettleHook();
//   auto kubelet = Kubelet::Create(server->InProcessChannel(),
//                                  server->clock(), &server->event_log(), o);
//   driver.Attach(kubelet.get());
//   kubelet->Start();
//   driver.RunFor(60 * kSecond);
#ifndef FAKECRI_SCENARIO_VIRTUAL_TIME_DRIVER_H_
#define FAKECRI_SCENARIO_VIRTUAL_TIME_DRIVER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "fakecri/clock.h"
#include "fakecri/server.h"
#include "scenario/kubelet/kubelet.h"

namespace fakecri::scenario {

// One driving thread at a time (the settle hook may run on it, from inside
// a timer). Settle gives up after `settle_timeout` of host time (counted
// in settle_timeouts(); the run goes on, possibly no longer
// deterministic).
class VirtualTimeDriver {
 public:
  explicit VirtualTimeDriver(Server& server,
                             DurationNs settle_timeout = 10 * kSecond);

  // For Kubelet::Options::settle: valid before Attach (settles the
  // runtime alone until a kubelet is attached).
  std::function<void()> SettleHook() {
    return [this] { Settle(); };
  }
  // The kubelet whose calls are matched against the runtime's counters.
  // Calls from other clients are tolerated when they completed before
  // Attach or before the last Rebase().
  void Attach(Kubelet* kubelet);
  // Re-reads the counters' offsets at a quiet point, after an embedder
  // made CRI calls of its own (they must have completed).
  void Rebase();

  // Waits until nothing is in flight (see above).
  void Settle();
  // Fires every timer due up to Now() + d (or `t`), one at a time with a
  // settle before each, and ends with the clock at that time.
  absl::Status RunFor(DurationNs d);
  absl::Status RunUntil(TimeNs t);

  // Asked before each timer fires, with its time; may block, and false
  // stops RunUntil with CANCELLED (a viewer pacing the run).
  void SetPace(std::function<bool(TimeNs next)> pace) {
    pace_ = std::move(pace);
  }

  Clock& clock() { return clock_; }
  uint64_t timers_fired() const { return fired_; }
  uint64_t settle_timeouts() const { return timeouts_.load(); }

 private:
  bool Settled();

  Server& server_;
  Clock& clock_;
  DurationNs settle_timeout_;
  Kubelet* kubelet_ = nullptr;
  // Server counters that belong to other clients.
  uint64_t arrived_offset_ = 0, answered_offset_ = 0, sent_offset_ = 0,
           finished_offset_ = 0;
  uint64_t fired_ = 0;
  std::function<bool(TimeNs)> pace_;
  std::atomic<uint64_t> timeouts_{0};
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_VIRTUAL_TIME_DRIVER_H_
