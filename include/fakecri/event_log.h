// File: event_log.h
// The runtime's one event log, as an embedder sees it: an append-only,
// bounded record of every hop (CRI call in and out, container manager ->
// OCI runtime calls), every state transition, every CRI container event,
// every injected fault and every decision a CRI client chose to record
// (kind kKubelet: a kubelet's back-offs, probe results). GetContainerEvents,
// the control API's WatchEvents and any viewer or test read it; none of
// them reaches into the runtime's internals.
#ifndef FAKECRI_PUBLIC_EVENT_LOG_H_
#define FAKECRI_PUBLIC_EVENT_LOG_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakecri/clock.h"

namespace fakecri {

enum class EventKind : uint8_t {
  kRpcIn,       // a CRI call arrived (subject = RPC name)
  kRpcOut,      // a CRI call answered (status_code, latency_ns)
  kOciCall,     // container manager -> OCI runtime (subject = "runc.create")
  kTransition,  // a sandbox/container/image changed state (detail "A -> B")
  kCriEvent,    // a GetContainerEvents message (cri_event_bytes set)
  kFault,       // an injected fault fired (subject = rule id, object_id =
                // target, detail = effect)
  kInfo,        // anything else worth a line (seed, start-up, shutdown)
  kKubelet,     // a CRI client's own decision (back-off, probe failure, ...)
};
// "rpc_in", "rpc_out", "oci_call", "transition", "cri_event", "fault",
// "info", "kubelet".
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
  // kCriEvent only: the runtime.v1.ContainerEventResponse, serialized (a
  // fraction of the parsed message's memory); readers parse what they need.
  std::string cri_event_bytes;
  // kRpcIn / kRpcOut, only when the server records payloads
  // (ServerOptions::record_payloads): the request / the response in
  // protobuf text format, for a viewer's inspector. "" otherwise.
  std::string payload;
};

// What one record keeps alive on the heap, roughly: the struct, the shared
// control block and the strings' buffers. A log's byte budget counts this.
size_t EventFootprint(const Event& e);

// Thread-safe. Keeps the newest events: at most capacity() of them and at
// most max_bytes() of EventFootprint in all (the newest one always stays).
// Subscribers are called under the log's lock, in sequence order, so they
// must be quick and must not call back into the log except Append (push to
// a queue and return).
class EventLog {
 public:
  using Subscriber = std::function<void(const std::shared_ptr<const Event>&)>;
  using SubscriptionId = uint64_t;

  virtual ~EventLog() = default;

  // Stamps seq and time, stores, notifies. Returns the sequence number.
  // A subscriber may append too: its record is stored and delivered after
  // the current one, and the call returns 0 (its seq is not known yet).
  virtual uint64_t Append(Event e) = 0;
  // New span id for a hop (unique per log).
  virtual uint64_t NewSpanId() = 0;

  virtual SubscriptionId Subscribe(Subscriber fn) = 0;
  virtual void Unsubscribe(SubscriptionId id) = 0;

  // Events with seq >= `from_seq` still held, oldest first.
  virtual std::vector<std::shared_ptr<const Event>> Since(
      uint64_t from_seq) = 0;
  virtual uint64_t LastSeq() = 0;
  virtual size_t SubscriberCount() = 0;
  virtual size_t capacity() const = 0;
  virtual size_t max_bytes() const = 0;
  // Sum of EventFootprint over the events held.
  virtual size_t HeldBytes() = 0;
};

}  // namespace fakecri

#endif  // FAKECRI_PUBLIC_EVENT_LOG_H_
