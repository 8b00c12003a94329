// File: proc_view.h
// What a container sees under /proc: /proc/sys from the pod's sysctls (and
// a few kernel defaults), the live-process files from a ProcSource, and the
// kernel's fixed entries (kcore, sysrq-trigger, ...) that runtimes mask or
// make read-only.
#ifndef FAKECRI_USERLAND_FS_PROC_VIEW_H_
#define FAKECRI_USERLAND_FS_PROC_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland::fs_internal {

struct ProcContext {
  ProcSource* source = nullptr;
  // Slash-separated keys ("net/ipv4/ip_forward"); they override defaults.
  const std::vector<std::pair<std::string, std::string>>* sysctls = nullptr;
  std::string_view hostname;
  uint32_t pid = 1;
  int64_t mtime_ns = 0;
};

// "net.ipv4.ip_forward" -> "net/ipv4/ip_forward"; a key that already has
// slashes is kept, as sysctl(8) does.
std::string SysctlKey(std::string_view name);

// `rel` is the path below /proc ("" = /proc itself).
FsResult<FileStat> ProcStat(const ProcContext& ctx, std::string_view rel);
FsResult<std::vector<DirEntry>> ProcList(const ProcContext& ctx,
                                         std::string_view rel);
FsResult<std::string> ProcRead(const ProcContext& ctx, std::string_view rel);
// The sysctl key of a /proc/sys file, or nullopt when `rel` is not one.
std::optional<std::string> ProcSysctlFile(const ProcContext& ctx,
                                          std::string_view rel);

}  // namespace fakecri::userland::fs_internal

#endif  // FAKECRI_USERLAND_FS_PROC_VIEW_H_
