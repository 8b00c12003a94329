// File: objects_panel.cc
#include "gui/panels/objects_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "gui/model/item_text.h"
#include "gui/model/state_machines.h"
#include "gui/panels/draw_util.h"

namespace fakecri::gui {
namespace {

constexpr size_t kMaxPods = 30;

// The object had appeared by record `seq` (the model may already hold
// records the playback has not revealed: those objects are the future).
bool Appeared(const ObjectRecord& o, uint64_t seq) {
  return !o.transitions.empty() && o.transitions.front().seq <= seq;
}
constexpr size_t kMaxImages = 30;

// The state as a student reads it: "RUNNING", not "CONTAINER_RUNNING".
std::string ShortState(std::string_view state) {
  for (std::string_view prefix : {"CONTAINER_", "SANDBOX_"}) {
    if (state.substr(0, prefix.size()) == prefix) {
      return std::string(state.substr(prefix.size()));
    }
  }
  return std::string(state);
}

ImVec4 StateColour(std::string_view s) {
  if (s == "RUNNING" || s == "READY" || s == "present") {
    return ImVec4(0.34f, 0.71f, 0.91f, 1.0f);  // sky blue
  }
  if (s == "EXITED" || s == "NOTREADY") return ImVec4(0.75f, 0.75f, 0.78f, 1);
  if (s == "UNKNOWN") return ImVec4(0.90f, 0.62f, 0.0f, 1.0f);  // orange
  return ImVec4(1, 1, 1, 1);
}

// One selectable line: the object's name, and its state at the cursor in
// a column of its own.
void ObjectLine(ViewContext& ctx, const ObjectRecord& o,
                const std::string& label, uint64_t seq, float state_x) {
  const bool selected = ctx.selection.object_id == o.id;
  // The name stops before the state column.
  std::string shown = label;
  const float room = state_x - ImGui::GetCursorPosX() - ImGui::GetFontSize();
  while (shown.size() > 4 && ImGui::CalcTextSize(shown.c_str()).x > room) {
    shown.erase(shown.size() - 4);
    shown += "...";
  }
  if (ImGui::Selectable(absl::StrCat(shown, "##", o.id).c_str(), selected)) {
    ctx.selection.object_id = o.id;
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s\nid %s", o.Describe().c_str(), o.id.c_str());
  }
  ImGui::SameLine(state_x);
  const auto state = o.StateAtSeq(seq);
  if (!state) {
    ImGui::TextDisabled("gone");
  } else {
    const std::string s = ShortState(*state);
    ImGui::TextColored(StateColour(s), "%s", s.c_str());
  }
}

ImVec2 Lerp(ImVec2 a, ImVec2 b, float t) {
  return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
}

}  // namespace

void ObjectsPanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Objects")) {
    ImGui::End();
    return;
  }
  const uint64_t seq = ctx.playback.cursor_seq(ctx.model);
  const ObjectRecord* o = ctx.model.objects().Find(ctx.selection.object_id);
  // Top: the objects | the selected one's transitions. Below: its state
  // machine, as wide as the panel.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Without a selection the objects take the whole panel.
  const float top_h = o != nullptr ? std::floor(avail.y * 0.42f) : 0.0f;
  ImGui::BeginChild("tree", ImVec2(std::floor(avail.x * 0.58f), top_h), true);
  DrawTree(ctx, seq);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("transitions", ImVec2(0, top_h), true);
  if (o == nullptr) {
    ImGui::TextWrapped(
        "Click a sandbox, container or image to see its state machine.");
  } else {
    DrawTransitions(ctx, *o, seq);
  }
  ImGui::EndChild();
  if (o != nullptr) {
    ImGui::BeginChild("diagram", ImVec2(0, 0), true);
    DrawDiagram(ctx, *o, seq);
    ImGui::EndChild();
  }
  ImGui::End();
}

void ObjectsPanel::DrawTree(ViewContext& ctx, uint64_t seq) {
  const ObjectHistory& h = ctx.model.objects();
  if (h.objects().empty()) {
    ImGui::TextDisabled("No pods yet.");
    return;
  }
  ImGui::PushStyleVar(ImGuiStyleVar_IndentSpacing, ImGui::GetFontSize());
  const float state_x =
      ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("RUNNING").x;
  // The newest pods only: a long run has thousands, and a class looks at
  // the last few (every object is still in the model and the inspector).
  const size_t first_pod =
      h.pods().size() > kMaxPods ? h.pods().size() - kMaxPods : 0;
  if (first_pod > 0) ImGui::TextDisabled("(%zu older pods)", first_pod);
  for (size_t p = first_pod; p < h.pods().size(); ++p) {
    const PodRecord& pod = h.pods()[p];
    const ObjectRecord* first =
        pod.sandbox_ids.empty() ? nullptr : h.Find(pod.sandbox_ids.front());
    if (first == nullptr || !Appeared(*first, seq)) continue;
    const std::string title =
        absl::StrCat("pod ", pod.pod_namespace, "/", pod.pod_name);
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::TreeNode(title.c_str())) continue;
    for (const std::string& sid : pod.sandbox_ids) {
      const ObjectRecord* sb = h.Find(sid);
      if (sb == nullptr || !Appeared(*sb, seq)) continue;
      ObjectLine(ctx, *sb, absl::StrCat("sandbox #", sb->attempt), seq,
                 state_x);
      ImGui::Indent();
      for (const ObjectRecord* c : h.ContainersOf(sid)) {
        if (!Appeared(*c, seq)) continue;
        ObjectLine(ctx, *c,
                   absl::StrCat(c->name.empty() ? c->id.substr(0, 8) : c->name,
                                " #", c->attempt),
                   seq, state_x);
      }
      ImGui::Unindent();
    }
    ImGui::TreePop();
  }
  // Objects the events never tied to a pod, and the images.
  bool images_open = false, header_done = false;
  size_t images = 0;
  for (const ObjectRecord& o : h.objects()) {
    if (o.kind != ObjectKind::kImage || !Appeared(o, seq) ||
        ++images > kMaxImages) {
      continue;
    }
    if (!header_done) {
      ImGui::SetNextItemOpen(true, ImGuiCond_Once);
      images_open = ImGui::TreeNode("images");
      header_done = true;
    }
    if (images_open) {
      ObjectLine(ctx, o, o.name.empty() ? o.id.substr(0, 12) : o.name, seq,
                 state_x);
    }
  }
  if (images_open) ImGui::TreePop();
  ImGui::PopStyleVar();
}

void ObjectsPanel::DrawDiagram(ViewContext& ctx, const ObjectRecord& object,
                               uint64_t seq) {
  const float scale = ctx.fonts.scale;
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted(
      absl::StrCat(ObjectKindName(object.kind), " ", object.Describe())
          .c_str());
  ImGui::PopFont();
  const StateMachineDiagram& d = DiagramFor(object.kind);
  const ObjectDiagramState st = DiagramStateAt(object, seq);

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float diagram_h = std::max(avail.y, 100 * scale);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(avail.x, diagram_h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto centre = [&](const StateNode& n) {
    // A line of room at the top for the labels above the first row.
    const float top = ctx.fonts.small->FontSize + 2 * scale;
    return ImVec2(origin.x + (n.col + 0.5f) / d.cols * avail.x,
                  origin.y + top + (n.row + 0.5f) / d.rows * (diagram_h - top));
  };
  const float node_h = ImGui::GetFontSize() + 10 * scale;
  auto half_w = [&](const StateNode& n) {
    return ImGui::CalcTextSize(n.label.data(), n.label.data() + n.label.size())
                   .x /
               2 +
           8 * scale;
  };

  // Edges first, nodes on top.
  for (size_t i = 0; i < d.edges.size(); ++i) {
    const StateEdge& e = d.edges[i];
    const StateNode* a = d.Node(e.from);
    const StateNode* b = d.Node(e.to);
    if (a == nullptr || b == nullptr) continue;
    const TakenEdge* taken = nullptr;
    for (const TakenEdge& t : st.taken) {
      if (t.edge == static_cast<int>(i)) taken = &t;
    }
    const ImU32 col =
        taken ? ToImU32(TakenEdgeColor()) : IM_COL32(120, 124, 134, 255);
    ImVec2 pa = centre(*a), pb = centre(*b);
    // Stop at the boxes' edges (roughly) so the head shows.
    const float dx = pb.x - pa.x, dy = pb.y - pa.y;
    const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
    const float cut_a = std::min(
        0.45f, (std::abs(dx) > std::abs(dy) ? half_w(*a) : node_h / 2) / len);
    const float cut_b = std::min(
        0.45f, (std::abs(dx) > std::abs(dy) ? half_w(*b) : node_h / 2) / len);
    const ImVec2 sa = Lerp(pa, pb, cut_a), sb = Lerp(pa, pb, 1 - cut_b);
    dl->AddLine(sa, sb, col, (taken ? 3.0f : 1.5f) * scale);
    const ImVec2 dir(dx / len, dy / len);
    const float hs = 8 * scale;
    dl->AddTriangleFilled(sb,
                          ImVec2(sb.x - dir.x * hs - dir.y * hs * 0.5f,
                                 sb.y - dir.y * hs + dir.x * hs * 0.5f),
                          ImVec2(sb.x - dir.x * hs + dir.y * hs * 0.5f,
                                 sb.y - dir.y * hs - dir.x * hs * 0.5f),
                          col);
    // Labels only where the object has been or can go next: all of them
    // at once crowd a small diagram.
    const bool next = e.from == st.current;
    if (!taken && !next) continue;
    std::string label(e.label);
    if (taken && taken->count > 1) absl::StrAppend(&label, " x", taken->count);
    ImFont* f = ctx.fonts.small;
    const ImVec2 mid = Lerp(sa, sb, 0.5f);
    const ImVec2 ls = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.c_str());
    const bool vertical = std::abs(dx) < std::abs(dy);
    // Beside a vertical edge; above the nodes' row for a horizontal one.
    const ImVec2 at = vertical
                          ? ImVec2(mid.x + 4 * scale, mid.y - ls.y / 2)
                          : ImVec2(mid.x - ls.x / 2, std::min(pa.y, pb.y) -
                                                         node_h / 2 - ls.y - 1);
    dl->AddText(
        f, f->FontSize, at,
        taken ? ToImU32(TakenEdgeColor()) : IM_COL32(175, 178, 188, 255),
        label.c_str());
  }
  nlohmann::json nodes = nlohmann::json::array();
  for (const StateNode& n : d.nodes) {
    const ImVec2 c = centre(n);
    const float hw = half_w(n);
    const ImVec2 a(c.x - hw, c.y - node_h / 2), b(c.x + hw, c.y + node_h / 2);
    const bool current = !st.current.empty() && n.state == st.current;
    if (current) {
      dl->AddRectFilled(a, b, ToImU32(CurrentStateColor()), 6 * scale);
    } else {
      dl->AddRectFilled(a, b, IM_COL32(40, 43, 52, 255), 6 * scale);
    }
    dl->AddRect(a, b, current ? IM_COL32_WHITE : IM_COL32(150, 154, 165, 255),
                6 * scale, 0, (current ? 3.0f : 1.5f) * scale);
    const ImVec2 ts =
        ImGui::CalcTextSize(n.label.data(), n.label.data() + n.label.size());
    dl->AddText(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2),
                current ? IM_COL32(0, 0, 0, 255) : IM_COL32_WHITE,
                n.label.data(), n.label.data() + n.label.size());
    if (ctx.report != nullptr) {
      nodes.push_back({{"state", std::string(n.state)},
                       {"current", current},
                       {"box", RectJson(a, b)}});
    }
  }
  if (ctx.report != nullptr) {
    (*ctx.report)["objects"] = {{"selected", object.id},
                                {"current_state", std::string(st.current)},
                                {"current_color", ToJson(CurrentStateColor())},
                                {"nodes", nodes}};
  }
}

void ObjectsPanel::DrawTransitions(ViewContext& ctx, const ObjectRecord& object,
                                   uint64_t seq) {
  // The transitions so far, newest last; a click selects the call.
  ImGui::TextDisabled("transitions (click: the call)");
  for (const Transition& t : object.transitions) {
    if (t.seq > seq) break;
    const std::string line = absl::StrCat(
        ShortOffset(t.time, ctx.model.first_time()), "  ", ShortState(t.from),
        " -> ", ShortState(t.to),
        t.call != kNoCall ? absl::StrCat("  ", ctx.model.calls()[t.call].name)
                          : std::string(),
        "##", t.seq);
    if (ImGui::Selectable(line.c_str(), false) && t.call != kNoCall) {
      const Call& c = ctx.model.calls()[t.call];
      ctx.selection.item = c.request_item;
      ctx.selection.reveal_item = true;
    }
    if (!t.why.empty() && ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s", t.why.c_str());
    }
  }
}

}  // namespace fakecri::gui
