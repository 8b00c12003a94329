// File: mem_fs_impl.h
// MemFs's state and its lookup machinery, shared by mem_fs_lookup.cc
// (which mount covers a path, path walks, listings) and mem_fs.cc (the
// operations and their permission checks). Everything optional is held
// only when the options ask for it, so an untouched container filesystem
// stays a few hundred bytes.
#ifndef FAKECRI_USERLAND_FS_MEM_FS_IMPL_H_
#define FAKECRI_USERLAND_FS_MEM_FS_IMPL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/image_layer.h"
#include "fake_runtime/userland/fs/lower_node.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fake_runtime/userland/fs/overlay.h"
#include "fake_runtime/userland/fs/proc_view.h"

namespace fakecri::userland {
namespace fs_internal {

// Overlay slots: the rootfs, the runtime's tmpfs / sysfs mounts, then one
// per host-path mount.
constexpr uint32_t kRootSlot = 0;
constexpr uint32_t kDevSlot = 1;
constexpr uint32_t kShmSlot = 2;
constexpr uint32_t kSysSlot = 3;
constexpr uint32_t kFirstMountSlot = 4;

// What serves a path: the innermost mount covering it.
struct Backing {
  enum class Kind : uint8_t {
    kOverlay,
    kProc,
    kRuntimeFile,
    kMaskedFile,
    kMaskedDir
  };
  Kind kind = Kind::kOverlay;
  uint32_t slot = kRootSlot;  // overlay slot, or runtime-file index
  bool readonly = false;
  std::string_view mount = "/";
};

struct HostMount {
  enum class HostKind : uint8_t { kMissing, kDir, kFile };
  std::string path;  // normalised container path
  std::string host;
  bool readonly = false;
  HostKind host_kind = HostKind::kMissing;
};

struct RuntimeFile {
  std::string path;
  std::string content;
  int64_t mtime_ns = 0;
  uint32_t mode = 0644;
};

// lstat of one path whose directories hold no symlinks.
struct Probed {
  Errno err = Errno::kNoEnt;
  FileStat st;
  std::string link;  // target, when a symlink
};

// Where a full path walk ended.
struct Located {
  std::string path;  // canonical: no symlinks (but the last, if not followed)
  bool exists = false;
  FileStat st;
};

constexpr int kWantR = 4;
constexpr int kWantW = 2;
constexpr int kWantX = 1;

// Mode-bit check; root passes except execute on a file with no x bit.
bool Allowed(const FileStat& st, const Cred& cred, int want);

// containerd's defaults, also what kubelet sends for the default ProcMount.
const std::vector<std::string>& DefaultMaskedPaths();
const std::vector<std::string>& DefaultReadonlyPaths();

}  // namespace fs_internal

struct MemFs::Impl {
  std::shared_ptr<const ImageLayer> image;
  // Custom lists; empty means the defaults (or none, without defaults).
  std::vector<std::string> masked, readonly;
  std::vector<fs_internal::HostMount> mounts;
  std::vector<fs_internal::RuntimeFile> runtime_files;
  std::vector<std::pair<std::string, std::string>> sysctls;  // slash keys
  ProcSource* proc = nullptr;
  std::function<int64_t()> now_fn;
  uint64_t writable_limit = 0;  // MemFsOptions::writable_limit_bytes
  fs_internal::Overlay root;
  // Overlays of the other slots, created on their first write.
  std::vector<std::pair<uint32_t, std::unique_ptr<fs_internal::Overlay>>> extra;
  int64_t created_ns = 0;
  uint32_t pid = 1;  // reader pid of the operation in progress, for /proc
  bool readonly_rootfs = false;
  bool use_defaults = true;
  bool runtime_files_readonly = false;

  explicit Impl(MemFsOptions options);
  int64_t Now() const { return now_fn ? now_fn() : 0; }

  const std::vector<std::string>& MaskedPaths() const;
  const std::vector<std::string>& ReadonlyPaths() const;

  // --- lookups (mem_fs_lookup.cc) ---
  fs_internal::Backing Cover(std::string_view path, bool ignore_masks);
  fs_internal::Probed Probe(std::string_view path, bool ignore_masks = false);
  FsResult<fs_internal::Located> Walk(std::string_view path, bool follow_final,
                                      const Cred& cred);
  // Entries of a canonical directory, mount points included; no checks.
  FsResult<std::vector<DirEntry>> ListDir(std::string_view path);
  FsResult<std::string> ReadAt(std::string_view path);
  // A path something is mounted on (EBUSY to remove).
  bool IsMountPoint(std::string_view path);
  // Writes refused with EROFS: a read-only mount, or a read-only path.
  bool IsReadonly(const fs_internal::Backing& b, std::string_view path) const;

  fs_internal::LowerNode LowerRoot(uint32_t slot) const;
  const fs_internal::Overlay& OverlayView(uint32_t slot) const;
  fs_internal::Overlay& OverlayFor(uint32_t slot);
  fs_internal::ProcContext ProcCtx() const;

  // --- the second halves of operations, past the path walk (mem_fs.cc) ---
  // open(O_CREAT) of a missing canonical path.
  FsResult<bool> CreateFile(const std::string& path, std::string_view data,
                            const Cred& cred);
  // A write to an existing file whose permissions were checked.
  FsResult<bool> WriteExisting(const fs_internal::Located& loc,
                               std::string_view data, bool append,
                               const Cred& cred);
  FsResult<bool> MkdirAt(const std::string& path, uint32_t mode,
                         const Cred& cred);
  Errno RemoveAt(const std::string& path, const FileStat& st, bool recursive,
                 const Cred& cred);

 private:
  bool IsMountAncestor(std::string_view path) const;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_FS_MEM_FS_IMPL_H_
