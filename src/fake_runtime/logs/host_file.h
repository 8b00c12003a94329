// File: host_file.h
// Opening a file the runtime writes on the host (container logs,
// checkpoint archives) at a path a client chose. Under a root (--log-root)
// the path is resolved below the root without following any symlink, the
// way openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) does, so a directory
// or file that is, or later becomes, a symlink cannot take a write outside
// the root; a string prefix check could not see that.
#ifndef FAKECRI_LOGS_HOST_FILE_H_
#define FAKECRI_LOGS_HOST_FILE_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fakecri::logs {

// Go's filepath.Clean: the shortest lexically equal path ("..", "." and
// repeated slashes removed; ".." above "/" stays at "/").
std::string CleanPath(std::string_view path);

struct HostFileOptions {
  // open(2) flags; O_CLOEXEC and, under a root, O_NOFOLLOW are added.
  int flags = 0;
  mode_t mode = 0640;
  // Create missing parent directories (0755), as a log directory is.
  bool create_parents = false;
  // Refuse anything but a regular file (a FIFO, a device, a socket):
  // writing to those can block forever or reach somewhere else.
  bool regular_only = false;
};

// Opens `path` and returns the fd (the caller closes it). With an empty
// `root`, `path` is opened as given (any absolute or relative path, links
// followed, as containerd does). With a root, `path` must be absolute and
// strictly inside it after CleanPath; every component below the root must
// be a real directory (the last a real file): a symlink there is
// InvalidArgument naming the path and the root. The root itself may be a
// symlink (the operator chose it). Other failures carry the errno text.
absl::StatusOr<int> OpenHostFile(std::string_view root, std::string_view path,
                                 const HostFileOptions& options);

// A container's log file: creates it (and its directories) for appending
// if missing, then closes it. "" is a no-op. Confined to `root` as above,
// and a regular file only: StartContainer and ReopenContainerLog run it
// under the manager's lock, so it must not block (a FIFO would).
absl::Status CreateLogFile(std::string_view root, std::string_view path);

// Flags and mode of a container log file, as containerd opens it.
inline constexpr mode_t kLogFileMode = 0640;

}  // namespace fakecri::logs

#endif  // FAKECRI_LOGS_HOST_FILE_H_
