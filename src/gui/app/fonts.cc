// File: fonts.cc
#include "gui/app/fonts.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace fakecri::gui {
namespace {

constexpr float kBaseSize = 17.0f;     // px at scale 1: readable on a laptop
constexpr float kHeadingSize = 19.0f;  // lane headers
constexpr float kSmallSize = 15.0f;    // lane subtitles

constexpr const char* kSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kSansBold =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* kMono =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

bool Exists(const char* path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

ImFont* Load(const char* path, float size) {
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  ImFont* f = ImGui::GetIO().Fonts->AddFontFromFileTTF(
      path, size, &cfg, ImGui::GetIO().Fonts->GetGlyphRangesDefault());
  return f;
}

ImFont* Builtin(float size) {
  ImFontConfig cfg;
  cfg.SizePixels = size;
  return ImGui::GetIO().Fonts->AddFontDefault(&cfg);
}

void ApplyStyle(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(9, 6);
  // Higher contrast than the default dark theme: a projector washes out
  // dark greys, so text is white and panel titles stand out.
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = ImVec4(0.97f, 0.97f, 0.97f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.70f, 0.70f, 0.72f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.16f, 0.22f, 0.33f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.20f, 0.32f, 0.52f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace

Fonts BuildFonts(float scale) {
  scale = std::clamp(scale, 0.5f, 4.0f);
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  Fonts f;
  f.scale = scale;
  f.dejavu = Exists(kSans) && Exists(kMono);
  if (f.dejavu) {
    f.ui = Load(kSans, kBaseSize * scale);
    f.mono = Load(kMono, (kBaseSize - 1) * scale);
    f.heading =
        Load(Exists(kSansBold) ? kSansBold : kSans, kHeadingSize * scale);
    f.small = Load(kSans, kSmallSize * scale);
  }
  if (f.ui == nullptr || f.mono == nullptr || f.heading == nullptr ||
      f.small == nullptr) {
    atlas->Clear();
    f.dejavu = false;
    f.ui = Builtin(13.0f * scale);
    f.mono = f.ui;
    f.heading = Builtin(15.0f * scale);
    f.small = f.ui;
  }
  atlas->Build();
  ImGui::GetIO().FontDefault = f.ui;
  ApplyStyle(scale);
  return f;
}

}  // namespace fakecri::gui
