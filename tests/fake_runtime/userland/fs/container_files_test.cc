// File: container_files_test.cc
// The runtime's /etc files in kubelet's / containerd's exact formats, the
// passwd / group reader, and strerror wording.
#include "fake_runtime/userland/fs/container_files.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fs_test_util.h"

namespace fakecri::userland {
namespace {

using testing::kRoot;

constexpr char kBoilerplate[] =
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "fe00::0\tip6-mcastprefix\n"
    "fe00::1\tip6-allnodes\n"
    "fe00::2\tip6-allrouters\n";

TEST(ContainerFiles, HostsFileMatchesKubelet) {
  EXPECT_EQ(HostsFile("nginx-7d9", "10.244.1.5"),
            std::string(kBoilerplate) + "10.244.1.5\tnginx-7d9\n");
}

TEST(ContainerFiles, HostsFileWithoutIpHasNoPodLine) {
  EXPECT_EQ(HostsFile("nginx-7d9", ""), kBoilerplate);
}

TEST(ContainerFiles, HostsFileWithDomainDualStackAndAliases) {
  HostsFileSpec spec;
  spec.hostname = "web-0";
  spec.domain = "web.default.svc.cluster.local";
  spec.pod_ips = {"10.244.0.7", "fd00::7"};
  spec.host_aliases = {HostAlias{"127.0.0.1", {"foo.local", "bar.local"}},
                       HostAlias{"10.1.2.3", {"foo.remote"}}};
  EXPECT_EQ(HostsFile(spec),
            std::string(kBoilerplate) +
                "10.244.0.7\tweb-0.web.default.svc.cluster.local\tweb-0\n"
                "fd00::7\tweb-0.web.default.svc.cluster.local\tweb-0\n"
                "\n# Entries added by HostAliases.\n"
                "127.0.0.1\tfoo.local\tbar.local\n"
                "10.1.2.3\tfoo.remote\n");
}

TEST(ContainerFiles, ResolvConfOrder) {
  EXPECT_EQ(ResolvConf({"10.96.0.10", "8.8.8.8"},
                       {"default.svc.cluster.local", "svc.cluster.local",
                        "cluster.local"},
                       {"ndots:5", "edns0"}),
            "search default.svc.cluster.local svc.cluster.local "
            "cluster.local\n"
            "nameserver 10.96.0.10\n"
            "nameserver 8.8.8.8\n"
            "options ndots:5 edns0\n");
  EXPECT_EQ(ResolvConf({"1.1.1.1"}, {}, {}), "nameserver 1.1.1.1\n");
}

TEST(ContainerFiles, ResolvConfEmptyWhenNothingSet) {
  EXPECT_EQ(ResolvConf({}, {}, {}), "");
}

TEST(ContainerFiles, HostnameFileEndsWithNewline) {
  EXPECT_EQ(HostnameFile("web-0"), "web-0\n");
}

TEST(ContainerFiles, RuntimeFilesServeGeneratedContent) {
  MemFsOptions o;
  o.runtime_files = {{"/etc/hosts", HostsFile("web-0", "10.0.0.9")},
                     {"/etc/resolv.conf", ResolvConf({"10.96.0.10"}, {}, {})},
                     {"/etc/hostname", HostnameFile("web-0")}};
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/etc/hostname", kRoot), "web-0\n");
  EXPECT_EQ(*fs.ReadFile("/etc/resolv.conf", kRoot), "nameserver 10.96.0.10\n");
  EXPECT_NE(fs.ReadFile("/etc/hosts", kRoot)->find("10.0.0.9\tweb-0\n"),
            std::string::npos);
}

PasswdLookup DefaultImageUsers() {
  MemFs fs(MemFsOptions{});
  return PasswdLookup(*fs.ReadFile("/etc/passwd", kRoot),
                      *fs.ReadFile("/etc/group", kRoot));
}

TEST(PasswdLookup, ResolvesDefaultImageUsers) {
  PasswdLookup db = DefaultImageUsers();
  ASSERT_TRUE(db.ByUid(0).has_value());
  EXPECT_EQ(db.ByUid(0)->name, "root");
  EXPECT_EQ(db.ByUid(0)->home, "/root");
  EXPECT_EQ(db.ByUid(0)->shell, "/bin/sh");
  ASSERT_TRUE(db.ByName("nobody").has_value());
  EXPECT_EQ(db.ByName("nobody")->uid, 65534u);
  EXPECT_EQ(db.ByName("nobody")->gid, 65534u);
  EXPECT_EQ(db.ByName("daemon")->uid, 2u);
  EXPECT_EQ(db.GroupByGid(42)->name, "shadow");
  EXPECT_EQ(db.GroupByName("wheel")->gid, 10u);
  EXPECT_FALSE(db.ByUid(1000).has_value());
}

TEST(PasswdLookup, ResolveUserForms) {
  PasswdLookup db = DefaultImageUsers();
  absl::StatusOr<Cred> c = db.ResolveUser("1000");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->uid, 1000u);
  EXPECT_EQ(c->gid, 0u);
  EXPECT_TRUE(c->groups.empty());

  c = db.ResolveUser("nobody");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->uid, 65534u);
  EXPECT_EQ(c->gid, 65534u);

  c = db.ResolveUser("");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->uid, 0u);
  EXPECT_EQ(c->groups,
            (std::vector<uint32_t>{1, 2, 3, 4, 6, 10, 11, 20, 26, 27}));

  c = db.ResolveUser("daemon:shadow");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->uid, 2u);
  EXPECT_EQ(c->gid, 42u);

  c = db.ResolveUser("0:42");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->gid, 42u);

  EXPECT_EQ(db.ResolveUser("ghost").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(db.ResolveUser("root:nogroup-here").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(PasswdLookup, SkipsMalformedLinesAndFirstMatchWins) {
  PasswdLookup db(
      "# comment\n"
      "broken line\n"
      "app:x:notanumber:1:::/bin/sh\n"
      "app:x:1000:1000:App:/home/app:/bin/sh\n"
      "dup:x:1000:1000::/:/bin/false\n",
      "app:x:1000:\nstaff:x:50:app,other\n");
  ASSERT_TRUE(db.ByName("app").has_value());
  EXPECT_EQ(db.ByName("app")->uid, 1000u);
  EXPECT_EQ(db.ByUid(1000)->name, "app");
  EXPECT_EQ(db.GroupsOf("app", 1000), (std::vector<uint32_t>{1000, 50}));
}

TEST(ErrnoText, MatchesStrerror) {
  const std::pair<Errno, int> pairs[] = {
      {Errno::kPerm, EPERM},     {Errno::kNoEnt, ENOENT},
      {Errno::kAccess, EACCES},  {Errno::kExist, EEXIST},
      {Errno::kNotDir, ENOTDIR}, {Errno::kIsDir, EISDIR},
      {Errno::kInval, EINVAL},   {Errno::kNoSpace, ENOSPC},
      {Errno::kRoFs, EROFS},     {Errno::kNotEmpty, ENOTEMPTY},
      {Errno::kBusy, EBUSY},     {Errno::kLoop, ELOOP},
  };
  for (const auto& [e, linux_errno] : pairs) {
    EXPECT_EQ(ErrnoText(e), std::string(std::strerror(linux_errno)));
  }
}

}  // namespace
}  // namespace fakecri::userland
