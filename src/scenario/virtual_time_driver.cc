// File: virtual_time_driver.cc
#include "scenario/virtual_time_driver.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace fakecri::scenario {

VirtualTimeDriver::VirtualTimeDriver(Server& server, DurationNs settle_timeout)
    : server_(server),
      clock_(server.clock()),
      settle_timeout_(settle_timeout) {}

void VirtualTimeDriver::Attach(Kubelet* kubelet) {
  kubelet_ = kubelet;
  Rebase();
}

void VirtualTimeDriver::Rebase() {
  const CallActivity a = server_.Activity();
  Kubelet::ClientActivity k;
  if (kubelet_ != nullptr) k = kubelet_->Activity();
  arrived_offset_ = a.arrived - k.issued;
  answered_offset_ = a.answered - k.completed;
  sent_offset_ = a.stream_messages_sent - k.stream_messages_received;
  finished_offset_ = a.streams_finished - k.streams_closed;
}

bool VirtualTimeDriver::Settled() {
  if (kubelet_ == nullptr) {
    const CallActivity a = server_.Activity();
    return a.running == 0 && a.stream_writes_pending == 0;
  }
  // The kubelet's counters before and after the runtime's: equal means no
  // call or message slipped in while the runtime's were read.
  const Kubelet::ClientActivity k1 = kubelet_->Activity();
  const CallActivity a = server_.Activity();
  const Kubelet::ClientActivity k2 = kubelet_->Activity();
  return k1.issued == k2.issued && k1.completed == k2.completed &&
         k1.stream_messages_received == k2.stream_messages_received &&
         k1.streams_closed == k2.streams_closed && a.running == 0 &&
         a.stream_writes_pending == 0 &&
         a.arrived - arrived_offset_ == k1.issued &&
         a.answered - answered_offset_ == k1.completed &&
         a.stream_messages_sent - sent_offset_ == k1.stream_messages_received &&
         a.streams_finished - finished_offset_ == k1.streams_closed;
}

void VirtualTimeDriver::Settle() {
  if (Settled()) return;
  const auto start = std::chrono::steady_clock::now();
  for (int spins = 0;; ++spins) {
    if (Settled()) return;
    if (spins < 64) {
      std::this_thread::yield();
      continue;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(20));
    if ((spins & 255) == 0 && std::chrono::steady_clock::now() - start >
                                  std::chrono::nanoseconds(settle_timeout_)) {
      if (timeouts_.fetch_add(1) == 0) {
        std::fprintf(stderr,
                     "fakecri: virtual-time driver gave up waiting for the "
                     "runtime to settle; the run may not be deterministic\n");
      }
      return;
    }
  }
}

absl::Status VirtualTimeDriver::RunUntil(TimeNs t) {
  if (std::string(clock_.Kind()) != "virtual") {
    return absl::FailedPreconditionError(
        "the virtual-time driver needs a server with clock \"virtual\"");
  }
  for (;;) {
    Settle();
    const std::optional<TimeNs> next = clock_.NextTimerDue();
    if (!next || *next > t) break;
    if (pace_ && !pace_(*next)) {
      return absl::CancelledError("stopped by the viewer");
    }
    if (clock_.FireNext(t)) ++fired_;
  }
  const TimeNs now = clock_.Now();
  if (now < t) return clock_.Advance(t - now);
  return absl::OkStatus();
}

absl::Status VirtualTimeDriver::RunFor(DurationNs d) {
  if (d < 0) return absl::InvalidArgumentError("cannot run backwards");
  return RunUntil(clock_.Now() + d);
}

}  // namespace fakecri::scenario
