// File: mounts_test.cc
// What the runtime mounts into a container: a read-only rootfs, host-path
// mounts (read-only, or read-write with writes kept in memory), the
// runtime's /etc files, and masked / read-only paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fake_runtime/userland/fs/image_layer.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fs_test_util.h"

namespace fakecri::userland {
namespace {

using testing::ErrOf;
using testing::HostDir;
using testing::kRoot;
using testing::Names;
using testing::User;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(MemFs, ReadOnlyRootfsRefusesWritesWithErofs) {
  HostDir host;
  MemFsOptions o;
  o.readonly_rootfs = true;
  o.mounts = {MountSpec{"/data", host.path(), false}};
  o.runtime_files = {{"/etc/hosts", "127.0.0.1\tlocalhost\n"}};
  MemFs fs(o);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/new", "x", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/passwd", "x", true, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.WriteFile("/tmp/x", "x", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Touch("/etc/passwd", kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Mkdir("/newdir", false, 0755, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Remove("/etc/motd", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Chmod("/etc/motd", 0600, kRoot)), Errno::kRoFs);
  EXPECT_EQ(fs.Access("/etc/passwd", 2, kRoot), Errno::kRoFs);
  // Linux checks these before the file system's writability.
  EXPECT_EQ(ErrOf(fs.Mkdir("/etc", false, 0755, kRoot)), Errno::kExist);
  EXPECT_EQ(ErrOf(fs.WriteFile("/nope/x", "x", false, kRoot)), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc", "x", false, kRoot)), Errno::kIsDir);
  EXPECT_EQ(ErrOf(fs.Remove("/missing", false, kRoot)), Errno::kNoEnt);
  // EROFS comes before the mode bits.
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/passwd", "x", false, User(1000))),
            Errno::kRoFs);
  // What stays writable: devices, the runtime's files, rw mounts, /dev/shm.
  EXPECT_TRUE(fs.WriteFile("/dev/null", "x", false, User(1000)).ok());
  EXPECT_TRUE(fs.WriteFile("/etc/hosts", "10.0.0.1 db\n", true, kRoot).ok());
  EXPECT_TRUE(fs.WriteFile("/data/out", "x", false, kRoot).ok());
  EXPECT_TRUE(fs.WriteFile("/dev/shm/seg", "x", false, kRoot).ok());
  EXPECT_EQ(fs.WritableBytes(), 0u);
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, RuntimeFilesCanBeMadeReadOnly) {
  MemFsOptions o;
  o.readonly_rootfs = true;
  o.runtime_files_readonly = true;
  o.runtime_files = {{"/etc/resolv.conf", "nameserver 10.96.0.10\n"}};
  MemFs fs(o);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/resolv.conf", "x", false, kRoot)),
            Errno::kRoFs);
  EXPECT_EQ(*fs.ReadFile("/etc/resolv.conf", kRoot), "nameserver 10.96.0.10\n");
}

TEST(MemFs, RuntimeFilesOverrideImageOutsideWritableLayer) {
  MemFsOptions o;
  o.runtime_files = {{"/etc/hosts", "127.0.0.1\tlocalhost\n"},
                     {"/etc/hostname", "web-0\n"}};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/etc/hostname", kRoot), "web-0\n");
  FsResult<FileStat> st = fs.Stat("/etc/hosts");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->size, 20u);
  EXPECT_EQ(st->mode, 0644u);
  ASSERT_TRUE(fs.WriteFile("/etc/hosts", "10.0.0.2\tdb\n", true, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/etc/hosts", kRoot),
            "127.0.0.1\tlocalhost\n10.0.0.2\tdb\n");
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/hosts", "x", false, User(1000))),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.Remove("/etc/hosts", false, kRoot)), Errno::kBusy);
  EXPECT_EQ(fs.WritableBytes(), 0u);
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, RecursiveRemoveStopsAtMountPoints) {
  MemFsOptions o;
  o.runtime_files = {{"/etc/hosts", "x\n"}};
  MemFs fs(o);
  EXPECT_EQ(ErrOf(fs.Remove("/etc", true, kRoot)), Errno::kBusy);
  EXPECT_TRUE(fs.Exists("/etc/hosts"));
  EXPECT_FALSE(fs.Exists("/etc/passwd"));  // rm -r went on past the error
  EXPECT_EQ(Names(*fs.List("/etc", kRoot)), std::vector<std::string>{"hosts"});
}

TEST(MemFs, HostMountShowsHostFiles) {
  HostDir host;
  host.Put("config.yaml", "key: value\n");
  host.Put("sub/nested.txt", "nested");
  MemFsOptions o;
  o.mounts = {MountSpec{"/etc/app", host.path(), true}};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/etc/app/config.yaml", kRoot), "key: value\n");
  EXPECT_EQ(*fs.ReadFile("/etc/app/sub/nested.txt", kRoot), "nested");
  EXPECT_EQ(Names(*fs.List("/etc/app", kRoot)),
            (std::vector<std::string>{"config.yaml", "sub"}));
  EXPECT_TRUE(Contains(Names(*fs.List("/etc", kRoot)), "app"));
  EXPECT_EQ(fs.Stat("/etc/app/config.yaml")->size, 11u);
}

TEST(MemFs, ReadOnlyHostMountRefusesWrites) {
  HostDir host;
  host.Put("a.txt", "original");
  auto before = host.Snapshot();
  MemFsOptions o;
  o.mounts = {MountSpec{"/data", host.path(), true}};
  MemFs fs(o);
  EXPECT_EQ(ErrOf(fs.WriteFile("/data/a.txt", "x", false, kRoot)),
            Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.WriteFile("/data/new", "x", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Mkdir("/data/d", false, 0755, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Remove("/data/a.txt", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Remove("/data", true, kRoot)), Errno::kBusy);
  EXPECT_EQ(host.Snapshot(), before);
}

TEST(MemFs, ReadWriteHostMountKeepsWritesInMemory) {
  HostDir host;
  host.Put("keep.txt", "host content");
  host.Put("gone.txt", "to be removed");
  host.Put("dir/inner.txt", "inner");
  auto before = host.Snapshot();
  MemFsOptions o;
  o.mounts = {MountSpec{"/data", host.path(), false}};
  MemFs fs(o);
  ASSERT_TRUE(fs.WriteFile("/data/keep.txt", " +more", true, kRoot).ok());
  ASSERT_TRUE(fs.WriteFile("/data/new.txt", "fresh", false, kRoot).ok());
  ASSERT_TRUE(fs.Remove("/data/gone.txt", false, kRoot).ok());
  ASSERT_TRUE(fs.Mkdir("/data/newdir", false, 0755, kRoot).ok());
  ASSERT_TRUE(fs.Remove("/data/dir", true, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/data/keep.txt", kRoot), "host content +more");
  EXPECT_EQ(*fs.ReadFile("/data/new.txt", kRoot), "fresh");
  EXPECT_EQ(ErrOf(fs.ReadFile("/data/gone.txt", kRoot)), Errno::kNoEnt);
  EXPECT_EQ(Names(*fs.List("/data", kRoot)),
            (std::vector<std::string>{"keep.txt", "new.txt", "newdir"}));
  EXPECT_EQ(host.Snapshot(), before);
  EXPECT_EQ(fs.WritableBytes(), 0u);  // mounts are not the writable layer
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, HostPermissionsApplyInMount) {
  HostDir host;
  host.Put("f", "x");
  MemFsOptions o;
  o.mounts = {MountSpec{"/data", host.path(), false}};
  MemFs fs(o);
  FsResult<FileStat> st = fs.Stat("/data/f");
  ASSERT_TRUE(st.ok());
  // Whoever owns the host file, a user matching neither owner nor group
  // gets the "other" bits, which the test's umask leaves without write.
  Cred stranger{st->uid + 12345, st->gid + 12345, {}};
  if ((st->mode & 02) == 0) {
    EXPECT_EQ(ErrOf(fs.WriteFile("/data/f", "y", false, stranger)),
              Errno::kAccess);
  }
  Cred owner{st->uid == 0 ? 1 : st->uid, st->gid, {}};
  if (st->uid != 0) {
    EXPECT_TRUE(fs.WriteFile("/data/f", "y", false, owner).ok());
  }
}

TEST(MemFs, MissingHostPathIsEmptyDirectory) {
  MemFsOptions o;
  o.mounts = {MountSpec{"/cache", "/nonexistent/fakecri/host/path", false}};
  MemFs fs(o);
  FsResult<std::vector<DirEntry>> listed = fs.List("/cache", kRoot);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  ASSERT_TRUE(fs.WriteFile("/cache/k", "v", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/cache/k", kRoot), "v");
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, HostFileMount) {
  HostDir host;
  std::string file = host.Put("token", "secret-token");
  auto before = host.Snapshot();
  MemFsOptions o;
  o.mounts = {MountSpec{"/var/run/secrets/token", file, false},
              MountSpec{"/ro-token", file, true}};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/var/run/secrets/token", kRoot), "secret-token");
  EXPECT_EQ(fs.Stat("/run/secrets")->type, FileType::kDirectory);
  ASSERT_TRUE(
      fs.WriteFile("/var/run/secrets/token", "changed", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/var/run/secrets/token", kRoot), "changed");
  EXPECT_EQ(ErrOf(fs.WriteFile("/ro-token", "x", false, kRoot)), Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.Remove("/ro-token", false, kRoot)), Errno::kBusy);
  EXPECT_EQ(host.Snapshot(), before);
}

TEST(MemFs, MountPointParentsAppear) {
  HostDir host;
  MemFsOptions o;
  o.mounts = {MountSpec{"/deep/inside/mnt", host.path(), true}};
  MemFs fs(o);
  EXPECT_TRUE(Contains(Names(*fs.List("/", kRoot)), "deep"));
  EXPECT_EQ(Names(*fs.List("/deep/inside", kRoot)),
            std::vector<std::string>{"mnt"});
  // The runtime made them in the rootfs: the container can add next to them.
  ASSERT_TRUE(fs.WriteFile("/deep/sibling", "x", false, kRoot).ok());
  EXPECT_EQ(Names(*fs.List("/deep", kRoot)),
            (std::vector<std::string>{"inside", "sibling"}));
}

TEST(MemFs, DefaultMaskedPathsReadEmpty) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(*fs.ReadFile("/proc/kcore", kRoot), "");
  EXPECT_EQ(fs.Stat("/proc/kcore")->type, FileType::kCharDevice);
  EXPECT_TRUE(
      fs.WriteFile("/proc/kcore", "x", false, kRoot).ok());  // /dev/null
  FsResult<std::vector<DirEntry>> acpi = fs.List("/proc/acpi", kRoot);
  ASSERT_TRUE(acpi.ok());
  EXPECT_TRUE(acpi->empty());
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/acpi/x", "x", false, kRoot)),
            Errno::kRoFs);
  FsResult<std::vector<DirEntry>> fw = fs.List("/sys/firmware", kRoot);
  ASSERT_TRUE(fw.ok());
  EXPECT_TRUE(fw->empty());
  EXPECT_TRUE(fs.List("/sys/devices/virtual/powercap", kRoot)->empty());
  EXPECT_EQ(ErrOf(fs.Remove("/proc/kcore", false, kRoot)), Errno::kBusy);
}

TEST(MemFs, DefaultReadOnlyPathsRefuseWrites) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(
      ErrOf(fs.WriteFile("/proc/sys/net/core/somaxconn", "1", false, kRoot)),
      Errno::kRoFs);
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/sysrq-trigger", "b", false, kRoot)),
            Errno::kRoFs);
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/core/somaxconn", kRoot), "4096\n");
}

TEST(MemFs, ExplicitMaskedAndReadOnlyPathsReplaceDefaults) {
  MemFsOptions o;
  o.masked_paths = {"/etc/shadow", "/nonexistent"};
  o.readonly_paths = {"/etc"};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/etc/shadow", User(1000)), "");
  EXPECT_EQ(fs.Stat("/proc/kcore")->type, FileType::kRegular);  // unmasked
  EXPECT_EQ(ErrOf(fs.Stat("/nonexistent")), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/new", "x", false, kRoot)), Errno::kRoFs);
  EXPECT_TRUE(fs.WriteFile("/tmp/new", "x", false, kRoot).ok());
}

TEST(MemFs, KubeletDefaultListsBehaveAsDefaults) {
  MemFsOptions o;
  o.masked_paths = {"/proc/asound",
                    "/proc/acpi",
                    "/proc/kcore",
                    "/proc/keys",
                    "/proc/latency_stats",
                    "/proc/timer_list",
                    "/proc/timer_stats",
                    "/proc/sched_debug",
                    "/proc/scsi",
                    "/sys/firmware",
                    "/sys/devices/virtual/powercap"};
  o.readonly_paths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                      "/proc/sysrq-trigger"};
  MemFs fs(o);
  EXPECT_EQ(fs.Stat("/proc/kcore")->type, FileType::kCharDevice);
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/sys/kernel/shmmni", "1", false, kRoot)),
            Errno::kRoFs);
}

TEST(MemFs, PrivilegedHasNoMaskedOrReadOnlyPaths) {
  MemFsOptions o;
  o.use_default_masked_and_readonly = false;
  MemFs fs(o);
  EXPECT_EQ(fs.Stat("/proc/kcore")->type, FileType::kRegular);
  ASSERT_TRUE(
      fs.WriteFile("/proc/sys/net/core/somaxconn", "1024\n", false, kRoot)
          .ok());
  EXPECT_EQ(*fs.ReadFile("/proc/sys/net/core/somaxconn", kRoot), "1024\n");
  EXPECT_TRUE(fs.WriteFile("/sys/kernel/x", "x", false, kRoot).ok());
  EXPECT_EQ(ErrOf(fs.WriteFile("/proc/sys/net/core/somaxconn", "1", false,
                               User(1000))),
            Errno::kAccess);
}

TEST(MemFs, SysfsIsReadOnly) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(ErrOf(fs.WriteFile("/sys/kernel/x", "x", false, kRoot)),
            Errno::kRoFs);
  EXPECT_TRUE(Contains(Names(*fs.List("/sys", kRoot)), "fs"));
}

}  // namespace
}  // namespace fakecri::userland
