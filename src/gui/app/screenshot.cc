// File: screenshot.cc
#include "gui/app/screenshot.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace fakecri::gui {

absl::Status SaveScreenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) {
    return absl::FailedPreconditionError("the window has no pixels");
  }
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row * static_cast<size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum err = glGetError(); err != GL_NO_ERROR) {
    return absl::InternalError(absl::StrCat("glReadPixels failed: 0x", err));
  }
  // OpenGL's rows go bottom-up; a PNG's top-down.
  std::vector<uint8_t> line(row);
  for (int y = 0; y < height / 2; ++y) {
    uint8_t* a = pixels.data() + row * static_cast<size_t>(y);
    uint8_t* b = pixels.data() + row * static_cast<size_t>(height - 1 - y);
    std::memcpy(line.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, line.data(), row);
  }
  stbi_write_png_compression_level = 9;  // smaller files for the docs
  if (stbi_write_png(path.c_str(), width, height, 3, pixels.data(),
                     static_cast<int>(row)) == 0) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace fakecri::gui
