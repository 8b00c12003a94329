// File: errno.h
// The errors a simulated file operation can end with, worded as strerror()
// words them on Linux, so programs can print the exact text real tools do.
#ifndef FAKECRI_USERLAND_FS_ERRNO_H_
#define FAKECRI_USERLAND_FS_ERRNO_H_

#include <string_view>
#include <utility>
#include <variant>

namespace fakecri::userland {

enum class Errno {
  kOk = 0,
  kPerm,      // EPERM     "Operation not permitted"
  kNoEnt,     // ENOENT    "No such file or directory"
  kAccess,    // EACCES    "Permission denied"
  kExist,     // EEXIST    "File exists"
  kNotDir,    // ENOTDIR   "Not a directory"
  kIsDir,     // EISDIR    "Is a directory"
  kInval,     // EINVAL    "Invalid argument"
  kNoSpace,   // ENOSPC    "No space left on device"
  kRoFs,      // EROFS     "Read-only file system"
  kNotEmpty,  // ENOTEMPTY "Directory not empty"
  kBusy,      // EBUSY     "Device or resource busy" (removing a mount point)
  kLoop,      // ELOOP     "Too many levels of symbolic links"
};

std::string_view ErrnoText(Errno e);

// A value or an Errno.
template <typename T>
class FsResult {
 public:
  FsResult(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  FsResult(Errno e) : v_(e) {}                 // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  Errno error() const { return ok() ? Errno::kOk : std::get<Errno>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Errno> v_;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_FS_ERRNO_H_
