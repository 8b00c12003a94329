// File: tar_writer.h
// Writes a minimal POSIX ustar archive of in-memory files (used for
// CheckpointContainer archives).
#ifndef FAKECRI_MANAGER_TAR_WRITER_H_
#define FAKECRI_MANAGER_TAR_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace fakecri::runtime {

struct TarEntry {
  std::string name;  // < 100 bytes
  std::string data;
};

// `mtime` in seconds since the epoch. Overwrites `path`.
absl::Status WriteTar(const std::string& path,
                      const std::vector<TarEntry>& entries, int64_t mtime);

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_TAR_WRITER_H_
