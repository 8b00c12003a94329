// File: tar_writer.h
// Writes a minimal POSIX ustar archive of in-memory files (used for
// CheckpointContainer archives).
#ifndef FAKECRI_MANAGER_TAR_WRITER_H_
#define FAKECRI_MANAGER_TAR_WRITER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fakecri::runtime {

struct TarEntry {
  std::string name;  // < 100 bytes
  std::string data;
};

// The archive in memory; `mtime` in seconds since the epoch.
absl::StatusOr<std::string> MakeTar(const std::vector<TarEntry>& entries,
                                    int64_t mtime);

// Writes all of `data` to `fd` (retrying short writes and EINTR).
absl::Status WriteAll(int fd, std::string_view data);

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_TAR_WRITER_H_
