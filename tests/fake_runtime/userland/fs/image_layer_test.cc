// File: image_layer_test.cc
// Building image layers, and the default alpine-like root.
#include "fake_runtime/userland/fs/image_layer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_runtime/userland/fs/mem_fs.h"
#include "fs_test_util.h"

namespace fakecri::userland {
namespace {

using testing::kRoot;
using testing::Names;

TEST(ImageLayer, DefaultLayerLooksLikeAlpine) {
  MemFs fs(MemFsOptions{});
  for (const char* dir : {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/etc",
                          "/home", "/var", "/var/log", "/var/tmp", "/run",
                          "/dev", "/proc", "/sys", "/mnt", "/opt", "/srv"}) {
    FsResult<FileStat> st = fs.Stat(dir);
    ASSERT_TRUE(st.ok()) << dir;
    EXPECT_EQ(st->type, FileType::kDirectory) << dir;
  }
  EXPECT_EQ(fs.Stat("/tmp")->mode, 01777u);
  EXPECT_EQ(fs.Stat("/root")->mode, 0700u);
  FsResult<FileStat> shadow = fs.Stat("/etc/shadow");
  ASSERT_TRUE(shadow.ok());
  EXPECT_EQ(shadow->mode, 0640u);
  EXPECT_EQ(shadow->gid, 42u);
  FsResult<FileStat> sh = fs.Stat("/bin/sh");
  ASSERT_TRUE(sh.ok());
  EXPECT_EQ(sh->type, FileType::kRegular);
  EXPECT_EQ(sh->mode, 0755u);
  std::vector<std::string> bin = Names(*fs.List("/bin", kRoot));
  EXPECT_GT(bin.size(), 30u);
  EXPECT_NE(fs.ReadFile("/etc/os-release", kRoot)->find("ID=alpine"),
            std::string::npos);
  EXPECT_NE(fs.ReadFile("/etc/group", kRoot)->find("nobody:x:65534:"),
            std::string::npos);
}

TEST(ImageLayer, DefaultLayerIsBuiltOnce) {
  EXPECT_EQ(DefaultImageLayer().get(), DefaultImageLayer().get());
}

TEST(ImageLayer, BuildCreatesParentsAndSortsChildren) {
  auto layer = BuildImageLayer(
      {{"/app/server.py", "#!/usr/bin/env python3\nprint('hi')\n"},
       {"/app/config/b.yaml", "b"},
       {"/app/config/a.yaml", "a"}},
      {"/data", "/app/logs"});
  std::optional<uint32_t> app = layer->Find("/app");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(layer->node(*app).type, FileType::kDirectory);
  EXPECT_EQ(layer->node(*app).mode, 0755u);
  std::optional<uint32_t> script = layer->Find("/app/server.py");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(layer->node(*script).mode, 0755u);  // a script
  EXPECT_EQ(layer->node(*layer->Find("/app/config/a.yaml")).mode, 0644u);
  EXPECT_TRUE(layer->Find("/data").has_value());
  EXPECT_FALSE(layer->Find("/app/nope").has_value());

  MemFsOptions o;
  o.image = layer;
  MemFs fs(o);
  EXPECT_EQ(Names(*fs.List("/app/config", kRoot)),
            (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(Names(*fs.List("/app", kRoot)),
            (std::vector<std::string>{"config", "logs", "server.py"}));
}

TEST(ImageLayer, EntriesOverrideBase) {
  auto layer = BuildImageLayer(
      {ImageEntry{"/etc/motd", FileType::kRegular, 0600, 0, 0, "custom\n"},
       ImageEntry{"/usr/share/nginx/html/index.html", FileType::kRegular, 0644,
                  101, 101, "<html></html>\n"}},
      DefaultImageLayer().get());
  MemFsOptions o;
  o.image = layer;
  MemFs fs(o);
  EXPECT_EQ(*fs.ReadFile("/etc/motd", kRoot), "custom\n");
  EXPECT_EQ(fs.Stat("/etc/motd")->mode, 0600u);
  EXPECT_EQ(fs.Stat("/usr/share/nginx/html/index.html")->uid, 101u);
  EXPECT_TRUE(fs.Exists("/etc/passwd"));
  EXPECT_EQ(fs.Stat("/tmp")->mode, 01777u);
}

}  // namespace
}  // namespace fakecri::userland
