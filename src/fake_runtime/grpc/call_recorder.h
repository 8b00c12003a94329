// File: call_recorder.h
// The instrumentation around every CRI call: an rpc_in record when it
// arrives, an rpc_out record (status, latency) when it is answered, and a
// debug log line. Both service adapters use it.
#ifndef FAKECRI_GRPC_CALL_RECORDER_H_
#define FAKECRI_GRPC_CALL_RECORDER_H_

#include <google/protobuf/message.h>

#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

// Thread-safe (stateless apart from the log and clock it writes to).
class CallRecorder {
 public:
  CallRecorder(EventLog& log, Clock& clock) : log_(log), clock_(clock) {}

  struct Call {
    CallContext ctx;
    absl::string_view rpc;
    std::string object_id;
    TimeNs start = 0;
  };
  // The object the request names (container_id / pod_sandbox_id / image),
  // found by field name so one function serves every request type.
  Call Begin(absl::string_view rpc, const google::protobuf::Message& req);
  void End(const Call& call, const absl::Status& result);

 private:
  EventLog& log_;
  Clock& clock_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CALL_RECORDER_H_
