#include "fake_runtime/manager/tar_writer.h"

#include <errno.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace fakecri::runtime {
namespace {

void Octal(char* field, size_t width, uint64_t value) {
  // width includes the terminating NUL.
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
}

}  // namespace

absl::StatusOr<std::string> MakeTar(const std::vector<TarEntry>& entries,
                                    int64_t mtime) {
  std::string out;
  for (const auto& e : entries) {
    if (e.name.size() >= 100)
      return absl::InvalidArgumentError("tar entry name too long");
    char h[512];
    std::memset(h, 0, sizeof h);
    std::memcpy(h, e.name.data(), e.name.size());
    Octal(h + 100, 8, 0644);
    Octal(h + 108, 8, 0);
    Octal(h + 116, 8, 0);
    Octal(h + 124, 12, e.data.size());
    Octal(h + 136, 12, static_cast<uint64_t>(mtime));
    std::memset(h + 148, ' ', 8);  // checksum is computed with blanks here
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    unsigned sum = 0;
    for (unsigned char ch : h) sum += ch;
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    out.append(h, sizeof h);
    out.append(e.data);
    out.append((512 - e.data.size() % 512) % 512, '\0');
  }
  out.append(1024, '\0');
  return out;
}

absl::Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnknownError(
          std::error_code(errno, std::generic_category()).message());
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
