// File: mem_fs_lookup.cc
// How MemFs finds things: which mount serves a path (innermost wins; on a
// tie masked paths beat host mounts, which beat runtime files, which beat
// the runtime's own /proc, /sys, /dev mounts), lstat of one canonical path,
// the symlink-following walk with search-permission checks, and listings
// that show mount points as the kernel would.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/mem_fs_impl.h"
#include "fake_runtime/userland/fs/path.h"

namespace fakecri::userland {

using fs_internal::Backing;
using fs_internal::HostMount;
using fs_internal::Located;
using fs_internal::LowerNode;
using fs_internal::Overlay;
using fs_internal::Probed;

namespace {

constexpr int kMaxSymlinkHops = 40;

constexpr std::string_view kStaticMounts[] = {"/proc", "/sys", "/dev",
                                              "/dev/shm"};

FileStat DirStat(uint32_t mode, int64_t mtime_ns) {
  FileStat st;
  st.type = FileType::kDirectory;
  st.mode = mode;
  st.size = 4096;
  st.mtime_ns = mtime_ns;
  return st;
}

}  // namespace

namespace fs_internal {

bool Allowed(const FileStat& st, const Cred& cred, int want) {
  if (want == 0) return true;
  if (cred.uid == 0) {
    // Root may execute only what someone may execute.
    return !((want & kWantX) != 0 && st.type != FileType::kDirectory &&
             (st.mode & 0111) == 0);
  }
  uint32_t bits = st.mode & 7;
  if (cred.uid == st.uid) {
    bits = (st.mode >> 6) & 7;
  } else if (cred.gid == st.gid ||
             std::find(cred.groups.begin(), cred.groups.end(), st.gid) !=
                 cred.groups.end()) {
    bits = (st.mode >> 3) & 7;
  }
  return (bits & static_cast<uint32_t>(want)) == static_cast<uint32_t>(want);
}

}  // namespace fs_internal

LowerNode MemFs::Impl::LowerRoot(uint32_t slot) const {
  switch (slot) {
    case fs_internal::kRootSlot:
      return LowerNode::Image(*image, ImageLayer::kRoot);
    case fs_internal::kDevSlot:
      return LowerNode::Image(*fs_internal::DevLayer(), ImageLayer::kRoot);
    case fs_internal::kShmSlot:
      return LowerNode::EmptyDir(DirStat(01777, created_ns));
    case fs_internal::kSysSlot:
      return LowerNode::Image(*fs_internal::SysLayer(), ImageLayer::kRoot);
    default:
      break;
  }
  const HostMount& m = mounts[slot - fs_internal::kFirstMountSlot];
  if (m.host_kind != HostMount::HostKind::kMissing) {
    LowerNode n = LowerNode::Host(m.host, /*follow=*/true);
    if (n.exists()) return n;
  }
  // Like a runtime creating the missing source directory, but in memory.
  return LowerNode::EmptyDir(DirStat(0755, created_ns));
}

const Overlay& MemFs::Impl::OverlayView(uint32_t slot) const {
  if (slot == fs_internal::kRootSlot) return root;
  for (const auto& [s, ov] : extra) {
    if (s == slot) return *ov;
  }
  static const Overlay kUntouched;
  return kUntouched;
}

Overlay& MemFs::Impl::OverlayFor(uint32_t slot) {
  if (slot == fs_internal::kRootSlot) return root;
  for (auto& [s, ov] : extra) {
    if (s == slot) return *ov;
  }
  extra.emplace_back(slot, std::make_unique<Overlay>());
  return *extra.back().second;
}

fs_internal::ProcContext MemFs::Impl::ProcCtx() const {
  fs_internal::ProcContext ctx;
  ctx.source = proc;
  ctx.sysctls = &sysctls;
  ctx.pid = pid;
  ctx.mtime_ns = created_ns;
  ctx.hostname = "localhost";
  for (const fs_internal::RuntimeFile& f : runtime_files) {
    if (f.path == "/etc/hostname") {
      std::string_view h = f.content;
      while (!h.empty() && (h.back() == '\n' || h.back() == ' ')) {
        h.remove_suffix(1);
      }
      ctx.hostname = h;
    }
  }
  return ctx;
}

Backing MemFs::Impl::Cover(std::string_view path, bool ignore_masks) {
  Backing best;
  best.readonly = readonly_rootfs;
  size_t best_len = 1;
  auto consider = [&](std::string_view mount, bool exact_only, Backing b) {
    bool covers =
        exact_only ? path == mount : fs_internal::PathIsUnder(path, mount);
    if (!covers || mount.size() < best_len) return;
    b.mount = mount;
    best = b;
    best_len = mount.size();
  };
  consider("/proc", false, Backing{Backing::Kind::kProc, 0, false, {}});
  // sysfs is read-only unless the container is privileged, which is also
  // when it gets no masked / read-only paths.
  consider(
      "/sys", false,
      Backing{
          Backing::Kind::kOverlay, fs_internal::kSysSlot, use_defaults, {}});
  consider("/dev", false,
           Backing{Backing::Kind::kOverlay, fs_internal::kDevSlot, false, {}});
  consider("/dev/shm", false,
           Backing{Backing::Kind::kOverlay, fs_internal::kShmSlot, false, {}});
  for (size_t i = 0; i < runtime_files.size(); ++i) {
    consider(runtime_files[i].path, true,
             Backing{Backing::Kind::kRuntimeFile,
                     static_cast<uint32_t>(i),
                     runtime_files_readonly,
                     {}});
  }
  for (size_t i = 0; i < mounts.size(); ++i) {
    const HostMount& m = mounts[i];
    consider(m.path, m.host_kind == HostMount::HostKind::kFile,
             Backing{Backing::Kind::kOverlay,
                     fs_internal::kFirstMountSlot + static_cast<uint32_t>(i),
                     m.readonly,
                     {}});
  }
  if (ignore_masks) return best;
  for (const std::string& m : MaskedPaths()) {
    if (!fs_internal::PathIsUnder(path, m) || m.size() < best_len) continue;
    // As runc: a masked path that does not exist is left alone.
    Probed under = Probe(m, /*ignore_masks=*/true);
    if (under.err != Errno::kOk) continue;
    bool dir = under.st.type == FileType::kDirectory;
    if (!dir && path != m) continue;
    best = Backing{dir ? Backing::Kind::kMaskedDir : Backing::Kind::kMaskedFile,
                   0, dir, m};
    best_len = m.size();
  }
  return best;
}

bool MemFs::Impl::IsMountAncestor(std::string_view path) const {
  for (std::string_view m : kStaticMounts) {
    if (fs_internal::PathIsBelow(m, path)) return true;
  }
  for (const fs_internal::RuntimeFile& f : runtime_files) {
    if (fs_internal::PathIsBelow(f.path, path)) return true;
  }
  for (const HostMount& m : mounts) {
    if (fs_internal::PathIsBelow(m.path, path)) return true;
  }
  return false;
}

bool MemFs::Impl::IsMountPoint(std::string_view path) {
  if (path == "/") return true;
  Backing b = Cover(path, /*ignore_masks=*/false);
  return b.mount == path;
}

bool MemFs::Impl::IsReadonly(const Backing& b, std::string_view path) const {
  if (b.readonly) return true;
  for (const std::string& r : ReadonlyPaths()) {
    if (fs_internal::PathIsUnder(path, r)) return true;
  }
  return false;
}

Probed MemFs::Impl::Probe(std::string_view path, bool ignore_masks) {
  Backing b = Cover(path, ignore_masks);
  std::string_view rel = fs_internal::PathInside(path, b.mount);
  Probed out;
  switch (b.kind) {
    case Backing::Kind::kOverlay: {
      Overlay::View v = OverlayView(b.slot).Walk(LowerRoot(b.slot),
                                                 fs_internal::SplitPath(rel));
      if (v.exists()) {
        out.err = Errno::kOk;
        out.st = v.Stat();
        if (out.st.type == FileType::kSymlink) out.link = v.Link();
      }
      break;
    }
    case Backing::Kind::kProc: {
      FsResult<FileStat> st = fs_internal::ProcStat(ProcCtx(), rel);
      if (st.ok()) {
        out.err = Errno::kOk;
        out.st = *st;
      }
      break;
    }
    case Backing::Kind::kRuntimeFile: {
      const fs_internal::RuntimeFile& f = runtime_files[b.slot];
      out.err = Errno::kOk;
      out.st.type = FileType::kRegular;
      out.st.mode = f.mode;
      out.st.size = f.content.size();
      out.st.mtime_ns = f.mtime_ns;
      break;
    }
    case Backing::Kind::kMaskedFile:
      out.err = Errno::kOk;
      out.st.type = FileType::kCharDevice;  // /dev/null bind-mounted over it
      out.st.mode = 0666;
      out.st.size = 0;
      out.st.mtime_ns = created_ns;
      break;
    case Backing::Kind::kMaskedDir:
      if (rel.empty()) {
        out.err = Errno::kOk;
        out.st = DirStat(0555, created_ns);  // an empty read-only tmpfs
      }
      break;
  }
  if (out.err != Errno::kOk && IsMountAncestor(path)) {
    // The runtime created the directories leading to its mount points.
    out.err = Errno::kOk;
    out.st = DirStat(0755, created_ns);
  }
  return out;
}

FsResult<Located> MemFs::Impl::Walk(std::string_view path, bool follow_final,
                                    const Cred& cred) {
  // Components still to walk, last first.
  std::vector<std::string> todo;
  for (std::string_view c : fs_internal::SplitPath(path)) {
    todo.emplace_back(c);
  }
  std::reverse(todo.begin(), todo.end());
  std::string cur = "/";
  FileStat cur_st = Probe(cur).st;
  int hops = 0;
  while (!todo.empty()) {
    // A copy, not a move: GCC 12 -O2 misreports moved-from strings.
    const std::string c = todo.back();
    todo.pop_back();
    if (c == ".") continue;
    if (c == "..") {
      cur = std::string(fs_internal::ParentPath(cur));
      cur_st = Probe(cur).st;
      continue;
    }
    if (!fs_internal::Allowed(cur_st, cred, fs_internal::kWantX)) {
      return Errno::kAccess;
    }
    std::string next = fs_internal::JoinPath(cur, c);
    Probed p = Probe(next);
    bool last = todo.empty();
    if (p.err != Errno::kOk) {
      if (last) return Located{std::move(next), false, FileStat{}};
      return Errno::kNoEnt;
    }
    if (p.st.type == FileType::kSymlink && (!last || follow_final)) {
      if (++hops > kMaxSymlinkHops) return Errno::kLoop;
      if (p.link.empty()) return Errno::kNoEnt;
      std::vector<std::string_view> parts = fs_internal::SplitPath(p.link);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        todo.emplace_back(*it);
      }
      if (p.link.front() == '/') {
        cur.assign(1, '/');
        cur_st = Probe(cur).st;
      }
      continue;
    }
    if (!last && p.st.type != FileType::kDirectory) return Errno::kNotDir;
    cur = std::move(next);
    cur_st = p.st;
  }
  return Located{std::move(cur), true, cur_st};
}

FsResult<std::vector<DirEntry>> MemFs::Impl::ListDir(std::string_view path) {
  Backing b = Cover(path, /*ignore_masks=*/false);
  std::string_view rel = fs_internal::PathInside(path, b.mount);
  std::vector<DirEntry> entries;
  switch (b.kind) {
    case Backing::Kind::kOverlay: {
      Overlay::View v = OverlayView(b.slot).Walk(LowerRoot(b.slot),
                                                 fs_internal::SplitPath(rel));
      if (v.exists()) {
        if (!v.is_dir()) return Errno::kNotDir;
        entries = Overlay::List(v);
      }
      break;
    }
    case Backing::Kind::kProc: {
      FsResult<std::vector<DirEntry>> listed =
          fs_internal::ProcList(ProcCtx(), rel);
      if (listed.ok()) {
        entries = std::move(*listed);
      } else if (listed.error() == Errno::kNotDir) {
        return Errno::kNotDir;
      }
      break;
    }
    case Backing::Kind::kRuntimeFile:
    case Backing::Kind::kMaskedFile:
      return Errno::kNotDir;
    case Backing::Kind::kMaskedDir:
      break;
  }

  // Mount points below this directory show up in it, with the mounted
  // thing's own metadata.
  std::vector<std::string> names;
  auto note = [&](std::string_view mount) {
    if (!fs_internal::PathIsBelow(mount, path)) return;
    std::string_view rest = fs_internal::PathInside(mount, path);
    names.emplace_back(rest.substr(0, rest.find('/')));
  };
  for (std::string_view m : kStaticMounts) note(m);
  for (const fs_internal::RuntimeFile& f : runtime_files) note(f.path);
  for (const HostMount& m : mounts) note(m.path);
  for (const std::string& m : MaskedPaths()) note(m);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) {
    Probed p = Probe(fs_internal::JoinPath(path, name));
    auto it = std::lower_bound(
        entries.begin(), entries.end(), name,
        [](const DirEntry& e, const std::string& key) { return e.name < key; });
    bool present = it != entries.end() && it->name == name;
    if (p.err != Errno::kOk) {
      if (present) entries.erase(it);
    } else if (present) {
      it->stat = p.st;
    } else {
      entries.insert(it, DirEntry{name, p.st});
    }
  }
  return entries;
}

FsResult<std::string> MemFs::Impl::ReadAt(std::string_view path) {
  Backing b = Cover(path, /*ignore_masks=*/false);
  std::string_view rel = fs_internal::PathInside(path, b.mount);
  switch (b.kind) {
    case Backing::Kind::kOverlay: {
      Overlay::View v = OverlayView(b.slot).Walk(LowerRoot(b.slot),
                                                 fs_internal::SplitPath(rel));
      if (!v.exists()) return Errno::kNoEnt;
      if (v.is_dir()) return Errno::kIsDir;
      return Overlay::Read(v);
    }
    case Backing::Kind::kProc:
      return fs_internal::ProcRead(ProcCtx(), rel);
    case Backing::Kind::kRuntimeFile:
      return runtime_files[b.slot].content;
    case Backing::Kind::kMaskedFile:
      return std::string();
    case Backing::Kind::kMaskedDir:
      return rel.empty() ? FsResult<std::string>(Errno::kIsDir)
                         : FsResult<std::string>(Errno::kNoEnt);
  }
  return Errno::kNoEnt;
}

}  // namespace fakecri::userland
