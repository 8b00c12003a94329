// File: fonts.h
// The fonts, built at the chosen scale (crisp at any size, unlike
// stretching a small bitmap): DejaVu Sans for the interface and DejaVu
// Sans Mono for requests and responses (Debian's fonts-dejavu-core), or
// ImGui's built-in font when those files are missing. The style's sizes
// (padding, spacing, rounding) scale with them.
#ifndef FAKECRI_GUI_APP_FONTS_H_
#define FAKECRI_GUI_APP_FONTS_H_

struct ImFont;

namespace fakecri::gui {

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* mono = nullptr;
  ImFont* heading = nullptr;  // lane headers, titles
  ImFont* small = nullptr;    // second lines (lane subtitles)
  float scale = 1.0f;
  bool dejavu = false;  // the TTF files were found
};

// Rebuilds the atlas and the style for `scale` (clamped to 0.5..4). The
// caller re-uploads the font texture (Window::ReloadFontTexture) when a
// frame has already been drawn.
Fonts BuildFonts(float scale);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_FONTS_H_
