// File: log_path.cc
// ResolveLogPath: where a container's log file goes. The kubelet sends the
// sandbox's log_directory and a log_path relative to it; containerd joins
// them with Go's filepath.Join. The check against a root is fakecri's own:
// the paths come from the client, and the files are real host files.
#include <string>
#include <vector>

#include "fake_runtime/logs/cri_log.h"
#include "fake_runtime/logs/host_file.h"

namespace fakecri::logs {

// ".." above the root of an absolute path stays at the root; in a relative
// one it is kept.
std::string CleanPath(std::string_view path) {
  const bool rooted = !path.empty() && path.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    i = j;
    if (part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) return rooted ? std::string("/") : std::string(".");
  std::string out;
  if (rooted) out.push_back('/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out.push_back('/');
    out.append(parts[k]);
  }
  return out;
}

namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

}  // namespace

absl::StatusOr<std::string> ResolveLogPath(std::string_view root,
                                           std::string_view log_directory,
                                           std::string_view log_path) {
  if (log_path.empty()) return std::string();
  std::string joined;
  if (log_directory.empty()) {
    joined = std::string(log_path);
  } else {
    joined.reserve(log_directory.size() + 1 + log_path.size());
    joined.append(log_directory);
    joined.push_back('/');
    joined.append(log_path);
  }
  // open(2) would silently stop at the NUL and write somewhere else.
  if (joined.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("log path " + Quoted(joined) +
                                      " contains a NUL byte");
  }
  std::string cleaned = CleanPath(joined);
  if (root.empty()) return cleaned;

  if (cleaned.front() != '/') {
    return absl::InvalidArgumentError("log path " + Quoted(joined) +
                                      " is relative, but a log root " +
                                      Quoted(root) + " is set");
  }
  const std::string clean_root = CleanPath(root);
  const bool inside =
      clean_root == "/"
          ? cleaned != "/"
          : cleaned.size() > clean_root.size() + 1 &&
                cleaned.compare(0, clean_root.size(), clean_root) == 0 &&
                cleaned[clean_root.size()] == '/';
  if (!inside) {
    if (cleaned == clean_root) {
      return absl::InvalidArgumentError("log path " + Quoted(joined) +
                                        " is the log root " + Quoted(root) +
                                        " itself, not a file in it");
    }
    return absl::InvalidArgumentError("log path " + Quoted(joined) +
                                      " escapes the log root " + Quoted(root));
  }
  return cleaned;
}

}  // namespace fakecri::logs
