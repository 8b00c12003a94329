// File: log_file.h
// Creating a container's CRI log file on the host (StartContainer and
// ReopenContainerLog share it).
#ifndef FAKECRI_MANAGER_LOG_FILE_H_
#define FAKECRI_MANAGER_LOG_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace fakecri::runtime {

// Creates the parent directories and opens (creating if needed) the file at
// `path` for appending. An empty path is a no-op.
absl::Status OpenLogFile(const std::string& path);

}  // namespace fakecri::runtime

#endif  // FAKECRI_MANAGER_LOG_FILE_H_
