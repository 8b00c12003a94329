// File: fs_test_util.h
// Helpers shared by the filesystem tests: readable Errno output, a host
// temp directory the tests fill (and snapshot, to prove MemFs never
// changes it), a settable clock and a fake ProcSource.
#ifndef FAKECRI_TESTS_USERLAND_FS_FS_TEST_UTIL_H_
#define FAKECRI_TESTS_USERLAND_FS_FS_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland {

inline void PrintTo(Errno e, std::ostream* os) {
  *os << "Errno(" << ErrnoText(e) << ")";
}

}  // namespace fakecri::userland

namespace fakecri::userland::testing {

// FsResult's error, kOk when it holds a value.
template <typename T>
Errno ErrOf(const FsResult<T>& r) {
  return r.error();
}

inline const Cred kRoot{};
// A non-root user whose primary group has the uid's number.
inline Cred User(uint32_t uid, std::vector<uint32_t> groups = {}) {
  return Cred{uid, uid, std::move(groups)};
}

// A fresh directory on the host, removed with everything in it at the end.
class HostDir {
 public:
  HostDir() {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / "memfs.XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    if (made != nullptr) path_ = made;
  }
  ~HostDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  HostDir(const HostDir&) = delete;
  HostDir& operator=(const HostDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Put(const std::string& rel, const std::string& content) const {
    std::filesystem::path p = std::filesystem::path(path_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  // Every file below the directory with its content; directories as "/".
  std::map<std::string, std::string> Snapshot() const {
    std::map<std::string, std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path_)) {
      std::string rel = std::filesystem::relative(e.path(), path_).string();
      if (e.is_directory()) {
        out[rel] = "/";
      } else {
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        out[rel] = ss.str();
      }
    }
    return out;
  }

 private:
  std::string path_;
};

class FakeProc : public ProcSource {
 public:
  std::map<std::string, std::string, std::less<>> files;
  std::map<std::string, std::vector<std::string>, std::less<>> dirs;
  std::vector<uint32_t> readers;

  std::optional<std::string> ReadProc(std::string_view rel,
                                      uint32_t reader_pid) override {
    readers.push_back(reader_pid);
    auto it = files.find(rel);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::vector<std::string>> ListProc(
      std::string_view rel, uint32_t reader_pid) override {
    readers.push_back(reader_pid);
    auto it = dirs.find(rel);
    if (it == dirs.end()) return std::nullopt;
    return it->second;
  }
};

inline std::vector<std::string> Names(const std::vector<DirEntry>& entries) {
  std::vector<std::string> out;
  for (const DirEntry& e : entries) out.push_back(e.name);
  return out;
}

}  // namespace fakecri::userland::testing

#endif  // FAKECRI_TESTS_USERLAND_FS_FS_TEST_UTIL_H_
