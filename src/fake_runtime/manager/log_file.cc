#include "fake_runtime/manager/log_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "absl/strings/str_cat.h"

namespace fakecri::runtime {
namespace {

// As containerd's CRI log files.
constexpr mode_t kLogFileMode = 0640;

// `mkdir -p` costing one syscall per missing level: StartContainer runs it
// for every container, and std::filesystem::create_directories first stats
// each ancestor.
bool MakeDirs(const std::string& dir) {
  if (dir.empty()) return false;
  if (::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) return true;
  if (errno != ENOENT) return false;
  const size_t slash = dir.rfind('/');
  if (slash == std::string::npos || slash == 0) return false;
  if (!MakeDirs(dir.substr(0, slash))) return false;
  return ::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST;
}

int OpenForAppend(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                kLogFileMode);
}

}  // namespace

absl::Status OpenLogFile(const std::string& path) {
  if (path.empty()) return absl::OkStatus();
  int fd = OpenForAppend(path);
  if (fd < 0 && errno == ENOENT) {
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0 &&
        MakeDirs(path.substr(0, slash))) {
      fd = OpenForAppend(path);
    }
  }
  if (fd < 0) {
    // error_code's message, unlike strerror, is safe on any thread.
    return absl::UnknownError(absl::StrCat(
        "failed to create and open log file \"", path,
        "\": ", std::error_code(errno, std::generic_category()).message()));
  }
  ::close(fd);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
