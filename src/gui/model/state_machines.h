// File: state_machines.h
// The three state machines as small diagrams the Objects panel can draw:
// states as nodes on a grid, operations as edges. They mirror the
// runtime's machines (src/fake_runtime/store/*_state.h), restated here
// because the GUI sees only the event log; a test checks that every
// transition a real run records is an edge of its diagram.
#ifndef FAKECRI_GUI_MODEL_STATE_MACHINES_H_
#define FAKECRI_GUI_MODEL_STATE_MACHINES_H_

#include <string_view>
#include <vector>

#include "gui/model/object_history.h"

namespace fakecri::gui {

struct StateNode {
  std::string_view state;  // as the transition records spell it
  std::string_view label;  // short text for the node: "READY", "(none)"
  // Grid cell (column, row): the panel scales it to its size.
  float col = 0, row = 0;
};

struct StateEdge {
  std::string_view from, to;
  std::string_view label;  // the operation: "RunPodSandbox", "exit / Stop"
};

struct StateMachineDiagram {
  ObjectKind kind = ObjectKind::kSandbox;
  std::vector<StateNode> nodes;
  std::vector<StateEdge> edges;
  float cols = 1, rows = 1;  // grid size

  const StateNode* Node(std::string_view state) const;
  // -1 when there is no such edge.
  int EdgeIndex(std::string_view from, std::string_view to) const;
};

const StateMachineDiagram& DiagramFor(ObjectKind kind);

// For drawing one object: which edges it took up to `seq` (each with the
// time it was last taken and how often), and its current node.
struct TakenEdge {
  int edge = -1;  // index into the diagram's edges
  TimeNs last_time = 0;
  int count = 0;
};
struct ObjectDiagramState {
  // The node to highlight: the last transition's target at `seq`
  // ("removed" after a removal), "" before the object's first transition.
  std::string_view current;
  std::vector<TakenEdge> taken;
};
ObjectDiagramState DiagramStateAt(const ObjectRecord& object, uint64_t seq);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_STATE_MACHINES_H_
