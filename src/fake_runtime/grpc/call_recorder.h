// File: call_recorder.h
// The instrumentation around every CRI call: an rpc_in record when it
// arrives, an rpc_out record (status, latency) when it is answered, and a
// debug log line. Both service adapters use it. With payload recording on
// (ServerOptions::record_payloads), the records also carry the request and
// the response in protobuf text format, for a viewer's inspector.
#ifndef FAKECRI_GRPC_CALL_RECORDER_H_
#define FAKECRI_GRPC_CALL_RECORDER_H_

#include <google/protobuf/message.h>

#include <atomic>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

// Thread-safe (stateless apart from the log and clock it writes to).
class CallRecorder {
 public:
  CallRecorder(EventLog& log, Clock& clock, bool record_payloads = false)
      : log_(log), clock_(clock), record_payloads_(record_payloads) {}

  // A recorded payload is cut at this many bytes (an ExecSync answer may
  // hold 16 MiB of output; the event log's byte budget is for many
  // records).
  static constexpr size_t kMaxPayloadBytes = 64 << 10;

  struct Call {
    CallContext ctx;
    absl::string_view rpc;
    std::string object_id;
    TimeNs start = 0;
    // The response message End() records when payloads are recorded; it
    // must live until End (gRPC keeps it until the reactor finishes).
    const google::protobuf::Message* response = nullptr;
  };
  // The object the request names (container_id / pod_sandbox_id / image),
  // found by field name so one function serves every request type.
  // `response`: the unary response message, or null (streams).
  Call Begin(absl::string_view rpc, const google::protobuf::Message& req,
             const google::protobuf::Message* response = nullptr);
  void End(const Call& call, const absl::Status& result);

  // Counts a handler as executing for its scope (entered before Begin),
  // so a virtual-time driver can tell a call being served from one parked
  // on the clock (StopContainer's grace period, a timeout, a latency).
  class RunningScope {
   public:
    explicit RunningScope(CallRecorder& rec) : rec_(rec) {
      rec_.running_.fetch_add(1);
    }
    ~RunningScope() { rec_.running_.fetch_sub(1); }
    RunningScope(const RunningScope&) = delete;
    RunningScope& operator=(const RunningScope&) = delete;

   private:
    CallRecorder& rec_;
  };

  // GetContainerEvents streams: a message queued (pending until its write
  // completes), written, dropped unwritten when the stream ended, and a
  // stream finished.
  void StreamQueued() { stream_pending_.fetch_add(1); }
  void StreamWritten() { stream_sent_.fetch_add(1); }
  void StreamDiscarded(uint64_t n) { stream_pending_.fetch_sub(n); }
  void StreamWriteDone() { stream_pending_.fetch_sub(1); }
  void StreamFinished() { streams_finished_.fetch_add(1); }

  // See Server::Activity. Read in this order (arrived before running
  // before answered), so a reader never sees a call as arrived and not
  // running when its handler has not finished.
  uint64_t arrived() const { return arrived_.load(); }
  uint64_t running() const { return running_.load(); }
  uint64_t answered() const { return answered_.load(); }
  uint64_t stream_sent() const { return stream_sent_.load(); }
  uint64_t stream_pending() const { return stream_pending_.load(); }
  uint64_t streams_finished() const { return streams_finished_.load(); }

 private:
  EventLog& log_;
  Clock& clock_;
  const bool record_payloads_;
  std::atomic<uint64_t> arrived_{0}, answered_{0}, running_{0};
  std::atomic<uint64_t> stream_sent_{0}, stream_pending_{0},
      streams_finished_{0};
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CALL_RECORDER_H_
