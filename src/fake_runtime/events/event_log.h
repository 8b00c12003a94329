// File: event_log.h
// The one event log: an append-only, bounded record of every hop (RPC in and
// out, manager -> OCI runtime calls), every state transition and every CRI
// container event. GetContainerEvents, the control API, the GUI and scenario
// expectations read it; none of them reaches into the runtime's internals.
#ifndef FAKECRI_EVENTS_EVENT_LOG_H_
#define FAKECRI_EVENTS_EVENT_LOG_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"

namespace fakecri::runtime {

enum class EventKind : uint8_t {
  kRpcIn,       // a CRI call arrived (subject = RPC name)
  kRpcOut,      // a CRI call answered (status_code, latency_ns)
  kOciCall,     // container manager -> OCI runtime (subject = "runc.create")
  kTransition,  // a sandbox/container/image changed state (detail "A -> B")
  kCriEvent,    // a GetContainerEvents message (cri_event set)
  kFault,       // an injected fault fired (subject = rule id, object_id =
                // target, detail = effect)
  kInfo,        // anything else worth a line (seed, start-up, shutdown)
};
const char* EventKindName(EventKind k);

// One immutable record. `span_id` identifies the RPC that caused it and
// `parent_span_id` the hop above it, so a viewer can draw the call tree.
struct Event {
  uint64_t seq = 0;
  TimeNs time_ns = 0;
  EventKind kind = EventKind::kInfo;
  uint64_t span_id = 0;
  uint64_t parent_span_id = 0;
  std::string subject;    // RPC name, "runc.start", "container", "sandbox"
  std::string object_id;  // container / sandbox / image id, if any
  std::string detail;     // human text: transition, error message, ...
  int status_code = 0;    // gRPC code for kRpcOut / failed kOciCall
  int64_t latency_ns = 0;
  // kCriEvent only: the runtime.v1.ContainerEventResponse, serialized. The
  // bytes take a fraction of the parsed message's memory (whose maps of
  // labels and annotations repeat for every container of the pod), and the
  // log holds thousands of these; readers parse what they need.
  std::string cri_event_bytes;
};

// What one record keeps alive on the heap, roughly: the struct, the shared
// control block and the strings' buffers. The log's byte budget counts this.
size_t EventFootprint(const Event& e);

// Thread-safe. Keeps the newest events: at most `capacity` of them and at
// most `max_bytes` of EventFootprint in all (the newest one always stays).
// The byte budget is what bounds memory: a CRI event carries the status of
// every container of its pod, so records range from ~200 bytes to tens of
// kilobytes. Subscribers are called
// under the log's lock, in sequence order, so they must be quick and must
// not call back into the log except Append (push to a queue and return).
class EventLog {
 public:
  using Subscriber = std::function<void(const std::shared_ptr<const Event>&)>;
  using SubscriptionId = uint64_t;

  static constexpr size_t kDefaultMaxBytes = size_t{16} << 20;

  EventLog(Clock& clock, size_t capacity, size_t max_bytes = kDefaultMaxBytes);
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Stamps seq and time, stores, notifies. Returns the sequence number.
  // A subscriber may append too: its record is stored and delivered after
  // the current one, and the call returns 0 (its seq is not known yet).
  uint64_t Append(Event e);

  // New span id for a hop (unique per log).
  uint64_t NewSpanId();

  SubscriptionId Subscribe(Subscriber fn);
  void Unsubscribe(SubscriptionId id);

  // Events with seq >= `from_seq` still held, oldest first.
  std::vector<std::shared_ptr<const Event>> Since(uint64_t from_seq);
  uint64_t LastSeq();
  size_t SubscriberCount();
  size_t capacity() const { return capacity_; }
  size_t max_bytes() const { return max_bytes_; }
  // Sum of EventFootprint over the events held.
  size_t HeldBytes();

 private:
  // Stamps and stores `rec`, moving the records it pushes out to `evicted`
  // (freed by the caller once the lock is released).
  uint64_t AppendLocked(std::shared_ptr<Event> rec,
                        std::vector<std::shared_ptr<const Event>>* evicted)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  const size_t capacity_;
  const size_t max_bytes_;
  fakecri::Mutex mu_;
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 1;
  std::atomic<uint64_t> next_span_{1};
  std::deque<std::shared_ptr<const Event>> ring_ ABSL_GUARDED_BY(mu_);
  size_t held_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  SubscriptionId next_sub_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<std::pair<SubscriptionId, Subscriber>> subs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_EVENTS_EVENT_LOG_H_
