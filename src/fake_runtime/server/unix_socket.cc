#include "fake_runtime/server/unix_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fakecri::runtime {

absl::StatusOr<std::string> UnixSocketPath(const std::string& endpoint) {
  std::string path;
  if (absl::StartsWith(endpoint, "unix://")) {
    path = endpoint.substr(7);
  } else if (absl::StartsWith(endpoint, "unix:")) {
    path = endpoint.substr(5);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address \"", endpoint,
                     "\" must be a unix socket: unix:///path/to.sock"));
  }
  if (path.empty() || path.front() != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("socket path in \"", endpoint, "\" must be absolute"));
  }
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("socket path \"", path, "\" is too long (max ",
                     sizeof(sockaddr_un{}.sun_path) - 1, ")"));
  }
  return path;
}

absl::Status PrepareSocketPath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p(path);
  std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create directory \"", p.parent_path().string(),
                     "\": ", ec.message()));
  }
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return absl::OkStatus();  // nothing there
  if (!S_ISSOCK(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "\"", path, "\" exists and is not a socket; not touching it"));
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return absl::InternalError(
        absl::StrCat("socket(): ", std::strerror(errno)));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  close(fd);
  if (rc == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("another server is already listening on \"", path,
                     "\"; stop it or choose another path with --listen"));
  }
  if (err != ECONNREFUSED && err != ENOENT) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot probe \"", path, "\": ", std::strerror(err)));
  }
  // Stale: left behind by a server that did not shut down cleanly.
  if (unlink(path.c_str()) != 0 && errno != ENOENT) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot remove stale socket \"", path, "\": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status RestrictSocketMode(const std::string& path) {
  if (chmod(path.c_str(), 0660) != 0) {
    return absl::InternalError(
        absl::StrCat("chmod 0660 \"", path, "\": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
