// File: connect_source.h
// A running fakecri (`fakecri serve`) that a real kubelet, crictl or any
// CRI client drives: its event log through the control API's WatchEvents
// (the backlog first, then live), a GetSnapshot for the status line, and
// fault commands through AddFault / RemoveFault / ListFaults. A broken
// stream is reopened from the next sequence number it has not seen.
#ifndef FAKECRI_GUI_SOURCES_CONNECT_SOURCE_H_
#define FAKECRI_GUI_SOURCES_CONNECT_SOURCE_H_

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "fakecri/event_log.h"
#include "gui/sources/event_source.h"

namespace grpc {
class Channel;
class ClientContext;
}  // namespace grpc

namespace fakecri::v1 {
class Event;
}

namespace fakecri::gui {

// Exposed for tests: a control API event as the runtime recorded it.
// False when the kind is not one this build knows.
bool EventFromProto(const ::fakecri::v1::Event& in, Event* out);

class ConnectSource : public EventSource {
 public:
  // `endpoint` is "unix:///path.sock" (the CRI socket, or the
  // --control-listen socket).
  explicit ConnectSource(std::string endpoint);
  ~ConnectSource() override;

  void Start(EventQueue& queue) override;
  void Stop() override;
  std::string Describe() const override;
  SourceStatus Status() const override;
  bool Settled() const override;
  FaultBackend* faults() override { return faults_.get(); }
  PaceGate* gate() override { return nullptr; }

 private:
  void Run(EventQueue& queue);
  void SetStatus(SourceState state, std::string message);
  // One WatchEvents stream, until it ends; returns why it ended.
  std::string WatchOnce(EventQueue& queue);

  const std::string endpoint_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<FaultBackend> faults_;
  uint64_t next_seq_ = 1;  // the worker's only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  grpc::ClientContext* active_ = nullptr;  // the open stream's, under mu_
  SourceStatus status_;
  // The log's last seq when the stream opened, and the newest pushed.
  uint64_t backlog_end_ = 0, pushed_seq_ = 0;
  bool started_ = false;
  std::thread thread_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_CONNECT_SOURCE_H_
