#include "fake_runtime/manager/log_file.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace fakecri::runtime {

absl::Status OpenLogFile(const std::string& path) {
  if (path.empty()) return absl::OkStatus();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(),
                                      ec);
  std::ofstream f(path, std::ios::app);
  if (!f) {
    return absl::UnknownError(
        absl::StrCat("failed to create and open log file \"", path,
                     "\": ", ec ? ec.message() : "cannot open"));
  }
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
