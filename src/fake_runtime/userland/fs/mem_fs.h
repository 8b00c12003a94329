// File: mem_fs.h
// A container's filesystem, in memory: a shared read-only image layer, a
// per-container writable layer on top (as overlayfs gives a real
// container), the files the runtime bind-mounts (/etc/hosts, ...),
// host-path mounts, /proc, /sys and /dev views and the read-only / masked
// paths a runtime applies. Nothing here writes to the host: host-path
// mounts are only listed and read, and writes to a read-write mount land in
// an in-memory layer over it.
//
// Not thread-safe: the owner (the container's userland) serialises access.
#ifndef FAKECRI_USERLAND_FS_MEM_FS_H_
#define FAKECRI_USERLAND_FS_MEM_FS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"

namespace fakecri::userland {

// Who is asking: permission checks use these (root bypasses mode bits but
// not read-only mounts).
struct Cred {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> groups;  // supplementary
};

// kCharDevice: /dev/null and friends, and masked files (which a runtime
// masks by bind-mounting /dev/null over them).
enum class FileType { kRegular, kDirectory, kSymlink, kCharDevice };

struct FileStat {
  FileType type = FileType::kRegular;
  uint32_t mode = 0644;  // permission bits only (incl. setuid/setgid/sticky)
  uint32_t uid = 0, gid = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

struct DirEntry {
  std::string name;
  FileStat stat;
};

// The read-only image layer: a tree built once per image and shared by
// every container of that image.
class ImageLayer;
std::shared_ptr<const ImageLayer> BuildImageLayer(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::vector<std::string>& dirs);
// The default layer of a busybox/alpine-like image: /bin, /etc (passwd,
// group with root, daemon, bin, nobody...), /tmp (1777), /root, /home, /var,
// /usr, /dev, /proc, /sys, /run.
std::shared_ptr<const ImageLayer> DefaultImageLayer();

// Supplies /proc content that depends on live processes.
class ProcSource {
 public:
  virtual ~ProcSource() = default;
  // Content of a file under /proc (path relative to /proc, e.g. "1/cmdline",
  // "self/status", "meminfo"), or nullopt when it does not exist.
  virtual std::optional<std::string> ReadProc(std::string_view rel,
                                              uint32_t reader_pid) = 0;
  // Entries of a directory under /proc ("" = /proc itself), or nullopt.
  virtual std::optional<std::vector<std::string>> ListProc(
      std::string_view rel, uint32_t reader_pid) = 0;
};

struct MountSpec {
  std::string container_path;  // absolute
  std::string host_path;       // absolute host directory or file
  bool readonly = false;
};

struct MemFsOptions {
  std::shared_ptr<const ImageLayer> image;  // null = DefaultImageLayer()
  // Bytes the writable layer may hold; writes past it fail with ENOSPC, as
  // on a full disk (the layer lives in the runtime's memory).
  uint64_t writable_limit_bytes = 1ull << 30;
  bool readonly_rootfs = false;
  // containerd defaults when empty (see mem_fs.cc): masked paths read as
  // empty; read-only paths refuse writes with EROFS.
  std::vector<std::string> masked_paths, readonly_paths;
  bool use_default_masked_and_readonly = true;
  std::vector<MountSpec> mounts;  // host-path mounts
  // Runtime-provided files, bind-mounted over the image's (hostname, hosts,
  // resolv.conf): path -> content. Writes stay in memory and do not count
  // in WritableBytes.
  std::vector<std::pair<std::string, std::string>> runtime_files;
  // containerd mounts the files it creates itself read-only when the rootfs
  // is read-only, while kubelet's own /etc/hosts mount stays read-write; the
  // caller picks. false: writable (mode 0644 root:root still applies).
  bool runtime_files_readonly = false;
  // /proc/sys/<a>/<b>: "net.ipv4.ip_forward" -> "1".
  std::vector<std::pair<std::string, std::string>> sysctls;
  ProcSource* proc = nullptr;       // may be null: /proc then has only sys/ and
                                    // the kernel's fixed entries (kcore, ...)
  std::function<int64_t()> now_ns;  // mtime for writes; null = 0
};

class MemFs {
 public:
  explicit MemFs(MemFsOptions options);
  ~MemFs();
  MemFs(const MemFs&) = delete;
  MemFs& operator=(const MemFs&) = delete;

  // Paths are absolute or relative to `cwd`; "." and ".." are resolved
  // lexically, symlinks in the image layer are followed.
  // The methods below take paths from Resolve (a relative path is taken
  // relative to "/"). A trailing "/" demands a directory, as on Linux.
  static std::string Resolve(std::string_view cwd, std::string_view path);

  FsResult<std::string> ReadFile(std::string_view path, const Cred& cred,
                                 uint32_t pid = 1);
  // Creates the file if missing (mode 0644, owned by cred), truncating or
  // appending. EISDIR, ENOENT (missing parent), EACCES, EROFS as Linux.
  FsResult<bool> WriteFile(std::string_view path, std::string_view data,
                           bool append, const Cred& cred);
  FsResult<bool> Touch(std::string_view path, const Cred& cred);
  FsResult<bool> Mkdir(std::string_view path, bool parents, uint32_t mode,
                       const Cred& cred);
  // rm: a file, or a directory when `recursive`; rmdir semantics otherwise
  // (ENOTEMPTY / EISDIR as the caller needs). Never follows a final symlink.
  // Recursive removal goes on past failures, as rm -r does, and returns the
  // first error. Mount points (runtime files, mounts, /proc...) give EBUSY.
  FsResult<bool> Remove(std::string_view path, bool recursive,
                        const Cred& cred);
  // stat(2) as root (no search-permission checks), following symlinks.
  FsResult<FileStat> Stat(std::string_view path, uint32_t pid = 1);
  // stat(2) / lstat(2) as `cred`: EACCES when a directory on the way is not
  // searchable.
  FsResult<FileStat> Stat(std::string_view path, const Cred& cred,
                          uint32_t pid = 1);
  FsResult<FileStat> Lstat(std::string_view path, const Cred& cred,
                           uint32_t pid = 1);
  // readlink(2): EINVAL when not a symlink.
  FsResult<std::string> Readlink(std::string_view path, const Cred& cred);
  // symlink(2): creates `link_path` pointing at `target` (not checked).
  FsResult<bool> Symlink(std::string_view target, std::string_view link_path,
                         const Cred& cred);
  // chmod(2): owner or root only (EPERM otherwise); follows symlinks.
  FsResult<bool> Chmod(std::string_view path, uint32_t mode, const Cred& cred);
  // Entries sorted by name, without "." and ".."; entry stats are lstat's.
  FsResult<std::vector<DirEntry>> List(std::string_view path, const Cred& cred,
                                       uint32_t pid = 1);
  bool Exists(std::string_view path) { return Stat(path).ok(); }
  // Access check as access(2): want = bits of R_OK 4 / W_OK 2 / X_OK 1.
  Errno Access(std::string_view path, int want, const Cred& cred);

  // Bytes and inodes the container added in its writable layer (for
  // ContainerStats.writable_layer); runtime files and mounts excluded.
  // Bytes: contents of the regular files in the layer; inodes: every entry
  // the layer holds (new and copied-up files and directories, whiteouts).
  uint64_t WritableBytes() const;
  uint64_t WritableInodes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_FS_MEM_FS_H_
