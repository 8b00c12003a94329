// File: help_window.cc
#include "gui/panels/help_window.h"

#include <imgui.h>

namespace fakecri::gui {

const Shortcut kShortcuts[] = {
    {"Space", "pause / play"},
    {"Right arrow", "step: reveal the next CRI call (pauses)"},
    {"Left arrow", "back to the previous CRI call"},
    {"f", "follow the newest call again"},
    {"Home / End", "the start / the newest call"},
    {"+  /  -", "faster / slower playback"},
    {"Ctrl + =  /  Ctrl + -", "larger / smaller text (remembered)"},
    {"Ctrl + 0", "text size 1x"},
    {"Ctrl + mouse wheel", "zoom the call flow's rows"},
    {"Esc", "clear the selection"},
    {"F1 or h", "this help"},
};
const int kShortcutCount = sizeof(kShortcuts) / sizeof(kShortcuts[0]);

void HelpWindow::Draw() {
  if (!open_) return;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0),
                           ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Help", &open_, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
    for (int i = 0; i < kShortcutCount; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(kShortcuts[i].keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(kShortcuts[i].what);
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  ImGui::TextWrapped(
      "Call flow: one lifeline per actor, one arrow per hop, newest at the "
      "bottom. Thin blue arrows with a filled head worked; a thick "
      "vermillion arrow ending in an X is an error; a thick yellow arrow or "
      "mark with a bolt is where an injected fault struck; a pink diamond "
      "on the kubelet's lifeline is one of its own decisions (back-off, "
      "probe); dashed green arrows with an open head are GetContainerEvents "
      "messages; a dotted grey arrow still waits for its answer. Hover for "
      "a summary, click to select.");
  ImGui::TextWrapped(
      "Objects: pods, sandboxes, containers and images as they were at the "
      "timeline's cursor; click one to see its state machine. Timeline: "
      "drag the scrubber to any moment. Faults: add or remove rules while "
      "the run goes on.");
  ImGui::End();
}

}  // namespace fakecri::gui
