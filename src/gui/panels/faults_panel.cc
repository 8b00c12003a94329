// File: faults_panel.cc
#include "gui/panels/faults_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"

namespace fakecri::gui {
namespace {

constexpr const char* kHops[] = {"cri",     "image_pull", "manager", "oci",
                                 "process", "runtime",    "events"};
constexpr const char* kCodes[] = {"UNAVAILABLE",
                                  "DEADLINE_EXCEEDED",
                                  "NOT_FOUND",
                                  "INTERNAL",
                                  "UNKNOWN",
                                  "RESOURCE_EXHAUSTED",
                                  "FAILED_PRECONDITION",
                                  "ALREADY_EXISTS",
                                  "PERMISSION_DENIED",
                                  "INVALID_ARGUMENT"};
constexpr const char* kConditions[] = {"NetworkReady", "RuntimeReady"};

// A combo over a fixed list, editing a string.
void ComboOf(const char* label, std::string& value, const char* const* items,
             int n) {
  if (ImGui::BeginCombo(label, value.c_str())) {
    for (int i = 0; i < n; ++i) {
      if (ImGui::Selectable(items[i], value == items[i])) value = items[i];
    }
    ImGui::EndCombo();
  }
}

}  // namespace

void FaultsPanel::Draw(ViewContext& ctx) {
  if (!ImGui::Begin("Faults")) {
    ImGui::End();
    return;
  }
  if (ctx.faults == nullptr) {
    ImGui::TextWrapped(
        "A replay cannot take fault rules: the run it shows is over. The "
        "faults that fired are marked in the call flow.");
    ImGui::End();
    return;
  }
  const FaultsController::View view = ctx.faults->Snapshot();
  const std::map<std::string, uint64_t> seen = ctx.model.FaultHitsByRule();
  if (!view.list_ok && !view.list_error.empty()) {
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.35f, 1.0f), "%s",
                       view.list_error.c_str());
  }
  if (ImGui::BeginTable("rules", 4,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("rule", ImGuiTableColumnFlags_WidthStretch, 5);
    ImGui::TableSetupColumn("hits", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("logged", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (const FaultRuleInfo& r : view.rules) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r.summary.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%llu/%llu", static_cast<unsigned long long>(r.hits),
                  static_cast<unsigned long long>(r.matches));
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("hits / calls that matched (runtime's counters)");
      }
      ImGui::TableNextColumn();
      auto it = seen.find(r.id);
      ImGui::Text("%llu", static_cast<unsigned long long>(
                              it == seen.end() ? 0 : it->second));
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "fault records this window has received (the run may be ahead of "
            "the playback)");
      }
      ImGui::TableNextColumn();
      ImGui::PushID(r.id.c_str());
      if (ImGui::SmallButton("Remove")) ctx.faults->Remove(r.id);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (view.rules.empty() && view.list_ok) ImGui::TextDisabled("No rules.");
  if (!view.last_result.empty()) {
    ImGui::TextColored(view.last_failed ? ImVec4(1.0f, 0.75f, 0.35f, 1.0f)
                                        : ImVec4(0.6f, 0.85f, 1.0f, 1.0f),
                       "%s", view.last_result.c_str());
  }
  ImGui::Separator();
  DrawForm(ctx);
  ImGui::End();
}

void FaultsPanel::DrawForm(ViewContext& ctx) {
  if (!ImGui::CollapsingHeader("Add a rule")) return;
  FaultForm& f = form_;
  const float w = ImGui::GetFontSize() * 12;
  ImGui::PushItemWidth(w);
  int effect = static_cast<int>(f.effect);
  const char* effects[] = {"error", "latency", "crash", "oom_kill",
                           "not_ready"};
  if (ImGui::Combo("effect", &effect, effects, 5)) {
    f.effect = static_cast<FormEffect>(effect);
    AdjustHopForEffect(f);
  }
  ComboOf("hop", f.hop, kHops, 7);
  ImGui::InputTextWithHint("operation", "RPC or operation glob; empty = all",
                           &f.operation);
  switch (f.effect) {
    case FormEffect::kError:
      ComboOf("code", f.code, kCodes, 10);
      ImGui::InputTextWithHint("message", "optional", &f.message);
      break;
    case FormEffect::kLatency:
      ImGui::InputTextWithHint("latency", "2s, uniform(1s,3s), ...",
                               &f.latency);
      break;
    case FormEffect::kCrash:
      ImGui::InputInt("exit code", &f.exit_code);
      ImGui::InputTextWithHint("after", "delay after start, e.g. 5s", &f.delay);
      break;
    case FormEffect::kOomKill:
      ImGui::InputTextWithHint("after", "delay after start, e.g. 5s", &f.delay);
      break;
    case FormEffect::kNotReady:
      ComboOf("condition", f.condition, kConditions, 2);
      ImGui::InputTextWithHint("message", "optional", &f.message);
      break;
  }
  ImGui::InputTextWithHint("pod", "glob; empty = any", &f.pod);
  ImGui::InputTextWithHint("container", "glob; empty = any", &f.container);
  ImGui::InputTextWithHint("image", "glob; empty = any", &f.image);
  ImGui::InputTextWithHint("handler", "runc, runsc, kata; empty = any",
                           &f.handler);
  ImGui::InputInt("times", &f.times);
  if (f.times < 0) f.times = 0;
  ImGui::SameLine();
  ImGui::TextDisabled("(0 = every time)");
  ImGui::PopItemWidth();
  if (ImGui::Button("Add rule")) ctx.faults->Add(FaultFormYaml(f));
  ImGui::SameLine();
  ImGui::Checkbox("show YAML", &show_yaml_);
  if (show_yaml_) {
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::TextUnformatted(FaultFormYaml(f).c_str());
    ImGui::PopFont();
  }
}

}  // namespace fakecri::gui
