// File: palette.h
// How a row of the call flow looks, by what happened: a successful call,
// an error, a call an injected fault touched, a kubelet decision, a
// GetContainerEvents message, a call still waiting for its answer.
// Colour-blind safe: the colours are from the Okabe-Ito palette (readable
// on a dark background) and no two outcomes differ by hue alone; each also
// has its own line pattern and end marker, so a grey-scale projector or a
// red-green colour-blind student still tells an error from a success.
#ifndef FAKECRI_GUI_MODEL_PALETTE_H_
#define FAKECRI_GUI_MODEL_PALETTE_H_

#include <cstdint>

#include "gui/model/run_model.h"

namespace fakecri::gui {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  // ImGui's IM_COL32 packing (a << 24 | b << 16 | g << 8 | r).
  uint32_t Packed() const {
    return uint32_t{a} << 24 | uint32_t{b} << 16 | uint32_t{g} << 8 | r;
  }
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

enum class Outcome : uint8_t {
  kOk,       // answered OK (or an OCI hop that succeeded)
  kError,    // answered with a gRPC error, no fault involved
  kFault,    // an injected fault touched it (error or not), or the mark
  kKubelet,  // a kubelet decision
  kStream,   // a GetContainerEvents message, or that stream's request
  kPending,  // a request not answered yet
};
// "ok", "error", "fault", "kubelet", "stream", "pending".
const char* OutcomeName(Outcome o);

enum class LinePattern : uint8_t { kSolid, kDashed, kDotted };
enum class EndMarker : uint8_t {
  kArrowHead,  // plain
  kCross,      // error: an X at the arrow's end
  kBolt,       // fault: a lightning-bolt zig-zag (drawn as a diamond too)
  kDiamond,    // kubelet decision mark
  kOpenHead,   // stream message: an open (unfilled) head
  kDots,       // pending: "..."
};

struct ArrowStyle {
  Rgba color;
  LinePattern pattern = LinePattern::kSolid;
  EndMarker marker = EndMarker::kArrowHead;
  float thickness = 1.5f;   // at font scale 1
  const char* legend = "";  // for a legend: "OK", "error", ...
};

ArrowStyle StyleFor(Outcome o);

// What happened at a row: the reply's and the OCI hop's status, the
// request's call (pending, stream, faulted), the mark's kind.
Outcome OutcomeOf(const RunModel& model, ItemId item);

// Neutral colours of the diagram itself.
Rgba LifelineColor();      // the vertical lines
Rgba LaneHeaderColor();    // header boxes
Rgba SelectionColor();     // the selected row's highlight
Rgba CurrentStateColor();  // the current node of a state diagram
Rgba TakenEdgeColor();     // edges an object has taken

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_PALETTE_H_
