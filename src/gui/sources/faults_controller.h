// File: faults_controller.h
// Runs the Faults panel's commands (add, remove) and a periodic ListFaults
// on a worker thread, so a slow or dead control socket never stalls a
// frame. The panel reads the latest list and the last command's outcome.
#ifndef FAKECRI_GUI_SOURCES_FAULTS_CONTROLLER_H_
#define FAKECRI_GUI_SOURCES_FAULTS_CONTROLLER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fakecri/faults.h"
#include "gui/sources/fault_backend.h"

namespace fakecri::gui {

class FaultsController {
 public:
  struct View {
    std::vector<FaultRuleInfo> rules;
    bool list_ok = false;     // the last ListFaults answered
    std::string list_error;   // why not, when it did not
    std::string last_result;  // "added f3", "removed f1", or the error
    bool last_failed = false;
    uint64_t commands_done = 0;
  };

  // `backend` must outlive the controller. Refreshes the list every
  // `refresh` and after each command.
  explicit FaultsController(
      FaultBackend& backend,
      std::chrono::milliseconds refresh = std::chrono::milliseconds(500));
  ~FaultsController();
  FaultsController(const FaultsController&) = delete;
  FaultsController& operator=(const FaultsController&) = delete;

  void Add(std::string yaml);
  void Remove(std::string id);
  View Snapshot() const;
  // Blocks until every queued command ran and the list was read after it
  // (tests, and a screenshot that must show the rule it added).
  void WaitIdle();

 private:
  struct Command {
    bool add = false;
    std::string arg;
  };
  void Run();

  FaultBackend& backend_;
  const std::chrono::milliseconds refresh_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Command> queue_;
  bool busy_ = false;
  bool stop_ = false;
  View view_;
  std::thread worker_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_FAULTS_CONTROLLER_H_
