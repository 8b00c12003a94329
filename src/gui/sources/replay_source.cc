// File: replay_source.cc
#include "gui/sources/replay_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gui/model/replay_reader.h"

namespace fakecri::gui {

absl::StatusOr<std::unique_ptr<ReplaySource>> ReplaySource::FromFile(
    const std::string& path) {
  auto events = ReadEventsJsonlFile(path);
  if (!events.ok()) return events.status();
  return std::make_unique<ReplaySource>(path, std::move(*events));
}

ReplaySource::ReplaySource(std::string name, std::vector<Event> events)
    : name_(std::move(name)), events_(std::move(events)) {
  count_ = events_.size();
  status_ = SourceStatus{SourceState::kFinished,
                         absl::StrCat("replay of ", count_, " records")};
}

// Single-threaded: the records are already read, so they go straight in.
void ReplaySource::Start(EventQueue& queue) {
  queue.PushAll(std::move(events_));
  events_.clear();
}

std::string ReplaySource::Describe() const {
  return absl::StrCat("replay: ", name_);
}

}  // namespace fakecri::gui
