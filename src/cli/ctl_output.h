// File: ctl_output.h
// What `fakecri ctl` prints: human tables and lines by default, JSON (the
// control API's messages in the proto3 JSON mapping, field names as in
// control.proto) with --json.
#ifndef FAKECRI_CLI_CTL_OUTPUT_H_
#define FAKECRI_CLI_CTL_OUTPUT_H_

#include <google/protobuf/message.h>

#include <cstdint>
#include <string>

#include "fake_runtime/control/control_api.h"

namespace fakecri::cli {

namespace pb = ::fakecri::v1;

// One JSON document; `pretty` spreads it over lines (single line for JSON
// lines output). Every field is present, zero values included, so scripts
// can rely on the keys.
std::string ToJson(const google::protobuf::Message& m, bool pretty);

// "2026-01-01T00:00:01.250Z"
std::string FormatTime(int64_t ns);

// id, hits, matches, description; "no faults" when empty.
std::string FormatFaultTable(
    const google::protobuf::RepeatedPtrField<pb::FaultStatus>& faults);
// "clock real: 2026-...Z, running, scale 1x"
std::string FormatClock(const pb::ClockState& clock);
// "#12 2026-...Z rpc_out RunPodSandbox status=OK latency=1.2ms ..."
std::string FormatEvent(const pb::Event& e);
// Clock, seed, pods, containers (with state), images, faults.
std::string FormatSnapshot(const pb::GetSnapshotResponse& s);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_CTL_OUTPUT_H_
