// File: mem_fs_test.cc
// MemFs over the image layer: overlay copy-up / whiteouts and their
// accounting, Linux's errors, permissions, symlinks and mtimes.
#include "fake_runtime/userland/fs/mem_fs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fake_runtime/userland/fs/image_layer.h"
#include "fs_test_util.h"

namespace fakecri::userland {
namespace {

using testing::ErrOf;
using testing::kRoot;
using testing::Names;
using testing::User;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(MemFs, ResolveIsLexical) {
  EXPECT_EQ(MemFs::Resolve("/a/b", "../c/./d/"), "/a/c/d");
  EXPECT_EQ(MemFs::Resolve("/a", "/x/../y"), "/y");
  EXPECT_EQ(MemFs::Resolve("/", "../../.."), "/");
  EXPECT_EQ(MemFs::Resolve("/home/u", "file"), "/home/u/file");
  EXPECT_EQ(MemFs::Resolve("/home/u", ""), "/home/u");
}

TEST(MemFs, ReadsImageFiles) {
  MemFs fs(MemFsOptions{});
  FsResult<std::string> passwd = fs.ReadFile("/etc/passwd", kRoot);
  ASSERT_TRUE(passwd.ok());
  EXPECT_EQ(passwd->rfind("root:x:0:0:root:/root:/bin/sh\n", 0), 0u);
  EXPECT_EQ(fs.WritableBytes(), 0u);
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, NewFileLandsInWritableLayer) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/data.txt", "hello", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/data.txt", kRoot), "hello");
  ASSERT_TRUE(fs.WriteFile("/data.txt", " world", true, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/data.txt", kRoot), "hello world");
  EXPECT_EQ(fs.WritableBytes(), 11u);
  EXPECT_EQ(fs.WritableInodes(), 1u);
  ASSERT_TRUE(fs.WriteFile("/data.txt", "x", false, kRoot).ok());
  EXPECT_EQ(fs.WritableBytes(), 1u);
}

TEST(MemFs, ModifyingImageFileCopiesItUp) {
  MemFs fs(MemFsOptions{});
  std::string before = *fs.ReadFile("/etc/motd", kRoot);
  ASSERT_TRUE(fs.WriteFile("/etc/motd", "extra\n", true, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/etc/motd", kRoot), before + "extra\n");
  EXPECT_EQ(fs.WritableBytes(), before.size() + 6);
  EXPECT_EQ(fs.WritableInodes(), 2u);  // /etc copied up, and the file
}

TEST(MemFs, ImageLayerIsSharedButWritesAreNot) {
  std::shared_ptr<const ImageLayer> image = DefaultImageLayer();
  MemFsOptions o;
  o.image = image;
  MemFs a(o);
  MemFs b(o);
  ASSERT_TRUE(a.WriteFile("/etc/motd", "mine", false, kRoot).ok());
  ASSERT_TRUE(a.Remove("/etc/shells", false, kRoot).ok());
  EXPECT_EQ(*a.ReadFile("/etc/motd", kRoot), "mine");
  EXPECT_NE(*b.ReadFile("/etc/motd", kRoot), "mine");
  EXPECT_TRUE(b.Exists("/etc/shells"));
  EXPECT_EQ(b.WritableInodes(), 0u);
}

TEST(MemFs, RemoveInImageLayerLeavesWhiteout) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.Remove("/etc/motd", false, kRoot).ok());
  EXPECT_EQ(ErrOf(fs.Stat("/etc/motd")), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.ReadFile("/etc/motd", kRoot)), Errno::kNoEnt);
  EXPECT_FALSE(Contains(Names(*fs.List("/etc", kRoot)), "motd"));
  EXPECT_TRUE(Contains(Names(*fs.List("/etc", kRoot)), "passwd"));
  EXPECT_EQ(fs.WritableBytes(), 0u);
  EXPECT_EQ(fs.WritableInodes(), 2u);  // /etc and the whiteout
  // The name can be used again.
  ASSERT_TRUE(fs.WriteFile("/etc/motd", "new", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/etc/motd", kRoot), "new");
  EXPECT_EQ(fs.WritableInodes(), 2u);
}

TEST(MemFs, RemovingAddedFileEmptiesWritableLayer) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/scratch", "12345", false, kRoot).ok());
  ASSERT_TRUE(fs.Remove("/scratch", false, kRoot).ok());
  EXPECT_EQ(fs.WritableBytes(), 0u);
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, RecreatedDirectoryHidesImageContents) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.Remove("/usr/sbin", true, kRoot).ok());
  EXPECT_FALSE(fs.Exists("/usr/sbin/crond"));
  ASSERT_TRUE(fs.Mkdir("/usr/sbin", false, 0755, kRoot).ok());
  FsResult<std::vector<DirEntry>> listed = fs.List("/usr/sbin", kRoot);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_FALSE(fs.Exists("/usr/sbin/crond"));
}

TEST(MemFs, RmdirSemanticsWithoutRecursive) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(ErrOf(fs.Remove("/etc", false, kRoot)), Errno::kNotEmpty);
  ASSERT_TRUE(fs.Mkdir("/empty", false, 0755, kRoot).ok());
  EXPECT_TRUE(fs.Remove("/empty", false, kRoot).ok());
  EXPECT_FALSE(fs.Exists("/empty"));
  ASSERT_TRUE(fs.Mkdir("/a/b/c", true, 0755, kRoot).ok());
  ASSERT_TRUE(fs.WriteFile("/a/b/c/f", "x", false, kRoot).ok());
  ASSERT_TRUE(fs.Remove("/a", true, kRoot).ok());
  EXPECT_FALSE(fs.Exists("/a"));
  EXPECT_EQ(fs.WritableInodes(), 0u);
}

TEST(MemFs, ErrorsMatchLinux) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(ErrOf(fs.WriteFile("/nope/file", "x", false, kRoot)),
            Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc", "x", false, kRoot)), Errno::kIsDir);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/passwd/x", "x", false, kRoot)),
            Errno::kNotDir);
  EXPECT_EQ(ErrOf(fs.WriteFile("/newfile/", "x", false, kRoot)), Errno::kIsDir);
  EXPECT_EQ(ErrOf(fs.ReadFile("/etc", kRoot)), Errno::kIsDir);
  EXPECT_EQ(ErrOf(fs.ReadFile("/etc/passwd/", kRoot)), Errno::kNotDir);
  EXPECT_EQ(ErrOf(fs.ReadFile("/missing", kRoot)), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.List("/etc/passwd", kRoot)), Errno::kNotDir);
  EXPECT_EQ(ErrOf(fs.Mkdir("/etc", false, 0755, kRoot)), Errno::kExist);
  EXPECT_TRUE(fs.Mkdir("/etc", true, 0755, kRoot).ok());
  EXPECT_EQ(ErrOf(fs.Mkdir("/etc/passwd", true, 0755, kRoot)), Errno::kExist);
  EXPECT_EQ(ErrOf(fs.Mkdir("/etc/passwd/x", true, 0755, kRoot)),
            Errno::kNotDir);
  EXPECT_EQ(ErrOf(fs.Mkdir("/x/y", false, 0755, kRoot)), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.Remove("/missing", true, kRoot)), Errno::kNoEnt);
  EXPECT_EQ(ErrOf(fs.Remove("/", true, kRoot)), Errno::kBusy);
  EXPECT_EQ(ErrOf(fs.Readlink("/etc/passwd", kRoot)), Errno::kInval);
  EXPECT_EQ(ErrOf(fs.Stat("")), Errno::kNoEnt);
}

TEST(MemFs, MkdirParentsCreatesEachLevel) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.Mkdir("/srv/app/data/cache", true, 0750, kRoot).ok());
  FsResult<FileStat> st = fs.Stat("/srv/app/data/cache");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->type, FileType::kDirectory);
  EXPECT_EQ(st->mode, 0750u);
  EXPECT_EQ(fs.WritableInodes(), 4u);  // srv copied up + app, data, cache
}

TEST(MemFs, ShadowReadableOnlyByRootAndShadowGroup) {
  MemFs fs(MemFsOptions{});
  EXPECT_TRUE(fs.ReadFile("/etc/shadow", kRoot).ok());
  EXPECT_EQ(ErrOf(fs.ReadFile("/etc/shadow", User(1000))), Errno::kAccess);
  EXPECT_TRUE(fs.ReadFile("/etc/shadow", User(1000, {42})).ok());
  EXPECT_TRUE(fs.ReadFile("/etc/shadow", Cred{1000, 42, {}}).ok());
}

TEST(MemFs, NonRootCannotWriteRootOwnedDirectories) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/app.conf", "x", false, User(1000))),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.WriteFile("/etc/passwd", "x", false, User(1000))),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.Mkdir("/opt/app", false, 0755, User(1000))),
            Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.Remove("/etc/motd", false, User(1000))), Errno::kAccess);
  EXPECT_TRUE(fs.WriteFile("/etc/app.conf", "x", false, kRoot).ok());
  EXPECT_EQ(fs.WritableInodes(), 2u);  // the refused attempts left nothing
}

TEST(MemFs, PrivateHomeIsNotSearchable) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/root/.profile", "x", false, kRoot).ok());
  EXPECT_EQ(ErrOf(fs.Stat("/root/.profile", User(1000))), Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.ReadFile("/root/.profile", User(1000))), Errno::kAccess);
  EXPECT_EQ(ErrOf(fs.List("/root", User(1000))), Errno::kAccess);
  EXPECT_TRUE(fs.Stat("/root/.profile").ok());  // Stat without cred: root
}

TEST(MemFs, NewEntriesBelongToTheirCreator) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/tmp/mine", "x", false, Cred{1000, 2000, {}}).ok());
  FsResult<FileStat> st = fs.Stat("/tmp/mine");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->uid, 1000u);
  EXPECT_EQ(st->gid, 2000u);
  EXPECT_EQ(st->mode, 0644u);
  EXPECT_EQ(ErrOf(fs.WriteFile("/tmp/mine", "y", false, User(1001))),
            Errno::kAccess);
}

TEST(MemFs, StickyTmpLetsOnlyOwnerRemove) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/tmp/a", "x", false, User(1000)).ok());
  EXPECT_EQ(ErrOf(fs.Remove("/tmp/a", false, User(1001))), Errno::kPerm);
  EXPECT_TRUE(fs.Exists("/tmp/a"));
  EXPECT_TRUE(fs.Remove("/tmp/a", false, User(1000)).ok());
  ASSERT_TRUE(fs.WriteFile("/tmp/b", "x", false, User(1000)).ok());
  EXPECT_TRUE(fs.Remove("/tmp/b", false, kRoot).ok());
}

TEST(MemFs, AccessChecksModeBits) {
  MemFs fs(MemFsOptions{});
  EXPECT_EQ(fs.Access("/bin/sh", 1, User(1000)), Errno::kOk);
  EXPECT_EQ(fs.Access("/etc/passwd", 4, User(1000)), Errno::kOk);
  EXPECT_EQ(fs.Access("/etc/passwd", 2, User(1000)), Errno::kAccess);
  EXPECT_EQ(fs.Access("/etc/passwd", 2, kRoot), Errno::kOk);
  EXPECT_EQ(fs.Access("/etc/passwd", 1, kRoot), Errno::kAccess);  // no x bit
  EXPECT_EQ(fs.Access("/nope", 0, kRoot), Errno::kNoEnt);
}

TEST(MemFs, ChmodNeedsOwnerOrRoot) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/tmp/s", "x", false, User(1000)).ok());
  EXPECT_EQ(ErrOf(fs.Chmod("/tmp/s", 0600, User(1001))), Errno::kPerm);
  ASSERT_TRUE(fs.Chmod("/tmp/s", 0600, User(1000)).ok());
  EXPECT_EQ(fs.Stat("/tmp/s")->mode, 0600u);
  EXPECT_EQ(ErrOf(fs.ReadFile("/tmp/s", User(1001))), Errno::kAccess);
  ASSERT_TRUE(fs.Chmod("/etc/motd", 0600, kRoot).ok());
  EXPECT_EQ(ErrOf(fs.ReadFile("/etc/motd", User(1000))), Errno::kAccess);
}

TEST(MemFs, ImageSymlinksAreFollowed) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.WriteFile("/var/run/app.pid", "42", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/run/app.pid", kRoot), "42");
  FsResult<FileStat> l = fs.Lstat("/var/run", kRoot);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->type, FileType::kSymlink);
  EXPECT_EQ(fs.Stat("/var/run")->type, FileType::kDirectory);
  EXPECT_EQ(*fs.Readlink("/var/run", kRoot), "../run");
  // rm of the link removes the link, not the directory.
  ASSERT_TRUE(fs.Remove("/var/run", false, kRoot).ok());
  EXPECT_TRUE(fs.Exists("/run/app.pid"));
}

TEST(MemFs, SymlinkLoopGivesEloop) {
  MemFsOptions o;
  o.image =
      BuildImageLayer({ImageEntry{"/a", FileType::kSymlink, 0777, 0, 0, "/b"},
                       ImageEntry{"/b", FileType::kSymlink, 0777, 0, 0, "a"}});
  MemFs fs(o);
  EXPECT_EQ(ErrOf(fs.ReadFile("/a", kRoot)), Errno::kLoop);
  EXPECT_EQ(ErrOf(fs.Stat("/a/x")), Errno::kLoop);
  EXPECT_TRUE(fs.Lstat("/a", kRoot).ok());
}

TEST(MemFs, DanglingSymlinkWriteCreatesTarget) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.Symlink("/tmp/target", "/tmp/link", kRoot).ok());
  EXPECT_EQ(ErrOf(fs.Stat("/tmp/link")), Errno::kNoEnt);
  ASSERT_TRUE(fs.WriteFile("/tmp/link", "via link", false, kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/tmp/target", kRoot), "via link");
  EXPECT_EQ(ErrOf(fs.Symlink("x", "/tmp/link", kRoot)), Errno::kExist);
}

TEST(MemFs, MtimeComesFromClock) {
  int64_t now = 1000;
  MemFsOptions o;
  o.now_ns = [&now] { return now; };
  MemFs fs(o);
  ASSERT_TRUE(fs.WriteFile("/f", "x", false, kRoot).ok());
  EXPECT_EQ(fs.Stat("/f")->mtime_ns, 1000);
  now = 2000;
  ASSERT_TRUE(fs.Touch("/f", kRoot).ok());
  EXPECT_EQ(fs.Stat("/f")->mtime_ns, 2000);
  now = 3000;
  ASSERT_TRUE(fs.Touch("/etc/passwd", kRoot).ok());
  EXPECT_EQ(fs.Stat("/etc/passwd")->mtime_ns, 3000);
  EXPECT_EQ(fs.Stat("/etc")->mtime_ns, DefaultImageLayer()->mtime_ns());
  now = 4000;
  ASSERT_TRUE(fs.Mkdir("/etc/new.d", false, 0755, kRoot).ok());
  EXPECT_EQ(fs.Stat("/etc")->mtime_ns, 4000);  // the directory changed
}

TEST(MemFs, TouchCreatesWithoutTruncating) {
  MemFs fs(MemFsOptions{});
  ASSERT_TRUE(fs.Touch("/tmp/t", kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/tmp/t", kRoot), "");
  ASSERT_TRUE(fs.WriteFile("/tmp/t", "keep", false, kRoot).ok());
  ASSERT_TRUE(fs.Touch("/tmp/t", kRoot).ok());
  EXPECT_EQ(*fs.ReadFile("/tmp/t", kRoot), "keep");
}

}  // namespace
}  // namespace fakecri::userland
