// File: window.h
// The one GLFW window with an OpenGL 3.3 core context and Dear ImGui on
// it (Debian's libimgui carries the GLFW and OpenGL3 backends). Owns the
// ImGui context for its lifetime.
#ifndef FAKECRI_GUI_APP_WINDOW_H_
#define FAKECRI_GUI_APP_WINDOW_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct GLFWwindow;

namespace fakecri::gui {

struct WindowOptions {
  std::string title = "fakecri-gui";
  int width = 1600;
  int height = 900;
  bool vsync = true;
};

class Window {
 public:
  // Fails when there is no display or no OpenGL 3.3.
  static absl::StatusOr<std::unique_ptr<Window>> Open(
      const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool ShouldClose() const;
  void RequestClose();
  // Polls input and starts an ImGui frame.
  void BeginFrame();
  // Renders the frame into the back buffer (a screenshot reads it here).
  void Render();
  void Swap();
  // Framebuffer size in pixels.
  int width() const;
  int height() const;
  // Called when the fonts changed (new atlas texture).
  void ReloadFontTexture();

 private:
  explicit Window(GLFWwindow* w) : window_(w) {}
  GLFWwindow* window_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_WINDOW_H_
