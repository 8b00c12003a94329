// File: default_layers.cc
// The trees nobody supplies: the default busybox/alpine-like image, and
// what the runtime's own /dev and /sys mounts show. Each is built once per
// process and shared.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/fs/image_layer.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland {
namespace {

// Alpine 3.19's release day, so `ls -l` shows a plausible image date.
constexpr int64_t kImageTimeNs = 1706227200LL * 1000000000LL;

constexpr uint32_t kShadowGid = 42;

constexpr std::string_view kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "bin:x:1:1:bin:/bin:/sbin/nologin\n"
    "daemon:x:2:2:daemon:/sbin:/sbin/nologin\n"
    "lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\n"
    "sync:x:5:0:sync:/sbin:/bin/sync\n"
    "shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\n"
    "halt:x:7:0:halt:/sbin:/sbin/halt\n"
    "mail:x:8:12:mail:/var/mail:/sbin/nologin\n"
    "news:x:9:13:news:/usr/lib/news:/sbin/nologin\n"
    "uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\n"
    "cron:x:16:16:cron:/var/spool/cron:/sbin/nologin\n"
    "ftp:x:21:21::/var/lib/ftp:/sbin/nologin\n"
    "sshd:x:22:22:sshd:/dev/null:/sbin/nologin\n"
    "games:x:35:35:games:/usr/games:/sbin/nologin\n"
    "ntp:x:123:123:NTP:/var/empty:/sbin/nologin\n"
    "guest:x:405:100:guest:/dev/null:/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/:/sbin/nologin\n";

constexpr std::string_view kGroup =
    "root:x:0:root\n"
    "bin:x:1:root,bin,daemon\n"
    "daemon:x:2:root,bin,daemon\n"
    "sys:x:3:root,bin\n"
    "adm:x:4:root,daemon\n"
    "tty:x:5:\n"
    "disk:x:6:root\n"
    "lp:x:7:lp\n"
    "kmem:x:9:\n"
    "wheel:x:10:root\n"
    "floppy:x:11:root\n"
    "mail:x:12:mail\n"
    "news:x:13:news\n"
    "uucp:x:14:uucp\n"
    "cron:x:16:cron\n"
    "console:x:17:\n"
    "audio:x:18:\n"
    "cdrom:x:19:\n"
    "dialout:x:20:root\n"
    "ftp:x:21:\n"
    "sshd:x:22:\n"
    "input:x:23:\n"
    "tape:x:26:root\n"
    "video:x:27:root\n"
    "netdev:x:28:\n"
    "kvm:x:34:kvm\n"
    "games:x:35:\n"
    "shadow:x:42:\n"
    "www-data:x:82:\n"
    "users:x:100:games\n"
    "ntp:x:123:\n"
    "abuild:x:300:\n"
    "utmp:x:406:\n"
    "ping:x:999:\n"
    "nogroup:x:65533:\n"
    "nobody:x:65534:\n";

constexpr std::string_view kOsRelease =
    "NAME=\"Alpine Linux\"\n"
    "ID=alpine\n"
    "VERSION_ID=3.19.1\n"
    "PRETTY_NAME=\"Alpine Linux v3.19\"\n"
    "HOME_URL=\"https://alpinelinux.org/\"\n"
    "BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/"
    "issues\"\n";

// A few bytes that start like an ELF executable, so `cat /bin/ls` prints
// binary noise rather than text; the programs themselves are simulated.
constexpr std::string_view kFakeElf(
    "\x7f"
    "ELF\x02\x01\x01\x00"
    "busybox\n",
    16);

constexpr std::string_view kBinPrograms[] = {
    "arch",     "ash",    "base64", "busybox", "cat",    "chgrp",   "chmod",
    "chown",    "cp",     "date",   "dd",      "df",     "dmesg",   "echo",
    "egrep",    "false",  "fgrep",  "getopt",  "grep",   "gunzip",  "gzip",
    "hostname", "kill",   "link",   "ln",      "login",  "ls",      "mkdir",
    "mknod",    "mktemp", "more",   "mount",   "mv",     "netstat", "nice",
    "pidof",    "ping",   "ps",     "pwd",     "rm",     "rmdir",   "sed",
    "sh",       "sleep",  "stat",   "stty",    "su",     "sync",    "tar",
    "touch",    "true",   "umount", "uname",   "usleep", "watch",   "zcat",
};
constexpr std::string_view kSbinPrograms[] = {
    "halt",    "ifconfig", "init",   "ip",    "mdev",
    "nologin", "poweroff", "reboot", "route", "sysctl",
};
constexpr std::string_view kUsrBinPrograms[] = {
    "[",         "[[",    "awk",    "basename", "cut",  "dirname", "du",
    "env",       "expr",  "find",   "free",     "head", "id",      "less",
    "md5sum",    "nc",    "nproc",  "nslookup", "od",   "printf",  "seq",
    "sha256sum", "sort",  "tail",   "tee",      "test", "time",    "top",
    "tr",        "uniq",  "uptime", "vi",       "wc",   "wget",    "which",
    "whoami",    "xargs", "yes",
};
constexpr std::string_view kUsrSbinPrograms[] = {
    "addgroup", "adduser", "chroot", "crond", "delgroup", "deluser",
};

ImageEntry Dir(std::string path, uint32_t mode = 0755) {
  return ImageEntry{std::move(path), FileType::kDirectory, mode, 0, 0, ""};
}
ImageEntry File(std::string path, std::string_view data, uint32_t mode = 0644) {
  return ImageEntry{std::move(path),  FileType::kRegular, mode, 0, 0,
                    std::string(data)};
}
ImageEntry Link(std::string path, std::string target) {
  return ImageEntry{std::move(path),  FileType::kSymlink, 0777, 0, 0,
                    std::move(target)};
}
ImageEntry Device(std::string path, uint32_t mode = 0666,
                  std::string data = "") {
  return ImageEntry{std::move(path), FileType::kCharDevice, mode, 0, 0,
                    std::move(data)};
}

std::shared_ptr<const ImageLayer> MakeDefaultImage() {
  std::vector<ImageEntry> e;
  for (const char* d :
       {"/bin",       "/sbin",      "/usr",           "/usr/bin",   "/usr/sbin",
        "/usr/lib",   "/usr/local", "/usr/local/bin", "/usr/share", "/lib",
        "/etc",       "/etc/apk",   "/etc/profile.d", "/home",      "/media",
        "/mnt",       "/opt",       "/srv",           "/run",       "/var",
        "/var/cache", "/var/empty", "/var/lib",       "/var/local", "/var/log",
        "/var/mail",  "/var/opt",   "/var/spool",     "/dev",       "/proc",
        "/sys"}) {
    e.push_back(Dir(d));
  }
  e.push_back(Dir("/root", 0700));
  e.push_back(Dir("/tmp", 01777));
  e.push_back(Dir("/var/tmp", 01777));
  e.push_back(Link("/var/run", "../run"));
  e.push_back(Link("/var/lock", "../run/lock"));
  e.push_back(Device("/dev/null"));

  e.push_back(File("/etc/passwd", kPasswd));
  e.push_back(File("/etc/group", kGroup));
  ImageEntry shadow = File("/etc/shadow",
                           "root:*::0:::::\n"
                           "bin:!::0:::::\n"
                           "daemon:!::0:::::\n"
                           "nobody:!::0:::::\n",
                           0640);
  shadow.gid = kShadowGid;
  e.push_back(std::move(shadow));
  e.push_back(File("/etc/os-release", kOsRelease));
  e.push_back(File("/etc/alpine-release", "3.19.1\n"));
  e.push_back(File("/etc/hostname", "localhost\n"));
  e.push_back(File("/etc/hosts",
                   "127.0.0.1\tlocalhost localhost.localdomain\n"
                   "::1\t\tlocalhost localhost.localdomain\n"));
  e.push_back(File("/etc/shells", "# valid login shells\n/bin/sh\n/bin/ash\n"));
  e.push_back(File("/etc/profile",
                   "export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                   "/usr/bin:/sbin:/bin\"\n"
                   "export PAGER=less\n"
                   "umask 022\n"));
  e.push_back(File("/etc/motd",
                   "Welcome to Alpine!\n\n"
                   "The Alpine Wiki contains a large amount of how-to "
                   "guides and general\ninformation about administrating "
                   "Alpine systems.\nSee <https://wiki.alpinelinux.org/>.\n"));
  e.push_back(File("/etc/nsswitch.conf", "hosts: files dns\n"));
  e.push_back(File("/etc/apk/world", "alpine-baselayout\nbusybox\nmusl\n"));

  for (std::string_view p : kBinPrograms) {
    e.push_back(File("/bin/" + std::string(p), kFakeElf, 0755));
  }
  for (std::string_view p : kSbinPrograms) {
    e.push_back(File("/sbin/" + std::string(p), kFakeElf, 0755));
  }
  for (std::string_view p : kUsrBinPrograms) {
    e.push_back(File("/usr/bin/" + std::string(p), kFakeElf, 0755));
  }
  for (std::string_view p : kUsrSbinPrograms) {
    e.push_back(File("/usr/sbin/" + std::string(p), kFakeElf, 0755));
  }
  return BuildImageLayer(std::move(e), nullptr, kImageTimeNs);
}

// Stand-in bytes for /dev/urandom: a reader gets one fixed block, which is
// enough for `head -c N /dev/urandom` and costs nothing per container.
std::string NoiseBlock() {
  std::string out(4096, '\0');
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xff);
  }
  return out;
}

std::shared_ptr<const ImageLayer> MakeDevLayer() {
  std::vector<ImageEntry> e;
  e.push_back(Link("/dev/core", "/proc/kcore"));
  e.push_back(Link("/dev/fd", "/proc/self/fd"));
  e.push_back(Device("/dev/full"));
  e.push_back(Dir("/dev/mqueue", 01777));
  e.push_back(Device("/dev/null"));
  e.push_back(Link("/dev/ptmx", "pts/ptmx"));
  e.push_back(Dir("/dev/pts"));
  std::string noise = NoiseBlock();
  e.push_back(Device("/dev/random", 0666, noise));
  e.push_back(Dir("/dev/shm", 01777));
  e.push_back(Link("/dev/stderr", "/proc/self/fd/2"));
  e.push_back(Link("/dev/stdin", "/proc/self/fd/0"));
  e.push_back(Link("/dev/stdout", "/proc/self/fd/1"));
  e.push_back(Device("/dev/tty"));
  e.push_back(Device("/dev/urandom", 0666, noise));
  e.push_back(Device("/dev/zero", 0666, std::string(4096, '\0')));
  std::vector<ImageEntry> rooted;
  // The layer is mounted at /dev, so its root is the /dev directory.
  for (ImageEntry& x : e) {
    x.path = x.path.substr(4);
    rooted.push_back(std::move(x));
  }
  return BuildImageLayer(std::move(rooted));
}

std::shared_ptr<const ImageLayer> MakeSysLayer() {
  std::vector<ImageEntry> e;
  for (const char* d :
       {"/block", "/bus", "/class", "/dev", "/devices", "/devices/system",
        "/devices/virtual", "/devices/virtual/powercap", "/firmware", "/fs",
        "/fs/cgroup", "/hypervisor", "/kernel", "/module", "/power"}) {
    e.push_back(Dir(d));
  }
  e.push_back(ImageEntry{"/", FileType::kDirectory, 0555, 0, 0, ""});
  return BuildImageLayer(std::move(e));
}

}  // namespace

std::shared_ptr<const ImageLayer> DefaultImageLayer() {
  static const std::shared_ptr<const ImageLayer> layer = MakeDefaultImage();
  return layer;
}

namespace fs_internal {

std::shared_ptr<const ImageLayer> DevLayer() {
  static const std::shared_ptr<const ImageLayer> layer = MakeDevLayer();
  return layer;
}

std::shared_ptr<const ImageLayer> SysLayer() {
  static const std::shared_ptr<const ImageLayer> layer = MakeSysLayer();
  return layer;
}

}  // namespace fs_internal
}  // namespace fakecri::userland
