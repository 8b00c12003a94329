// File: faults_controller.cc
#include "gui/sources/faults_controller.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fakecri::gui {

FaultsController::FaultsController(FaultBackend& backend,
                                   std::chrono::milliseconds refresh)
    : backend_(backend), refresh_(refresh), worker_([this] { Run(); }) {}

FaultsController::~FaultsController() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void FaultsController::Add(std::string yaml) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(Command{true, std::move(yaml)});
  }
  cv_.notify_all();
}

void FaultsController::Remove(std::string id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(Command{false, std::move(id)});
  }
  cv_.notify_all();
}

FaultsController::View FaultsController::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return view_;
}

void FaultsController::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return stop_ || (queue_.empty() && !busy_); });
}

void FaultsController::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    std::deque<Command> todo;
    todo.swap(queue_);
    busy_ = true;
    lock.unlock();

    std::string result;
    bool failed = false;
    for (const Command& c : todo) {
      if (c.add) {
        auto ids = backend_.Add(c.arg);
        failed = !ids.ok();
        result = ids.ok() ? absl::StrCat("added ", absl::StrJoin(*ids, ", "))
                          : std::string(ids.status().message());
      } else {
        const absl::Status st = backend_.Remove(c.arg);
        failed = !st.ok();
        result = st.ok() ? absl::StrCat("removed ", c.arg)
                         : std::string(st.message());
      }
    }
    auto rules = backend_.List();

    lock.lock();
    if (!todo.empty()) {
      view_.last_result = std::move(result);
      view_.last_failed = failed;
      view_.commands_done += todo.size();
    }
    view_.list_ok = rules.ok();
    if (rules.ok()) {
      view_.rules = std::move(*rules);
      view_.list_error.clear();
    } else {
      view_.list_error = std::string(rules.status().message());
    }
    busy_ = false;
    cv_.notify_all();
    cv_.wait_for(lock, refresh_, [&] { return stop_ || !queue_.empty(); });
  }
  busy_ = false;
  cv_.notify_all();
}

}  // namespace fakecri::gui
