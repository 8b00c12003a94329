// File: watch_reactor.h
// One WatchEvents stream: a WatchStart, the backlog the event log still
// holds from the requested sequence number, then live events; in order,
// each once, one write at a time.
#ifndef FAKECRI_CONTROL_WATCH_REACTOR_H_
#define FAKECRI_CONTROL_WATCH_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/control/control_api.h"
#include "fake_runtime/control/event_proto.h"
#include "fake_runtime/control/watch_queue.h"
#include "fake_runtime/events/event_log.h"

namespace fakecri::control {

class ControlService;

// Live events a client has not read yet. A client this far behind is cut
// off (RESOURCE_EXHAUSTED) rather than allowed to grow the server without
// bound; the backlog it asked for does not count.
inline constexpr size_t kMaxQueuedLiveEvents = 100'000;

// Owns itself (self_) until gRPC is done with it; the service's shutdown
// path may hold another reference, so End() stays safe after OnDone.
class WatchReactor final
    : public grpc::ServerWriteReactor<::fakecri::v1::WatchEventsResponse>,
      public std::enable_shared_from_this<WatchReactor> {
 public:
  WatchReactor(ControlService* svc, runtime::EventLog& log, KindMask kinds);

  // Subscribes first and then reads the backlog, so no event falls between
  // the two; events seen by both are sent once (by sequence number).
  // `since` 0 = live events only.
  void Start(uint64_t since);
  // Finishes the stream (once; later calls do nothing).
  void End(const grpc::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override { End(grpc::Status::CANCELLED); }
  void OnDone() override;

  std::shared_ptr<WatchReactor> self_;

 private:
  using EventPtr = std::shared_ptr<const runtime::Event>;

  // From the event log's subscriber (under the log's lock: quick).
  void Push(const EventPtr& e);
  // Claims the next write when none is in flight: true when the caller
  // must Send(*ev) after releasing mu_ (*ev null: msg_ already holds the
  // WatchStart). Events are converted outside the lock, which the event
  // log's subscriber path also waits for.
  bool TakeNext(EventPtr* ev) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Send(const EventPtr& ev);

  ControlService* svc_;  // null: not registered with a service
  runtime::EventLog& log_;
  runtime::EventLog::SubscriptionId sub_ = 0;
  bool subscribed_ = false;  // written before any callback can run

  fakecri::Mutex mu_;
  WatchQueue queue_ ABSL_GUARDED_BY(mu_);
  bool start_pending_ ABSL_GUARDED_BY(mu_) = false;
  ::fakecri::v1::WatchStart start_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // The message being written; only the thread that set writing_ touches it.
  ::fakecri::v1::WatchEventsResponse msg_;
};

}  // namespace fakecri::control

#endif  // FAKECRI_CONTROL_WATCH_REACTOR_H_
