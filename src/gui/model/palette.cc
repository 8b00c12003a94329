// File: palette.cc
// Okabe & Ito's colour-blind-safe palette (2008), at full strength for a
// dark background and a projector that washes colours out.
#include "gui/model/palette.h"

namespace fakecri::gui {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kError:
      return "error";
    case Outcome::kFault:
      return "fault";
    case Outcome::kKubelet:
      return "kubelet";
    case Outcome::kStream:
      return "stream";
    case Outcome::kPending:
      return "pending";
  }
  return "?";
}

ArrowStyle StyleFor(Outcome o) {
  switch (o) {
    case Outcome::kOk:  // sky blue, thin, plain head
      return {{86, 180, 233, 255},
              LinePattern::kSolid,
              EndMarker::kArrowHead,
              1.5f,
              "OK"};
    case Outcome::kError:  // vermillion, thick, X at the end
      return {{213, 94, 0, 255},
              LinePattern::kSolid,
              EndMarker::kCross,
              3.0f,
              "error (X)"};
    case Outcome::kFault:  // yellow, thick, lightning bolt
      return {{240, 228, 66, 255},
              LinePattern::kSolid,
              EndMarker::kBolt,
              3.0f,
              "injected fault (bolt)"};
    case Outcome::kKubelet:  // reddish purple diamond
      return {{204, 121, 167, 255},
              LinePattern::kSolid,
              EndMarker::kDiamond,
              2.0f,
              "kubelet decision (diamond)"};
    case Outcome::kStream:  // bluish green, dashed, open head
      return {{0, 158, 115, 255},
              LinePattern::kDashed,
              EndMarker::kOpenHead,
              1.5f,
              "event stream (dashed)"};
    case Outcome::kPending:  // grey, dotted, "..."
      return {{170, 170, 170, 255},
              LinePattern::kDotted,
              EndMarker::kDots,
              1.5f,
              "waiting for the answer (dotted)"};
  }
  return {};
}

Outcome OutcomeOf(const RunModel& model, ItemId item) {
  if (item >= model.items().size()) return Outcome::kOk;
  const FlowItem& it = model.items()[item];
  switch (it.kind) {
    case ItemKind::kRequest: {
      const Call& c = model.calls()[it.ref];
      if (c.is_stream()) return Outcome::kStream;
      if (c.faulted()) return Outcome::kFault;
      // The request is drawn as sent: its outcome shows on the reply.
      return c.answered ? Outcome::kOk : Outcome::kPending;
    }
    case ItemKind::kReply: {
      const Call& c = model.calls()[it.ref];
      if (c.faulted()) return Outcome::kFault;
      if (c.is_stream()) return c.ok() ? Outcome::kStream : Outcome::kError;
      return c.ok() ? Outcome::kOk : Outcome::kError;
    }
    case ItemKind::kOciCall: {
      const Call& c = model.calls()[it.ref];
      return c.ok() ? Outcome::kOk : Outcome::kError;
    }
    case ItemKind::kCriEvent:
      return Outcome::kStream;
    case ItemKind::kFault:
      return Outcome::kFault;
    case ItemKind::kKubelet:
      return Outcome::kKubelet;
  }
  return Outcome::kOk;
}

Rgba LifelineColor() { return {120, 124, 136, 255}; }
Rgba LaneHeaderColor() { return {44, 58, 84, 255}; }
Rgba SelectionColor() { return {255, 255, 255, 48}; }
Rgba CurrentStateColor() { return {230, 159, 0, 255}; }  // orange
Rgba TakenEdgeColor() { return {86, 180, 233, 255}; }    // sky blue

}  // namespace fakecri::gui
