// File: fault_backend.h
// Where the Faults panel's commands go: the embedded runtime's
// FaultControl, or a running fakecri's control API (AddFault / RemoveFault
// / ListFaults). Rules travel as the fault YAML of docs/faults.md, which
// both accept, so the form builds one document for either.
#ifndef FAKECRI_GUI_SOURCES_FAULT_BACKEND_H_
#define FAKECRI_GUI_SOURCES_FAULT_BACKEND_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fakecri/faults.h"

namespace grpc {
class Channel;
}

namespace fakecri::gui {

// Thread-safe. Calls may block (a remote call waits for its answer), so
// the GUI makes them from FaultsController's worker, never from a frame.
class FaultBackend {
 public:
  virtual ~FaultBackend() = default;
  // Adds every rule of a fault document (all or none); returns their ids.
  virtual absl::StatusOr<std::vector<std::string>> Add(
      const std::string& yaml) = 0;
  virtual absl::Status Remove(const std::string& id) = 0;
  virtual absl::StatusOr<std::vector<FaultRuleInfo>> List() = 0;
};

// The embedded runtime's rules, while it runs. Attach(nullptr) when the
// runtime stops: later calls answer FAILED_PRECONDITION.
class EmbeddedFaults : public FaultBackend {
 public:
  void Attach(FaultControl* control);
  absl::StatusOr<std::vector<std::string>> Add(
      const std::string& yaml) override;
  absl::Status Remove(const std::string& id) override;
  absl::StatusOr<std::vector<FaultRuleInfo>> List() override;

 private:
  std::mutex mu_;  // held across a call, so Attach(nullptr) waits for it
  FaultControl* control_ = nullptr;
};

// fakecri.v1.Control on a channel; each call waits at most `timeout_ms`.
std::unique_ptr<FaultBackend> NewRemoteFaults(
    std::shared_ptr<grpc::Channel> channel, int timeout_ms = 3000);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_FAULT_BACKEND_H_
