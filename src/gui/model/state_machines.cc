// File: state_machines.cc
// The diagrams, laid out on small grids: the main path left to right on
// the top row, the way out (removal) below it.
#include "gui/model/state_machines.h"

#include <algorithm>

namespace fakecri::gui {
namespace {

StateMachineDiagram SandboxDiagram() {
  StateMachineDiagram d;
  d.kind = ObjectKind::kSandbox;
  d.nodes = {
      {"none", "(none)", 0, 0},
      {"SANDBOX_READY", "READY", 1, 0},
      {"SANDBOX_NOTREADY", "NOTREADY", 2, 0},
      {"removed", "(removed)", 1.5f, 1},
  };
  d.edges = {
      {"none", "SANDBOX_READY", "RunPodSandbox"},
      {"SANDBOX_READY", "SANDBOX_NOTREADY", "StopPodSandbox"},
      {"SANDBOX_NOTREADY", "removed", "RemovePodSandbox"},
      {"SANDBOX_READY", "removed", "RemovePodSandbox"},
  };
  d.cols = 3;
  d.rows = 2;
  return d;
}

StateMachineDiagram ContainerDiagram() {
  StateMachineDiagram d;
  d.kind = ObjectKind::kContainer;
  d.nodes = {
      {"none", "(none)", 0, 0},
      {"CONTAINER_CREATED", "CREATED", 1, 0},
      {"CONTAINER_RUNNING", "RUNNING", 2, 0},
      {"CONTAINER_UNKNOWN", "UNKNOWN", 3, 0},
      {"CONTAINER_EXITED", "EXITED", 2, 1},
      {"removed", "(removed)", 1, 1},
  };
  d.edges = {
      {"none", "CONTAINER_CREATED", "CreateContainer"},
      {"CONTAINER_CREATED", "CONTAINER_RUNNING", "StartContainer"},
      {"CONTAINER_CREATED", "CONTAINER_EXITED", "start failed"},
      {"CONTAINER_RUNNING", "CONTAINER_EXITED", "exit / Stop"},
      {"CONTAINER_RUNNING", "CONTAINER_UNKNOWN", "runtime lost"},
      {"CONTAINER_UNKNOWN", "CONTAINER_EXITED", "exit / Stop"},
      {"CONTAINER_EXITED", "removed", "RemoveContainer"},
      {"CONTAINER_CREATED", "removed", "RemoveContainer"},
  };
  d.cols = 4;
  d.rows = 2;
  return d;
}

StateMachineDiagram ImageDiagram() {
  StateMachineDiagram d;
  d.kind = ObjectKind::kImage;
  d.nodes = {
      {"absent", "(absent)", 0, 0},
      {"present", "present", 1, 0},
      {"removed", "(removed)", 2, 0},
  };
  d.edges = {
      {"absent", "present", "PullImage"},
      {"present", "removed", "RemoveImage"},
  };
  d.cols = 3;
  d.rows = 1;
  return d;
}

}  // namespace

const StateNode* StateMachineDiagram::Node(std::string_view state) const {
  for (const StateNode& n : nodes) {
    if (n.state == state) return &n;
  }
  return nullptr;
}

int StateMachineDiagram::EdgeIndex(std::string_view from,
                                   std::string_view to) const {
  for (size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].from == from && edges[i].to == to) return static_cast<int>(i);
  }
  return -1;
}

const StateMachineDiagram& DiagramFor(ObjectKind kind) {
  static const StateMachineDiagram sandbox = SandboxDiagram();
  static const StateMachineDiagram container = ContainerDiagram();
  static const StateMachineDiagram image = ImageDiagram();
  switch (kind) {
    case ObjectKind::kSandbox:
      return sandbox;
    case ObjectKind::kContainer:
      return container;
    case ObjectKind::kImage:
      return image;
  }
  return sandbox;
}

ObjectDiagramState DiagramStateAt(const ObjectRecord& object, uint64_t seq) {
  const StateMachineDiagram& d = DiagramFor(object.kind);
  ObjectDiagramState out;
  for (const Transition& t : object.transitions) {
    if (t.seq > seq) break;  // in seq order
    out.current = t.to;
    if (t.IsNote()) continue;
    const int edge = d.EdgeIndex(t.from, t.to);
    if (edge < 0) continue;  // not drawn (a diagram test keeps this rare)
    auto it = std::find_if(out.taken.begin(), out.taken.end(),
                           [&](const TakenEdge& e) { return e.edge == edge; });
    if (it == out.taken.end()) {
      out.taken.push_back(TakenEdge{edge, t.time, 1});
    } else {
      it->last_time = t.time;
      ++it->count;
    }
  }
  return out;
}

}  // namespace fakecri::gui
