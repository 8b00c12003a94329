// File: proc_view.cc
// /proc lookups: sysctls first, then the ProcSource, then the fixed kernel
// entries a real /proc always has.
#include "fake_runtime/userland/fs/proc_view.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/path.h"

namespace fakecri::userland::fs_internal {
namespace {

struct Fixed {
  std::string_view key;
  std::string_view value;
};

// Values a fresh network/IPC namespace shows on a current kernel; the pod's
// sysctls override them. kernel/hostname comes from the hostname file.
constexpr Fixed kDefaultSysctls[] = {
    {"fs/file-max", "9223372036854775807"},
    {"kernel/domainname", "(none)"},
    {"kernel/ostype", "Linux"},
    {"kernel/pid_max", "4194304"},
    {"kernel/shmall", "18446744073692774399"},
    {"kernel/shmmax", "18446744073692774399"},
    {"kernel/shmmni", "4096"},
    {"net/core/somaxconn", "4096"},
    {"net/ipv4/ip_local_port_range", "32768\t60999"},
    {"net/ipv4/ip_unprivileged_port_start", "1024"},
    {"net/ipv4/ping_group_range", "1\t0"},
    {"vm/overcommit_memory", "0"},
};

struct KernelEntry {
  std::string_view name;
  bool dir;
  uint32_t mode;
};

// Top-level /proc entries every kernel has, whatever the ProcSource lists;
// they are what the default masked / read-only paths point at.
constexpr KernelEntry kKernelEntries[] = {
    {"acpi", true, 0555},
    {"bus", true, 0555},
    {"driver", true, 0555},
    {"fs", true, 0555},
    {"irq", true, 0555},
    {"scsi", true, 0555},
    {"tty", true, 0555},
    {"kcore", false, 0400},
    {"keys", false, 0444},
    {"sched_debug", false, 0444},
    {"sysrq-trigger", false, 0200},
    {"timer_list", false, 0444},
};

const KernelEntry* FindKernelEntry(std::string_view rel) {
  for (const KernelEntry& e : kKernelEntries) {
    if (e.name == rel) return &e;
  }
  return nullptr;
}

// Every sysctl key with its value, the pod's own winning.
std::map<std::string, std::string, std::less<>> AllSysctls(
    const ProcContext& ctx) {
  std::map<std::string, std::string, std::less<>> all;
  for (const Fixed& f : kDefaultSysctls) {
    all.emplace(std::string(f.key), std::string(f.value));
  }
  all["kernel/hostname"] = std::string(ctx.hostname);
  if (ctx.sysctls != nullptr) {
    for (const auto& [k, v] : *ctx.sysctls) all[k] = v;
  }
  return all;
}

FileStat MakeStat(FileType type, uint32_t mode, const ProcContext& ctx) {
  FileStat st;
  st.type = type;
  st.mode = mode;
  st.size = 0;  // procfs reports 0 for its files
  st.mtime_ns = ctx.mtime_ns;
  return st;
}

bool IsSysPath(std::string_view rel) { return PathIsUnder(rel, "sys"); }

std::string_view SysInside(std::string_view rel) {
  return rel.size() > 4 ? rel.substr(4) : std::string_view();
}

}  // namespace

std::string SysctlKey(std::string_view name) {
  while (!name.empty() && name.front() == '/') name.remove_prefix(1);
  std::string key(name);
  if (key.find('/') == std::string::npos) {
    std::replace(key.begin(), key.end(), '.', '/');
  }
  return key;
}

std::optional<std::string> ProcSysctlFile(const ProcContext& ctx,
                                          std::string_view rel) {
  if (!IsSysPath(rel)) return std::nullopt;
  std::string_view key = SysInside(rel);
  if (key.empty()) return std::nullopt;
  auto all = AllSysctls(ctx);
  if (all.find(key) == all.end()) return std::nullopt;
  return std::string(key);
}

FsResult<FileStat> ProcStat(const ProcContext& ctx, std::string_view rel) {
  if (rel.empty()) return MakeStat(FileType::kDirectory, 0555, ctx);
  if (IsSysPath(rel)) {
    std::string_view key = SysInside(rel);
    auto all = AllSysctls(ctx);
    if (!key.empty() && all.find(key) != all.end()) {
      return MakeStat(FileType::kRegular, 0644, ctx);
    }
    for (const auto& [k, v] : all) {
      if (key.empty() || PathIsBelow(k, key)) {
        return MakeStat(FileType::kDirectory, 0555, ctx);
      }
    }
    return Errno::kNoEnt;
  }
  if (ctx.source != nullptr) {
    if (ctx.source->ListProc(rel, ctx.pid)) {
      return MakeStat(FileType::kDirectory, 0555, ctx);
    }
    if (ctx.source->ReadProc(rel, ctx.pid)) {
      return MakeStat(FileType::kRegular, 0444, ctx);
    }
  }
  if (const KernelEntry* e = FindKernelEntry(rel)) {
    return MakeStat(e->dir ? FileType::kDirectory : FileType::kRegular, e->mode,
                    ctx);
  }
  return Errno::kNoEnt;
}

FsResult<std::vector<DirEntry>> ProcList(const ProcContext& ctx,
                                         std::string_view rel) {
  FsResult<FileStat> self = ProcStat(ctx, rel);
  if (!self.ok()) return self.error();
  if (self->type != FileType::kDirectory) return Errno::kNotDir;

  std::vector<std::string> names;
  if (IsSysPath(rel)) {
    std::string_view dir = SysInside(rel);
    for (const auto& [k, v] : AllSysctls(ctx)) {
      if (!dir.empty() && !PathIsBelow(k, dir)) continue;
      std::string_view rest = dir.empty()
                                  ? std::string_view(k)
                                  : std::string_view(k).substr(dir.size() + 1);
      names.emplace_back(rest.substr(0, rest.find('/')));
    }
  } else {
    if (ctx.source != nullptr) {
      if (auto listed = ctx.source->ListProc(rel, ctx.pid)) {
        names = std::move(*listed);
      }
    }
    if (rel.empty()) {
      names.emplace_back("sys");
      for (const KernelEntry& e : kKernelEntries) {
        names.emplace_back(e.name);
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  std::vector<DirEntry> out;
  out.reserve(names.size());
  for (std::string& name : names) {
    std::string child = rel.empty() ? name : JoinPath(rel, name);
    FsResult<FileStat> st = ProcStat(ctx, child);
    // The source listed it, so it exists even if it has nothing to read.
    out.push_back(
        DirEntry{std::move(name),
                 st.ok() ? *st : MakeStat(FileType::kRegular, 0444, ctx)});
  }
  return out;
}

FsResult<std::string> ProcRead(const ProcContext& ctx, std::string_view rel) {
  FsResult<FileStat> st = ProcStat(ctx, rel);
  if (!st.ok()) return st.error();
  if (st->type == FileType::kDirectory) return Errno::kIsDir;
  if (IsSysPath(rel)) {
    auto all = AllSysctls(ctx);
    auto it = all.find(SysInside(rel));
    if (it == all.end()) return Errno::kNoEnt;
    return it->second + "\n";
  }
  if (ctx.source != nullptr) {
    if (auto content = ctx.source->ReadProc(rel, ctx.pid)) return *content;
  }
  return std::string();  // a fixed kernel entry
}

}  // namespace fakecri::userland::fs_internal
