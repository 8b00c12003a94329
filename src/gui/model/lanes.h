// File: lanes.h
// The lifelines of the call-flow diagram: who talks to whom when a CRI
// call runs. The order on screen follows the call's descent (client, CRI
// server, container manager, OCI runtimes, container processes), not the
// order in which the lanes appeared.
#ifndef FAKECRI_GUI_MODEL_LANES_H_
#define FAKECRI_GUI_MODEL_LANES_H_

#include <cstdint>
#include <string>

namespace fakecri::gui {

// Index into RunModel::lanes(); stable for the model's life.
using LaneId = uint32_t;
inline constexpr LaneId kNoLane = ~LaneId{0};

// In column order: a lane of a lower kind is drawn to the left.
enum class LaneKind : uint8_t {
  kClient,            // the kubelet, or "CRI client" until a kubelet record
  kCriServer,         // the gRPC face: RuntimeService + ImageService
  kContainerManager,  // the part that answers: image / runtime service
  kOciRuntime,        // one per handler in use: runc, runsc, kata
  kProcesses,         // the containers' processes (pause included)
};

struct Lane {
  LaneKind kind = LaneKind::kClient;
  // What the header says: "kubelet", "CRI client", "CRI server",
  // "container manager", "runc", "container processes".
  std::string title;
  // A second header line: "image + runtime service", "OCI runtime", ...
  std::string subtitle;
  // kOciRuntime only: the handler name as the OCI records spell it.
  std::string handler;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_LANES_H_
