// File: screenshot.h
// Saves what the last Render() drew (the back buffer) as a PNG, with
// Debian's libstb (stbi_write_png).
#ifndef FAKECRI_GUI_APP_SCREENSHOT_H_
#define FAKECRI_GUI_APP_SCREENSHOT_H_

#include <string>

#include "absl/status/status.h"

namespace fakecri::gui {

absl::Status SaveScreenshot(const std::string& path, int width, int height);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_APP_SCREENSHOT_H_
