// File: host_file.cc
// OpenHostFile: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) when the
// kernel has it (one syscall when the directories exist), else, or to
// create missing directories, a walk of openat(O_DIRECTORY | O_NOFOLLOW) /
// mkdirat one component at a time. Either way nothing below the root is
// followed through a symlink, whenever it was made.
#include "fake_runtime/logs/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <system_error>

#include "fake_runtime/common/str_cat.h"

namespace fakecri::logs {
namespace {

// error_code's message, unlike strerror, is safe on any thread.
std::string ErrnoText(int e) {
  return std::error_code(e, std::generic_category()).message();
}

std::string Quote(std::string_view s) { return StrCat("\"", s, "\""); }

// Closes an fd when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  void Reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// `mkdir -p` costing one syscall per missing level (no root: links are
// followed, as containerd's os.MkdirAll does).
bool MakeDirs(const std::string& dir) {
  if (dir.empty()) return false;
  if (::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) return true;
  if (errno != ENOENT) return false;
  const size_t slash = dir.rfind('/');
  if (slash == std::string::npos || slash == 0) return false;
  if (!MakeDirs(dir.substr(0, slash))) return false;
  return ::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST;
}

// What open(2) said, as a status; InvalidArgument when a FIFO without a
// reader refused a non-blocking open (ENXIO) and only regular files will do.
absl::Status OpenError(int e, std::string_view path, const HostFileOptions& o) {
  if (e == ENXIO && o.regular_only) {
    return absl::InvalidArgumentError(
        StrCat("path ", Quote(path), " exists and is not a regular file"));
  }
  return absl::UnknownError(ErrnoText(e));
}

int OpenPlain(const std::string& path, int flags, const HostFileOptions& o) {
  int fd = ::open(path.c_str(), flags, o.mode);
  if (fd < 0 && errno == ENOENT && o.create_parents) {
    const size_t slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0 &&
        MakeDirs(path.substr(0, slash))) {
      fd = ::open(path.c_str(), flags, o.mode);
    }
  }
  return fd;
}

// -1 with errno ENOSYS when the kernel (or a seccomp filter) lacks it.
int OpenAt2Beneath(int dirfd, const std::string& rel, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags);
  how.mode = (flags & O_CREAT) != 0 ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(
      ::syscall(SYS_openat2, dirfd, rel.c_str(), &how, sizeof(how)));
}

// True when `name` in `dirfd` is a symlink (to explain ELOOP / ENOTDIR).
bool IsSymlinkAt(int dirfd, const std::string& name) {
  struct stat st {};
  return ::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISLNK(st.st_mode);
}

// The walk: `rel` is relative and clean. Sets *symlink when a component
// was a symlink.
int OpenWalk(int rootfd, const std::string& rel, int flags,
             const HostFileOptions& o, bool* symlink) {
  Fd dir(::fcntl(rootfd, F_DUPFD_CLOEXEC, 0));
  if (dir.get() < 0) return -1;
  size_t start = 0;
  while (true) {
    const size_t slash = rel.find('/', start);
    const std::string name = rel.substr(
        start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash == std::string::npos) {
      const int fd = ::openat(dir.get(), name.c_str(), flags, o.mode);
      if (fd < 0 && errno == ELOOP) *symlink = true;
      return fd;
    }
    const int dir_flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int next = ::openat(dir.get(), name.c_str(), dir_flags);
    if (next < 0 && errno == ENOENT && o.create_parents) {
      if (::mkdirat(dir.get(), name.c_str(), 0755) == 0 || errno == EEXIST) {
        next = ::openat(dir.get(), name.c_str(), dir_flags);
      }
    }
    if (next < 0) {
      const int e = errno;
      if ((e == ENOTDIR || e == ELOOP) && IsSymlinkAt(dir.get(), name)) {
        *symlink = true;
      }
      errno = e;
      return -1;
    }
    dir.Reset(next);
    start = slash + 1;
  }
}

}  // namespace

absl::StatusOr<int> OpenHostFile(std::string_view root, std::string_view path,
                                 const HostFileOptions& options) {
  if (path.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        StrCat("path ", Quote(path), " contains a NUL byte"));
  }
  int flags = options.flags | O_CLOEXEC;
  // A FIFO without a reader would block the open itself.
  if (options.regular_only) flags |= O_NONBLOCK;
  Fd fd;
  if (root.empty()) {
    fd.Reset(OpenPlain(std::string(path), flags, options));
    if (fd.get() < 0) return OpenError(errno, path, options);
  } else {
    const std::string clean_root = CleanPath(root);
    const std::string clean = CleanPath(path);
    const size_t skip = clean_root == "/" ? 1 : clean_root.size() + 1;
    const bool inside = clean.front() == '/' && clean.size() > skip &&
                        clean.compare(0, clean_root.size(), clean_root) == 0 &&
                        (clean_root == "/" || clean[clean_root.size()] == '/');
    if (!inside) {
      return absl::InvalidArgumentError(StrCat(
          "path ", Quote(path), " is not inside the root ", Quote(root)));
    }
    const std::string rel = clean.substr(skip);
    Fd rootfd(::open(clean_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (rootfd.get() < 0) {
      return absl::UnknownError(
          StrCat("root ", Quote(root), ": ", ErrnoText(errno)));
    }
    flags |= O_NOFOLLOW;
    bool symlink = false;
    int opened = OpenAt2Beneath(rootfd.get(), rel, flags, options.mode);
    if (opened < 0 && (errno == ENOSYS || errno == EPERM ||
                       (errno == ENOENT && options.create_parents))) {
      opened = OpenWalk(rootfd.get(), rel, flags, options, &symlink);
    } else if (opened < 0 && (errno == ELOOP || errno == EXDEV)) {
      symlink = true;
    }
    if (opened < 0) {
      if (symlink) {
        return absl::InvalidArgumentError(StrCat(
            "path ", Quote(path), " goes through a symlink below the root ",
            Quote(root), " (symlinks are not followed there)"));
      }
      return OpenError(errno, path, options);
    }
    fd.Reset(opened);
  }
  if (options.regular_only) {
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
      return absl::UnknownError(ErrnoText(errno));
    if (!S_ISREG(st.st_mode)) {
      return absl::InvalidArgumentError(
          StrCat("path ", Quote(path), " exists and is not a regular file"));
    }
    if ((options.flags & O_NONBLOCK) == 0) {
      ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    }
  }
  return fd.Release();
}

absl::Status CreateLogFile(std::string_view root, std::string_view path) {
  if (path.empty()) return absl::OkStatus();
  absl::StatusOr<int> fd =
      OpenHostFile(root, path,
                   HostFileOptions{.flags = O_WRONLY | O_CREAT | O_APPEND,
                                   .mode = kLogFileMode,
                                   .create_parents = true,
                                   .regular_only = true});
  if (!fd.ok()) {
    if (fd.status().code() == absl::StatusCode::kInvalidArgument) {
      return fd.status();
    }
    return absl::UnknownError(StrCat("failed to create and open log file ",
                                     Quote(path), ": ", fd.status().message()));
  }
  ::close(*fd);
  return absl::OkStatus();
}

}  // namespace fakecri::logs
