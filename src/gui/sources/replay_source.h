// File: replay_source.h
// An event-log JSON-lines file recorded by a run (`fakecri scenario run
// --events FILE`), read whole at start-up and handed over at once; the
// playback then reveals it at the chosen pace.
#ifndef FAKECRI_GUI_SOURCES_REPLAY_SOURCE_H_
#define FAKECRI_GUI_SOURCES_REPLAY_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fakecri/event_log.h"
#include "gui/sources/event_source.h"

namespace fakecri::gui {

class ReplaySource : public EventSource {
 public:
  // Reads the whole file; errors name the line ("run.jsonl:12: ...").
  static absl::StatusOr<std::unique_ptr<ReplaySource>> FromFile(
      const std::string& path);
  // Records already in memory (the frame-time benchmark).
  ReplaySource(std::string name, std::vector<Event> events);

  void Start(EventQueue& queue) override;
  void Stop() override {}
  std::string Describe() const override;
  SourceStatus Status() const override { return status_; }
  bool Settled() const override { return true; }
  FaultBackend* faults() override { return nullptr; }
  PaceGate* gate() override { return nullptr; }

 private:
  std::string name_;
  std::vector<Event> events_;
  size_t count_ = 0;
  SourceStatus status_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_SOURCES_REPLAY_SOURCE_H_
