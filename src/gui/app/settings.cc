// File: settings.cc
#include "gui/app/settings.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fakecri::gui {
namespace {

void* ReadOpen(ImGuiContext*, ImGuiSettingsHandler* h, const char* name) {
  return std::string_view(name) == "Settings" ? h->UserData : nullptr;
}

void ReadLine(ImGuiContext*, ImGuiSettingsHandler*, void* entry,
              const char* line) {
  ParseSettingsLine(line, static_cast<AppSettings*>(entry));
}

void WriteAll(ImGuiContext*, ImGuiSettingsHandler* h, ImGuiTextBuffer* out) {
  const auto* s = static_cast<const AppSettings*>(h->UserData);
  out->appendf("[%s][Settings]\n", h->TypeName);
  out->appendf("font_scale=%.2f\n", static_cast<double>(s->font_scale));
  out->append("\n");
}

}  // namespace

void ParseSettingsLine(const char* line, AppSettings* settings) {
  float v = 0;
  if (std::sscanf(line, "font_scale=%f", &v) == 1 && v >= 0.5f && v <= 4.0f) {
    settings->font_scale = v;
    settings->font_scale_loaded = true;
  }
}

void RegisterSettingsHandler(AppSettings* settings) {
  ImGuiSettingsHandler h;
  h.TypeName = "FakecriGui";
  h.TypeHash = ImHashStr("FakecriGui");
  h.ReadOpenFn = ReadOpen;
  h.ReadLineFn = ReadLine;
  h.WriteAllFn = WriteAll;
  h.UserData = settings;
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(h);
}

void LoadIni(const std::string& path) {
  std::error_code ec;
  if (!path.empty() && std::filesystem::exists(path, ec)) {
    ImGui::LoadIniSettingsFromDisk(path.c_str());
  }
}

void MarkSettingsChanged() { ImGui::MarkIniSettingsDirty(); }

std::string DefaultIniPath() {
  std::filesystem::path dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && *x) {
    dir = x;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home) {
    dir = std::filesystem::path(home) / ".config";
  } else {
    return "";
  }
  dir /= "fakecri";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "";
  return (dir / "imgui.ini").string();
}

}  // namespace fakecri::gui
