// File: unix_socket.h
// Preparing a unix socket path for listening: refuse a path a live server
// holds, clear a stale socket file, create the parent directory.
#ifndef FAKECRI_SERVER_UNIX_SOCKET_H_
#define FAKECRI_SERVER_UNIX_SOCKET_H_

#include <string>

#include "absl/status/statusor.h"

namespace fakecri::runtime {

// "unix:///a/b.sock" or "unix:/a/b.sock" -> "/a/b.sock"; other schemes are
// rejected with InvalidArgument.
absl::StatusOr<std::string> UnixSocketPath(const std::string& endpoint);

// FailedPrecondition when something accepts connections at `path`; removes
// a stale socket file; refuses to touch a path that is not a socket.
absl::Status PrepareSocketPath(const std::string& path);

// Sets the socket file's mode (0660: owner and group may connect).
absl::Status RestrictSocketMode(const std::string& path);

}  // namespace fakecri::runtime

#endif  // FAKECRI_SERVER_UNIX_SOCKET_H_
