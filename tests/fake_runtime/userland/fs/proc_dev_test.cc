// File: proc_dev_test.cc
// /proc (sysctls, ProcSource delegation, the kernel's fixed entries) and
// /dev (null, full, zero, shm) as a container sees them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fake_runtime/userland/fs/mem_fs.h"
#include "fs_test_util.h"

namespace fakecri::userland {
namespace {

using testing::ErrOf;
using testing::FakeProc;
using testing::kRoot;
using testing::Names;
using testing::User;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(MemFs, SysctlsAppearUnderProcSys) {
  MemFsOptions o;
  o.sysctls = {{"net.ipv4.ip_forward", "1"},
               {"net/ipv4/ping_group_range", "0 2147483647"},
               {"kernel.shm_rmid_forced", "1"}};
  o.runtime_files = {{"/etc/hostname", "web-0\n"}};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/ipv4/ip_forward", kRoot), "1\n");
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/ipv4/ping_group_range", kRoot),
            "0 2147483647\n");
  EXPECT_EQ(*fs.ReadFile("/proc/sys/kernel/shm_rmid_forced", kRoot), "1\n");
  EXPECT_EQ(*fs.ReadFile("/proc/sys/kernel/hostname", kRoot), "web-0\n");
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/core/somaxconn", kRoot), "4096\n");
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/ipv4/ip_local_port_range", kRoot),
            "32768\t60999\n");
  std::vector<std::string> ipv4 = Names(*fs.List("/proc/sys/net/ipv4", kRoot));
  EXPECT_TRUE(Contains(ipv4, "ip_forward"));
  EXPECT_TRUE(Contains(ipv4, "ip_local_port_range"));
  EXPECT_EQ(Names(*fs.List("/proc/sys", kRoot)),
            (std::vector<std::string>{"fs", "kernel", "net", "vm"}));
  EXPECT_EQ(fs.Stat("/proc/sys/net")->type, FileType::kDirectory);
  EXPECT_EQ(fs.Stat("/proc/sys/net/ipv4/ip_forward")->mode, 0644u);
  EXPECT_EQ(ErrOf(fs.ReadFile("/proc/sys/net/ipv4/nope", kRoot)),
            Errno::kNoEnt);
}

TEST(MemFs, ProcSourceServesLiveFiles) {
  FakeProc proc;
  proc.dirs[""] = {"1", "self", "meminfo"};
  proc.dirs["1"] = {"cmdline", "status"};
  proc.dirs["self"] = {"cmdline", "status"};
  proc.files["1/cmdline"] = std::string(
      "sleep\0"
      "3600\0",
      11);
  proc.files["meminfo"] = "MemTotal: 1 kB\n";
  MemFsOptions o;
  o.proc = &proc;
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/proc/1/cmdline", kRoot, 7), std::string("sleep\0"
                                                                   "3600\0",
                                                                   11));
  EXPECT_TRUE(std::all_of(proc.readers.begin(), proc.readers.end(),
                          [](uint32_t pid) { return pid == 7; }));
  EXPECT_FALSE(proc.readers.empty());
  EXPECT_EQ(*fs.ReadFile("/proc/meminfo", kRoot), "MemTotal: 1 kB\n");
  EXPECT_EQ(fs.Stat("/proc/1")->type, FileType::kDirectory);
  EXPECT_EQ(fs.Stat("/proc/meminfo")->mode, 0444u);
  std::vector<std::string> top = Names(*fs.List("/proc", kRoot));
  for (const char* want : {"1", "self", "meminfo", "sys", "kcore"}) {
    EXPECT_TRUE(Contains(top, want)) << want;
  }
  EXPECT_EQ(Names(*fs.List("/proc/1", kRoot)),
            (std::vector<std::string>{"cmdline", "status"}));
  EXPECT_EQ(ErrOf(fs.ReadFile("/proc/2/status", kRoot)), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.ReadFile("/proc/1", kRoot)), Errno::kIsDir);
}

TEST(MemFs, ProcWithoutSourceHasSysAndKernelEntries) {
  MemFs fs(MemFsOptions{});
  std::vector<std::string> top = Names(*fs.List("/proc", kRoot));
  EXPECT_TRUE(Contains(top, "sys"));
  EXPECT_TRUE(Contains(top, "sysrq-trigger"));
  EXPECT_FALSE(Contains(top, "1"));
  EXPECT_EQ(ErrOf(fs.ReadFile("/proc/self/status", kRoot)), Errno::kNoEnt);
}

TEST(MemFs, ProcRefusesCreationLikeProcfs) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/newfile", "x", false, kRoot)),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.Mkdir("/proc/newdir", false, 0755, kRoot)), Errno::kPerm);
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/newfile", "x", false, User(1000))),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.Remove("/proc", true, kRoot)), Errno::kBusy);
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, DevNullDiscardsAndDevFullIsFull) {
  MemFsOptions o;
  o.readonly_rootfs = true;
  MemFs fs(o);
  EXPECT_TRUE(fs.WriteFile("/dev/null", "gone", false, User(1000)).ok());
  EXPECT_EQ(*fs.ReadFile("/dev/null", kRoot), "");
  EXPECT_EQ(fs.Stat("/dev/null")->type, FileType::kCharDevice);
  EXPECT_EQ(fs.Stat("/dev/null")->mode, 0666u);
  EXPECT_EQ(ErrOf(fs.WriteFile("/dev/full", "x", false, kRoot)),
            Errno::kNoSpace);
  EXPECT_EQ(*fs.ReadFile("/dev/zero", kRoot), std::string(4096, '\0'));
  EXPECT_EQ(fs.ReadFile("/dev/urandom", kRoot)->size(), 4096u);
  std::vector<std::string> dev = Names(*fs.List("/dev", kRoot));
  for (const char* want : {"null", "zero", "shm", "pts", "stdout", "fd"}) {
    EXPECT_TRUE(Contains(dev, want)) << want;
  }
  EXPECT_EQ(*fs.Readlink("/dev/stdout", kRoot), "/proc/self/fd/1");
}

TEST(MemFs, DevShmIsWritableTmpfsOutsideWritableLayer) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(fs.Stat("/dev/shm")->mode, 01777u);
  ASSERT_TRUE(
      fs.WriteFile("/dev/shm/seg", "0123456789", false, User(1000)).ok());
  EXPECT_EQ(*fs.ReadFile("/dev/shm/seg", kRoot), "0123456789");
  EXPECT_EQ(ErrOf(fs.Remove("/dev/shm/seg", false, User(1001))), Errno::kPerm);
  EXPECT_EQ(fs.WritableBytes(), 0u);
}

}  // namespace
}  // namespace fakecri::userland
