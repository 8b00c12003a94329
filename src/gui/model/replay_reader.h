// File: replay_reader.h
// Reads an event-log JSON-lines file — what `fakecri scenario run
// --events FILE` writes (src/scenario/outputs.h WriteEventsJsonl) — back
// into fakecri::Event records, for `fakecri-gui --replay FILE`. Unknown
// keys (offset_ns, owner) are allowed; a CRI event's `cri_event` object
// (proto3 JSON) becomes cri_event_bytes again; `payload` is read when the
// run recorded payloads. Bad input is an error naming the line.
#ifndef FAKECRI_GUI_MODEL_REPLAY_READER_H_
#define FAKECRI_GUI_MODEL_REPLAY_READER_H_

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fakecri/event_log.h"

namespace fakecri::gui {

// "rpc_in" -> kRpcIn, ... (EventKindName's inverse); InvalidArgument for
// an unknown name.
absl::StatusOr<EventKind> ParseEventKind(std::string_view name);

// One line. Errors are InvalidArgument without a location.
absl::StatusOr<Event> ParseEventJsonLine(std::string_view line);

// Every line of `in` (blank lines skipped). `source` names the input in
// errors: "<source>:<line>: <what>", e.g.
// "run.jsonl:12: field 'seq': expected an unsigned integer".
absl::StatusOr<std::vector<Event>> ReadEventsJsonl(std::istream& in,
                                                   std::string_view source);
// NotFound when the file cannot be opened.
absl::StatusOr<std::vector<Event>> ReadEventsJsonlFile(const std::string& path);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_REPLAY_READER_H_
