// File: window.cc
#include "gui/app/window.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace fakecri::gui {
namespace {

std::string& LastGlfwError() {
  static std::string error;
  return error;
}

void OnGlfwError(int code, const char* description) {
  LastGlfwError() = absl::StrCat("GLFW error ", code, ": ", description);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Window>> Window::Open(
    const WindowOptions& options) {
  glfwSetErrorCallback(OnGlfwError);
  if (!glfwInit()) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open a window (no display? set DISPLAY, or run under "
        "xvfb-run): ",
        LastGlfwError()));
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* w = glfwCreateWindow(options.width, options.height,
                                   options.title.c_str(), nullptr, nullptr);
  if (w == nullptr) {
    const std::string why = LastGlfwError();
    glfwTerminate();
    return absl::UnavailableError(
        absl::StrCat("cannot create an OpenGL 3.3 window: ", why));
  }
  glfwMakeContextCurrent(w);
  glfwSwapInterval(options.vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui_ImplGlfw_InitForOpenGL(w, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return std::unique_ptr<Window>(new Window(w));
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Window::ShouldClose() const { return glfwWindowShouldClose(window_); }

void Window::RequestClose() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

void Window::BeginFrame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Window::Render() {
  ImGui::Render();
  glViewport(0, 0, width(), height());
  glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::Swap() { glfwSwapBuffers(window_); }

int Window::width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}

int Window::height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

void Window::ReloadFontTexture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace fakecri::gui
