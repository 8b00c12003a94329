// File: errno.cc
// strerror() wording for the errors a simulated file operation can end with.
#include "fake_runtime/userland/fs/errno.h"

namespace fakecri::userland {

std::string_view ErrnoText(Errno e) {
  switch (e) {
    case Errno::kOk:
      return "Success";
    case Errno::kPerm:
      return "Operation not permitted";
    case Errno::kNoEnt:
      return "No such file or directory";
    case Errno::kAccess:
      return "Permission denied";
    case Errno::kExist:
      return "File exists";
    case Errno::kNotDir:
      return "Not a directory";
    case Errno::kIsDir:
      return "Is a directory";
    case Errno::kInval:
      return "Invalid argument";
    case Errno::kNoSpace:
      return "No space left on device";
    case Errno::kRoFs:
      return "Read-only file system";
    case Errno::kNotEmpty:
      return "Directory not empty";
    case Errno::kBusy:
      return "Device or resource busy";
    case Errno::kLoop:
      return "Too many levels of symbolic links";
  }
  return "Unknown error";
}

}  // namespace fakecri::userland
