// File: mem_fs.cc
// MemFs's operations. Each one walks the path (search permission on every
// directory, symlinks followed), then checks in the order Linux does:
// existence and type, then EROFS, then mode bits, then EBUSY / ENOTEMPTY.
#include "fake_runtime/userland/fs/mem_fs.h"

#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/mem_fs_impl.h"
#include "fake_runtime/userland/fs/path.h"

namespace fakecri::userland {

using fs_internal::Backing;
using fs_internal::HostMount;
using fs_internal::kWantR;
using fs_internal::kWantW;
using fs_internal::kWantX;
using fs_internal::Located;
using fs_internal::NewEntry;
using fs_internal::Probed;

namespace fs_internal {

const std::vector<std::string>& DefaultMaskedPaths() {
  static const std::vector<std::string> paths = {
      "/proc/acpi",
      "/proc/asound",
      "/proc/kcore",
      "/proc/keys",
      "/proc/latency_stats",
      "/proc/timer_list",
      "/proc/timer_stats",
      "/proc/sched_debug",
      "/proc/scsi",
      "/sys/firmware",
      "/sys/devices/virtual/powercap",
  };
  return paths;
}

const std::vector<std::string>& DefaultReadonlyPaths() {
  static const std::vector<std::string> paths = {
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
  };
  return paths;
}

}  // namespace fs_internal

namespace {

// Normalised and de-duplicated; a list equal to the defaults is dropped so
// that kubelet's explicit copy of them costs nothing per container.
std::vector<std::string> PathList(const std::vector<std::string>& given,
                                  const std::vector<std::string>& defaults) {
  std::set<std::string> set;
  for (const std::string& p : given) {
    set.insert(fs_internal::NormalizePath("/", p));
  }
  if (set == std::set<std::string>(defaults.begin(), defaults.end())) {
    return {};
  }
  return std::vector<std::string>(set.begin(), set.end());
}

std::string Abs(std::string_view path) {
  return fs_internal::NormalizePath("/", path);
}

std::vector<std::string_view> Inside(std::string_view path, const Backing& b) {
  return fs_internal::SplitPath(fs_internal::PathInside(path, b.mount));
}

// A mount destination with the image's symlinks resolved inside the
// rootfs, as runc does before mounting: kubelet's
// /var/run/secrets/... lands in /run/secrets/... on an image where
// /var/run -> ../run.
std::string InImage(const ImageLayer& image, std::string_view path) {
  std::string abs = Abs(path);
  std::vector<std::string> todo;
  for (std::string_view c : fs_internal::SplitPath(abs)) {
    todo.emplace_back(c);
  }
  std::reverse(todo.begin(), todo.end());
  std::string cur = "/";
  int hops = 0;
  while (!todo.empty()) {
    const std::string c = todo.back();  // see MemFs::Impl::Walk
    todo.pop_back();
    if (c == ".") continue;
    if (c == "..") {
      cur = std::string(fs_internal::ParentPath(cur));
      continue;
    }
    std::string next = fs_internal::JoinPath(cur, c);
    std::optional<uint32_t> node = image.Find(next);
    if (node && image.node(*node).type == FileType::kSymlink && hops < 40) {
      ++hops;
      const std::string& target = image.node(*node).data;
      std::vector<std::string_view> parts = fs_internal::SplitPath(target);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        todo.emplace_back(*it);
      }
      if (!target.empty() && target.front() == '/') cur.assign(1, '/');
      continue;
    }
    cur = std::move(next);
  }
  return cur;
}

bool Sticky(const FileStat& dir, const FileStat& victim, const Cred& cred) {
  return (dir.mode & 01000) != 0 && cred.uid != 0 && cred.uid != victim.uid &&
         cred.uid != dir.uid;
}

}  // namespace

MemFs::Impl::Impl(MemFsOptions o)
    : image(o.image ? std::move(o.image) : DefaultImageLayer()),
      proc(o.proc),
      now_fn(std::move(o.now_ns)),
      writable_limit(o.writable_limit_bytes),
      readonly_rootfs(o.readonly_rootfs),
      use_defaults(o.use_default_masked_and_readonly),
      runtime_files_readonly(o.runtime_files_readonly) {
  created_ns = Now();
  masked = PathList(o.masked_paths, fs_internal::DefaultMaskedPaths());
  readonly = PathList(o.readonly_paths, fs_internal::DefaultReadonlyPaths());
  if (!use_defaults && masked.empty() && !o.masked_paths.empty()) {
    masked = fs_internal::DefaultMaskedPaths();  // asked for explicitly
  }
  if (!use_defaults && readonly.empty() && !o.readonly_paths.empty()) {
    readonly = fs_internal::DefaultReadonlyPaths();
  }
  mounts.reserve(o.mounts.size());
  for (MountSpec& m : o.mounts) {
    HostMount h;
    h.path = InImage(*image, m.container_path);
    h.host = std::move(m.host_path);
    h.readonly = m.readonly;
    struct stat sb {};
    if (!h.host.empty() && h.host.front() == '/' &&
        ::stat(h.host.c_str(), &sb) == 0) {
      h.host_kind = S_ISDIR(sb.st_mode) ? HostMount::HostKind::kDir
                                        : HostMount::HostKind::kFile;
    }
    mounts.push_back(std::move(h));
  }
  runtime_files.reserve(o.runtime_files.size());
  for (auto& [path, content] : o.runtime_files) {
    runtime_files.push_back(fs_internal::RuntimeFile{
        InImage(*image, path), std::move(content), created_ns, 0644});
  }
  sysctls.reserve(o.sysctls.size());
  for (auto& [key, value] : o.sysctls) {
    sysctls.emplace_back(fs_internal::SysctlKey(key), std::move(value));
  }
}

const std::vector<std::string>& MemFs::Impl::MaskedPaths() const {
  static const std::vector<std::string> kNone;
  if (!masked.empty()) return masked;
  return use_defaults ? fs_internal::DefaultMaskedPaths() : kNone;
}

const std::vector<std::string>& MemFs::Impl::ReadonlyPaths() const {
  static const std::vector<std::string> kNone;
  if (!readonly.empty()) return readonly;
  return use_defaults ? fs_internal::DefaultReadonlyPaths() : kNone;
}

MemFs::MemFs(MemFsOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

MemFs::~MemFs() = default;

std::string MemFs::Resolve(std::string_view cwd, std::string_view path) {
  return fs_internal::NormalizePath(cwd.empty() ? "/" : cwd, path);
}

FsResult<std::string> MemFs::ReadFile(std::string_view path, const Cred& cred,
                                      uint32_t pid) {
  impl_->pid = pid;
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (loc->st.type == FileType::kDirectory) return Errno::kIsDir;
  if (fs_internal::WantsDirectory(path)) return Errno::kNotDir;
  if (!fs_internal::Allowed(loc->st, cred, kWantR)) return Errno::kAccess;
  return impl_->ReadAt(loc->path);
}

// Creates a regular file at a missing canonical path: the checks of
// open(O_CREAT) on its parent, then the backing's create.
FsResult<bool> MemFs::Impl::CreateFile(const std::string& path,
                                       std::string_view data,
                                       const Cred& cred) {
  Probed parent = Probe(fs_internal::ParentPath(path));
  Backing b = Cover(path, /*ignore_masks=*/false);
  if (IsReadonly(b, path)) return Errno::kRoFs;
  if (!fs_internal::Allowed(parent.st, cred, kWantW | kWantX)) {
    return Errno::kAccess;
  }
  // A setgid directory hands its group down, as on Linux.
  uint32_t gid = (parent.st.mode & 02000) != 0 ? parent.st.gid : cred.gid;
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      OverlayFor(b.slot).WriteFile(LowerRoot(b.slot), Inside(path, b), data,
                                   /*append=*/false,
                                   NewEntry{0644, cred.uid, gid, Now()});
      return true;
    case Backing::Kind::kProc:
      return Errno::kAccess;  // procfs has no create
    case Backing::Kind::kRuntimeFile:
    case Backing::Kind::kMaskedFile:
    case Backing::Kind::kMaskedDir:
      break;
  }
  return Errno::kRoFs;
}

// Writes to an existing file whose permissions were checked.
FsResult<bool> MemFs::Impl::WriteExisting(const Located& loc,
                                          std::string_view data, bool append,
                                          const Cred& cred) {
  Backing b = Cover(loc.path, /*ignore_masks=*/false);
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      OverlayFor(b.slot).WriteFile(LowerRoot(b.slot), Inside(loc.path, b), data,
                                   append,
                                   NewEntry{0644, cred.uid, cred.gid, Now()});
      return true;
    case Backing::Kind::kProc: {
      std::optional<std::string> key = fs_internal::ProcSysctlFile(
          ProcCtx(), fs_internal::PathInside(loc.path, b.mount));
      if (!key) return Errno::kInval;  // other /proc files take no writes here
      std::string value(data);
      while (!value.empty() && value.back() == '\n') value.pop_back();
      for (auto& [k, v] : sysctls) {
        if (k == *key) {
          v = std::move(value);
          return true;
        }
      }
      sysctls.emplace_back(std::move(*key), std::move(value));
      return true;
    }
    case Backing::Kind::kRuntimeFile: {
      fs_internal::RuntimeFile& f = runtime_files[b.slot];
      if (append) {
        f.content.append(data);
      } else {
        f.content.assign(data);
      }
      f.mtime_ns = Now();
      return true;
    }
    case Backing::Kind::kMaskedFile:
      return true;
    case Backing::Kind::kMaskedDir:
      break;
  }
  return Errno::kRoFs;
}

FsResult<bool> MemFs::WriteFile(std::string_view path, std::string_view data,
                                bool append, const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  bool wants_dir = fs_internal::WantsDirectory(path);
  if (WritableBytes() + data.size() > impl_->writable_limit) {
    return Errno::kNoSpace;
  }
  if (!loc->exists) {
    if (wants_dir) return Errno::kIsDir;
    return impl_->CreateFile(loc->path, data, cred);
  }
  const FileStat& st = loc->st;
  if (st.type == FileType::kDirectory) return Errno::kIsDir;
  if (wants_dir) return Errno::kNotDir;
  if (st.type == FileType::kCharDevice) {
    // Devices ignore read-only mounts; their data goes nowhere.
    if (!fs_internal::Allowed(st, cred, kWantW)) return Errno::kAccess;
    if (loc->path == "/dev/full") return Errno::kNoSpace;
    return true;
  }
  Backing b = impl_->Cover(loc->path, /*ignore_masks=*/false);
  if (impl_->IsReadonly(b, loc->path)) return Errno::kRoFs;
  if (!fs_internal::Allowed(st, cred, kWantW)) return Errno::kAccess;
  return impl_->WriteExisting(*loc, data, append, cred);
}

FsResult<bool> MemFs::Touch(std::string_view path, const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) {
    if (fs_internal::WantsDirectory(path)) return Errno::kIsDir;
    return impl_->CreateFile(loc->path, "", cred);
  }
  const FileStat& st = loc->st;
  if (st.type == FileType::kCharDevice) return true;
  Backing b = impl_->Cover(loc->path, /*ignore_masks=*/false);
  if (impl_->IsReadonly(b, loc->path)) return Errno::kRoFs;
  // utimensat(NULL): the owner, or anyone who may write.
  if (cred.uid != 0 && cred.uid != st.uid &&
      !fs_internal::Allowed(st, cred, kWantW)) {
    return Errno::kAccess;
  }
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      impl_->OverlayFor(b.slot).Touch(impl_->LowerRoot(b.slot),
                                      Inside(loc->path, b), impl_->Now());
      break;
    case Backing::Kind::kRuntimeFile:
      impl_->runtime_files[b.slot].mtime_ns = impl_->Now();
      break;
    case Backing::Kind::kProc:
    case Backing::Kind::kMaskedFile:
    case Backing::Kind::kMaskedDir:
      break;
  }
  return true;
}

FsResult<bool> MemFs::Impl::MkdirAt(const std::string& path, uint32_t mode,
                                    const Cred& cred) {
  Probed parent = Probe(fs_internal::ParentPath(path));
  Backing b = Cover(path, /*ignore_masks=*/false);
  if (IsReadonly(b, path)) return Errno::kRoFs;
  if (!fs_internal::Allowed(parent.st, cred, kWantW | kWantX)) {
    return Errno::kAccess;
  }
  uint32_t gid = cred.gid;
  if ((parent.st.mode & 02000) != 0) {
    gid = parent.st.gid;
    mode |= 02000;  // and the setgid bit itself, to directories
  }
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      OverlayFor(b.slot).Mkdir(LowerRoot(b.slot), Inside(path, b),
                               NewEntry{mode, cred.uid, gid, Now()});
      return true;
    case Backing::Kind::kProc:
      return Errno::kPerm;  // procfs has no mkdir
    case Backing::Kind::kRuntimeFile:
    case Backing::Kind::kMaskedFile:
    case Backing::Kind::kMaskedDir:
      break;
  }
  return Errno::kRoFs;
}

FsResult<bool> MemFs::Mkdir(std::string_view path, bool parents, uint32_t mode,
                            const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  std::string abs = Abs(path);
  if (!parents) {
    FsResult<Located> loc = impl_->Walk(abs, /*follow_final=*/false, cred);
    if (!loc.ok()) return loc.error();
    if (loc->exists) return Errno::kExist;
    return impl_->MkdirAt(loc->path, mode & 07777, cred);
  }
  // mkdir -p: each missing level in turn; the ones above the last get u+wx
  // so that the next level can be made.
  std::vector<std::string_view> parts = fs_internal::SplitPath(abs);
  std::string prefix;
  for (size_t i = 0; i < parts.size(); ++i) {
    prefix = fs_internal::JoinPath(prefix.empty() ? "/" : prefix, parts[i]);
    bool last = i + 1 == parts.size();
    FsResult<Located> loc = impl_->Walk(prefix, /*follow_final=*/true, cred);
    if (!loc.ok()) return loc.error();
    if (loc->exists) {
      if (loc->st.type == FileType::kDirectory) continue;
      return last ? Errno::kExist : Errno::kNotDir;
    }
    FsResult<bool> made = impl_->MkdirAt(
        loc->path, last ? (mode & 07777) : ((mode & 07777) | 0300), cred);
    if (!made.ok()) return made.error();
  }
  return true;
}

Errno MemFs::Impl::RemoveAt(const std::string& path, const FileStat& st,
                            bool recursive, const Cred& cred) {
  std::string parent(fs_internal::ParentPath(path));
  Probed pp = Probe(parent);
  Backing pb = Cover(parent, /*ignore_masks=*/false);
  if (IsReadonly(pb, parent)) return Errno::kRoFs;
  if (!fs_internal::Allowed(pp.st, cred, kWantW | kWantX)) {
    return Errno::kAccess;
  }
  if (Sticky(pp.st, st, cred)) return Errno::kPerm;
  if (IsMountPoint(path)) return Errno::kBusy;
  if (st.type == FileType::kDirectory) {
    if (recursive) {
      if (!fs_internal::Allowed(st, cred, kWantR | kWantX)) {
        return Errno::kAccess;
      }
      FsResult<std::vector<DirEntry>> entries = ListDir(path);
      if (!entries.ok()) return entries.error();
      // rm -r goes on past a failure and reports the first one.
      Errno first = Errno::kOk;
      for (const DirEntry& e : *entries) {
        Errno r =
            RemoveAt(fs_internal::JoinPath(path, e.name), e.stat, true, cred);
        if (r != Errno::kOk && first == Errno::kOk) first = r;
      }
      if (first != Errno::kOk) return first;
    } else {
      FsResult<std::vector<DirEntry>> entries = ListDir(path);
      if (entries.ok() && !entries->empty()) return Errno::kNotEmpty;
    }
  }
  Backing b = Cover(path, /*ignore_masks=*/false);
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      OverlayFor(b.slot).Remove(LowerRoot(b.slot), Inside(path, b), Now());
      return Errno::kOk;
    case Backing::Kind::kProc:
      return Errno::kPerm;  // procfs has no unlink
    case Backing::Kind::kRuntimeFile:
    case Backing::Kind::kMaskedFile:
    case Backing::Kind::kMaskedDir:
      break;
  }
  return Errno::kBusy;
}

FsResult<bool> MemFs::Remove(std::string_view path, bool recursive,
                             const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/false, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (fs_internal::WantsDirectory(path) &&
      loc->st.type != FileType::kDirectory) {
    return Errno::kNotDir;
  }
  if (loc->path == "/") return Errno::kBusy;
  Errno e = impl_->RemoveAt(loc->path, loc->st, recursive, cred);
  if (e != Errno::kOk) return e;
  return true;
}

FsResult<FileStat> MemFs::Stat(std::string_view path, uint32_t pid) {
  return Stat(path, Cred{}, pid);
}

FsResult<FileStat> MemFs::Stat(std::string_view path, const Cred& cred,
                               uint32_t pid) {
  impl_->pid = pid;
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (fs_internal::WantsDirectory(path) &&
      loc->st.type != FileType::kDirectory) {
    return Errno::kNotDir;
  }
  return loc->st;
}

FsResult<FileStat> MemFs::Lstat(std::string_view path, const Cred& cred,
                                uint32_t pid) {
  impl_->pid = pid;
  if (path.empty()) return Errno::kNoEnt;
  // A trailing slash makes even lstat follow the last symlink.
  bool wants_dir = fs_internal::WantsDirectory(path);
  FsResult<Located> loc = impl_->Walk(Abs(path), wants_dir, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (wants_dir && loc->st.type != FileType::kDirectory) return Errno::kNotDir;
  return loc->st;
}

FsResult<std::string> MemFs::Readlink(std::string_view path, const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/false, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (loc->st.type != FileType::kSymlink) return Errno::kInval;
  return impl_->Probe(loc->path).link;
}

FsResult<bool> MemFs::Symlink(std::string_view target,
                              std::string_view link_path, const Cred& cred) {
  if (link_path.empty() || target.empty()) return Errno::kNoEnt;
  FsResult<Located> loc =
      impl_->Walk(Abs(link_path), /*follow_final=*/false, cred);
  if (!loc.ok()) return loc.error();
  if (loc->exists) return Errno::kExist;
  const std::string& path = loc->path;
  Probed parent = impl_->Probe(fs_internal::ParentPath(path));
  Backing b = impl_->Cover(path, /*ignore_masks=*/false);
  if (impl_->IsReadonly(b, path)) return Errno::kRoFs;
  if (!fs_internal::Allowed(parent.st, cred, kWantW | kWantX)) {
    return Errno::kAccess;
  }
  if (b.kind != Backing::Kind::kOverlay) return Errno::kPerm;
  impl_->OverlayFor(b.slot).Symlink(
      impl_->LowerRoot(b.slot), Inside(path, b), target,
      NewEntry{0777, cred.uid, cred.gid, impl_->Now()});
  return true;
}

FsResult<bool> MemFs::Chmod(std::string_view path, uint32_t mode,
                            const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  Backing b = impl_->Cover(loc->path, /*ignore_masks=*/false);
  if (impl_->IsReadonly(b, loc->path)) return Errno::kRoFs;
  if (cred.uid != 0 && cred.uid != loc->st.uid) return Errno::kPerm;
  switch (b.kind) {
    case Backing::Kind::kOverlay:
      impl_->OverlayFor(b.slot).Chmod(impl_->LowerRoot(b.slot),
                                      Inside(loc->path, b), mode, impl_->Now());
      return true;
    case Backing::Kind::kRuntimeFile:
      impl_->runtime_files[b.slot].mode = mode & 07777;
      return true;
    case Backing::Kind::kProc:
      return Errno::kPerm;
    case Backing::Kind::kMaskedFile:
    case Backing::Kind::kMaskedDir:
      break;
  }
  return true;
}

FsResult<std::vector<DirEntry>> MemFs::List(std::string_view path,
                                            const Cred& cred, uint32_t pid) {
  impl_->pid = pid;
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  if (loc->st.type != FileType::kDirectory) return Errno::kNotDir;
  if (!fs_internal::Allowed(loc->st, cred, kWantR)) return Errno::kAccess;
  return impl_->ListDir(loc->path);
}

Errno MemFs::Access(std::string_view path, int want, const Cred& cred) {
  if (path.empty()) return Errno::kNoEnt;
  FsResult<Located> loc = impl_->Walk(Abs(path), /*follow_final=*/true, cred);
  if (!loc.ok()) return loc.error();
  if (!loc->exists) return Errno::kNoEnt;
  const FileStat& st = loc->st;
  if ((want & kWantW) != 0 && st.type != FileType::kCharDevice &&
      impl_->IsReadonly(impl_->Cover(loc->path, /*ignore_masks=*/false),
                        loc->path)) {
    return Errno::kRoFs;
  }
  if (!fs_internal::Allowed(st, cred, want & 7)) return Errno::kAccess;
  return Errno::kOk;
}

uint64_t MemFs::WritableBytes() const { return impl_->root.bytes(); }

uint64_t MemFs::WritableInodes() const { return impl_->root.inodes(); }

}  // namespace fakecri::userland
