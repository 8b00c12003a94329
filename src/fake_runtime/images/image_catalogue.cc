// File: image_catalogue.cc
// The built-in catalogue, synthetic digests and profiles, and the YAML
// loader. yaml-cpp throws; every exception is caught in LoadYamlString so
// that only absl::Status leaves this file.
#include "fake_runtime/images/image_catalogue.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/yaml_reader.h"

namespace fakecri::runtime {
namespace {

constexpr char kDefaultPath[] =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Debian's abseil has its own string_view type, distinct from std's.
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a with a caller-chosen basis, finished by splitmix64 so that
// similar seeds ("app:v1", "app:v2") land far apart.
uint64_t Hash64(std::string_view s, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return SplitMix64(h ^ s.size());
}

uint64_t Hash64(std::string_view s) { return Hash64(s, 0xcbf29ce484222325ULL); }

// Real images have roughly one inode per 16 KiB of content, plus the
// directory skeleton.
uint64_t EstimateInodes(uint64_t size_bytes) { return 32 + size_bytes / 16384; }

// Everything that makes an image this image. Tags are included because two
// catalogue entries of one repository with the same config are still
// different images (different builds); the separator bytes keep fields from
// running into each other.
std::string IdentitySeed(const ImageProfile& p) {
  std::vector<std::string> tags = p.tags;
  std::sort(tags.begin(), tags.end());
  std::string labels;
  for (const auto& [k, v] : p.labels)
    absl::StrAppend(&labels, k, "=", v, "\x1f");
  return absl::StrCat(
      p.repository, "\x1e", absl::StrJoin(tags, "\x1f"), "\x1e",
      absl::StrJoin(p.entrypoint, "\x1f"), "\x1e", absl::StrJoin(p.cmd, "\x1f"),
      "\x1e", absl::StrJoin(p.env, "\x1f"), "\x1e", p.user, "\x1e",
      p.working_dir, "\x1e", p.stop_signal, "\x1e", p.size_bytes, "\x1e",
      labels, "\x1e", absl::StrJoin(p.exposed_ports, "\x1f"), "\x1e",
      p.manifest_digest);
}

void FillDigests(ImageProfile& p) {
  if (p.inodes == 0) p.inodes = EstimateInodes(p.size_bytes);
  const std::string seed = IdentitySeed(p);
  if (p.manifest_digest.empty()) {
    p.manifest_digest = SyntheticDigest(absl::StrCat("manifest\n", seed));
  }
  p.config_digest = SyntheticDigest(absl::StrCat("config\n", seed));
}

// ---------------------------------------------------------------------------
// Built-in entries.

struct Spec {
  std::string repository;
  std::vector<std::string> tags;
  std::vector<std::string> entrypoint = {};
  std::vector<std::string> cmd = {};
  std::vector<std::string> env = {kDefaultPath};
  std::string user = "";
  std::string working_dir = "";
  std::string stop_signal = "";
  uint64_t size = 0;
  std::vector<std::string> exposed_ports = {};
  std::map<std::string, std::string> labels = {};
  std::string manifest_digest = "";
};

// Configs and (compressed, as containerd reports them) sizes follow the
// upstream images closely enough for anything that inspects them.
std::vector<Spec> BuiltInSpecs() {
  const std::string path = kDefaultPath;
  const std::vector<std::string> sh = {"sh"};
  const std::vector<std::string> bin_sh = {"/bin/sh"};
  const std::vector<std::string> nginx_cmd = {"nginx", "-g", "daemon off;"};
  const std::map<std::string, std::string> nginx_labels = {
      {"maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>"}};
  const std::string apache_path =
      "PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:"
      "/usr/bin:/sbin:/bin";
  const std::string pause = "registry.k8s.io/pause";
  const std::string e2e = "registry.k8s.io/e2e-test-images/";
  const std::string ct = "gcr.io/k8s-staging-cri-tools/";

  return {
      // The sandbox images the kubelet and containerd default to.
      {.repository = pause,
       .tags = {"3.10"},
       .entrypoint = {"/pause"},
       .user = "65535:65535",
       .working_dir = "/",
       .size = 320368},
      {.repository = pause,
       .tags = {"3.9"},
       .entrypoint = {"/pause"},
       .user = "65535:65535",
       .working_dir = "/",
       .size = 321520},
      {.repository = pause,
       .tags = {"3.8"},
       .entrypoint = {"/pause"},
       .user = "65535:65535",
       .working_dir = "/",
       .size = 311286},

      // Docker Hub official images.
      {.repository = "docker.io/library/busybox",
       .tags = {"latest", "1", "1.36", "1.36.1"},
       .cmd = sh,
       .size = 2155142},
      {.repository = "docker.io/library/busybox",
       .tags = {"1-uclibc", "1.36-uclibc", "1.36.1-uclibc"},
       .cmd = sh,
       .size = 1015437},
      {.repository = "docker.io/library/busybox",
       .tags = {"1-musl", "1.36-musl", "1.36.1-musl"},
       .cmd = sh,
       .size = 857014},
      {.repository = "docker.io/library/busybox",
       .tags = {"1-glibc", "1.36-glibc", "1.36.1-glibc"},
       .cmd = sh,
       .size = 2159128},
      {.repository = "docker.io/library/alpine",
       .tags = {"latest", "3", "3.20", "3.20.3"},
       .cmd = bin_sh,
       .size = 3625530},
      {.repository = "docker.io/library/alpine",
       .tags = {"3.19", "3.19.4"},
       .cmd = bin_sh,
       .size = 3418342},
      {.repository = "docker.io/library/nginx",
       .tags = {"latest", "1", "1.27", "1.27.2", "mainline"},
       .entrypoint = {"/docker-entrypoint.sh"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.27.2", "NJS_VERSION=0.8.6",
               "NJS_RELEASE=1~bookworm", "PKG_RELEASE=1~bookworm",
               "DYNPKG_RELEASE=1~bookworm"},
       .stop_signal = "SIGQUIT",
       .size = 72955450,
       .exposed_ports = {"80/tcp"},
       .labels = nginx_labels},
      {.repository = "docker.io/library/nginx",
       .tags = {"1.25", "1.25.5"},
       .entrypoint = {"/docker-entrypoint.sh"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.25.5", "NJS_VERSION=0.8.4",
               "PKG_RELEASE=1~bookworm"},
       .stop_signal = "SIGQUIT",
       .size = 70991807,
       .exposed_ports = {"80/tcp"},
       .labels = nginx_labels},
      {.repository = "docker.io/library/httpd",
       .tags = {"latest", "2", "2.4", "2.4.62"},
       .cmd = {"httpd-foreground"},
       .env = {apache_path, "HTTPD_PREFIX=/usr/local/apache2",
               "HTTPD_VERSION=2.4.62", "HTTPD_PATCHES="},
       .working_dir = "/usr/local/apache2",
       .stop_signal = "SIGWINCH",
       .size = 58226112,
       .exposed_ports = {"80/tcp"}},
      {.repository = "docker.io/library/redis",
       .tags = {"latest", "7", "7.2", "7.2.5"},
       .entrypoint = {"docker-entrypoint.sh"},
       .cmd = {"redis-server"},
       .env = {path, "GOSU_VERSION=1.17", "REDIS_VERSION=7.2.5",
               "REDIS_DOWNLOAD_URL=http://download.redis.io/releases/"
               "redis-7.2.5.tar.gz"},
       .working_dir = "/data",
       .size = 40395410,
       .exposed_ports = {"6379/tcp"}},

      // Kubernetes e2e test images.
      {.repository = e2e + "busybox",
       .tags = {"1.29-1"},
       .cmd = sh,
       .size = 732686},
      {.repository = e2e + "busybox",
       .tags = {"1.29-2"},
       .cmd = sh,
       .size = 732924},
      {.repository = e2e + "busybox",
       .tags = {"1.29-4"},
       .cmd = sh,
       .size = 733139},
      {.repository = e2e + "busybox",
       .tags = {"1.36.1-1"},
       .cmd = sh,
       .size = 2208126},
      {.repository = e2e + "agnhost",
       .tags = {"2.47"},
       .entrypoint = {"/agnhost"},
       .cmd = {"pause"},
       .size = 51783316,
       .exposed_ports = {"80/tcp", "8080/tcp", "9376/tcp"}},
      {.repository = e2e + "agnhost",
       .tags = {"2.52"},
       .entrypoint = {"/agnhost"},
       .cmd = {"pause"},
       .size = 55101474,
       .exposed_ports = {"80/tcp", "8080/tcp", "9376/tcp"}},
      // Pre-1.19 nginx images still stopped with SIGTERM.
      {.repository = e2e + "nginx",
       .tags = {"1.14-2"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.14.2"},
       .stop_signal = "SIGTERM",
       .size = 6930041,
       .exposed_ports = {"80/tcp"}},
      {.repository = e2e + "nginx",
       .tags = {"1.14-4"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.14.2"},
       .stop_signal = "SIGTERM",
       .size = 6970223,
       .exposed_ports = {"80/tcp"}},
      {.repository = e2e + "nginx",
       .tags = {"1.15-4"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.15.12"},
       .stop_signal = "SIGTERM",
       .size = 7312456,
       .exposed_ports = {"80/tcp"}},
      {.repository = e2e + "nonroot",
       .tags = {"1.4"},
       .cmd = bin_sh,
       .user = "1234",
       .size = 2419650},
      {.repository = e2e + "httpd",
       .tags = {"2.4.38-4"},
       .cmd = {"httpd-foreground"},
       .env = {apache_path, "HTTPD_PREFIX=/usr/local/apache2",
               "HTTPD_VERSION=2.4.38"},
       .working_dir = "/usr/local/apache2",
       .stop_signal = "SIGWINCH",
       .size = 40765017,
       .exposed_ports = {"80/tcp"}},

      // cri-tools' critest images (pkg/validate/consts.go).
      {.repository = ct + "test-image-tags",
       .tags = {"1", "2", "3"},
       .cmd = sh,
       .size = 1243516},
      {.repository = ct + "test-image-1",
       .tags = {"latest"},
       .cmd = sh,
       .size = 1243604},
      {.repository = ct + "test-image-2",
       .tags = {"latest"},
       .cmd = sh,
       .size = 1243611},
      {.repository = ct + "test-image-3",
       .tags = {"latest"},
       .cmd = sh,
       .size = 1243622},
      {.repository = ct + "test-image-latest",
       .tags = {"latest"},
       .cmd = sh,
       .size = 1243530},
      {.repository = ct + "test-image-tag",
       .tags = {"test"},
       .cmd = sh,
       .size = 1243547},
      {.repository = ct + "test-image-tag",
       .tags = {"all"},
       .cmd = sh,
       .size = 1243559},
      // Pulled by digest only: the entry pins the digest critest uses.
      {.repository = ct + "test-image-digest",
       .tags = {},
       .cmd = sh,
       .size = 1243571,
       .manifest_digest = "sha256:9700f9a2f5bf2c45f2f605a0bd3bce7cf37420ec"
                          "9d3ed50ac2758413308766bf"},
      {.repository = ct + "test-image-user-uid",
       .tags = {"latest"},
       .cmd = sh,
       .user = "1002",
       .size = 1244102},
      {.repository = ct + "test-image-user-username",
       .tags = {"latest"},
       .cmd = sh,
       .user = "www-data",
       .size = 1244230},
      {.repository = ct + "test-image-user-uid-group",
       .tags = {"latest"},
       .cmd = sh,
       .user = "1003:users",
       .size = 1244151},
      {.repository = ct + "test-image-user-username-group",
       .tags = {"latest"},
       .cmd = sh,
       .user = "www-data:users",
       .size = 1244279},
      // uid 1000 with supplementary group 50000 predefined in /etc/group.
      {.repository = ct + "test-image-predefined-group",
       .tags = {"latest"},
       .cmd = sh,
       .user = "1000",
       .size = 1244317},
      // nginx listening on the host port critest's host-network test uses.
      {.repository = ct + "hostnet-nginx-amd64",
       .tags = {"latest"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.14.2"},
       .stop_signal = "SIGTERM",
       .size = 6981205,
       .exposed_ports = {"12003/tcp"}},
      {.repository = ct + "hostnet-nginx-arm64",
       .tags = {"latest"},
       .cmd = nginx_cmd,
       .env = {path, "NGINX_VERSION=1.14.2"},
       .stop_signal = "SIGTERM",
       .size = 6643890,
       .exposed_ports = {"12003/tcp"}},
  };
}

// ---------------------------------------------------------------------------
// YAML loading.

constexpr std::string_view kImageKeys[] = {
    "repository", "tags",   "entrypoint",    "cmd",
    "env",        "user",   "working_dir",   "stop_signal",
    "size",       "labels", "exposed_ports", "behavior",
};

constexpr std::string_view kBehaviorKeys[] = {
    "run",          "after",     "exit_code", "startup_lines",
    "log_line",     "log_every", "memory",    "memory_growth_per_second",
    "handles_term",
};

class YamlLoader {
 public:
  explicit YamlLoader(std::string_view source) : reader_(source) {}

  absl::Status Error(const YAML::Mark& mark, std::string_view what) const {
    return reader_.Error(mark, what);
  }

  absl::Status Load(const YAML::Node& root, std::vector<ImageProfile>& out) {
    std::optional<YAML::Node> images_key, images;
    RETURN_IF_ERROR(reader_.ReadTop(
        root, {.body_key = "images", .expected = "'version' or 'images'"},
        images_key, images));
    if (!images->IsSequence()) {
      return Error(Where(*images_key, *images),
                   absl::StrCat("expected a sequence of image entries for "
                                "'images', got ",
                                Describe(*images)));
    }
    for (const YAML::Node& item : *images) {
      ImageProfile p;
      RETURN_IF_ERROR(LoadImage(item, p));
      out.push_back(std::move(p));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status CheckKey(const YAML::Node& key) const {
    if (!key.IsScalar()) return Error(key.Mark(), "expected a string key");
    return absl::OkStatus();
  }
  static std::string Describe(const YAML::Node& n) { return yaml::Describe(n); }
  static YAML::Mark Where(const YAML::Node& key, const YAML::Node& value) {
    return yaml::Where(key, value);
  }

  absl::Status String(const YAML::Node& key, const YAML::Node& value,
                      std::string& out) const {
    if (!value.IsScalar()) {
      return Error(Where(key, value),
                   absl::StrCat("expected a string for '", key.Scalar(),
                                "', got ", Describe(value)));
    }
    out = value.Scalar();
    return absl::OkStatus();
  }

  absl::Status Strings(const YAML::Node& key, const YAML::Node& value,
                       std::vector<std::string>& out) const {
    if (!value.IsSequence()) {
      return Error(Where(key, value),
                   absl::StrCat("expected a sequence of strings for '",
                                key.Scalar(), "', got ", Describe(value)));
    }
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) {
        return Error(item.Mark(),
                     absl::StrCat("expected a string in '", key.Scalar(),
                                  "', got ", Describe(item)));
      }
      out.push_back(item.Scalar());
    }
    return absl::OkStatus();
  }

  absl::Status LoadImage(const YAML::Node& item, ImageProfile& p) {
    if (!item.IsMap()) {
      return Error(item.Mark(), absl::StrCat("expected a mapping for an image "
                                             "entry, got ",
                                             Describe(item)));
    }
    std::optional<YAML::Node> tags_key, tags_value;
    bool has_repository = false;
    RETURN_IF_ERROR(reader_.ForEachKey(
        item, {.allowed = kImageKeys, .unknown_context = " in image entry"},
        [&](const std::string& k, const YAML::Node& key,
            const YAML::Node& value) -> absl::Status {
          if (k == "repository") {
            has_repository = true;
            RETURN_IF_ERROR(Repository(key, value, p.repository));
          } else if (k == "tags") {
            tags_key.emplace(key);
            tags_value.emplace(value);
          } else if (k == "entrypoint") {
            RETURN_IF_ERROR(Strings(key, value, p.entrypoint));
          } else if (k == "cmd") {
            RETURN_IF_ERROR(Strings(key, value, p.cmd));
          } else if (k == "env") {
            RETURN_IF_ERROR(Strings(key, value, p.env));
            for (size_t i = 0; i < p.env.size(); ++i) {
              if (p.env[i].find('=') == std::string::npos ||
                  p.env[i].front() == '=') {
                return Error(
                    value[i].Mark(),
                    absl::StrCat("expected 'KEY=VALUE' in 'env', got '",
                                 p.env[i], "'"));
              }
            }
          } else if (k == "user") {
            RETURN_IF_ERROR(String(key, value, p.user));
          } else if (k == "working_dir") {
            RETURN_IF_ERROR(String(key, value, p.working_dir));
          } else if (k == "stop_signal") {
            RETURN_IF_ERROR(String(key, value, p.stop_signal));
          } else if (k == "size") {
            RETURN_IF_ERROR(Size(key, value, p.size_bytes));
          } else if (k == "labels") {
            RETURN_IF_ERROR(Labels(key, value, p.labels));
          } else if (k == "exposed_ports") {
            RETURN_IF_ERROR(Strings(key, value, p.exposed_ports));
          } else if (k == "behavior") {
            auto b = std::make_shared<userland::ImageBehavior>();
            RETURN_IF_ERROR(Behavior(key, value, *b));
            p.behavior = std::move(b);
          }
          return absl::OkStatus();
        }));
    if (!has_repository) {
      return Error(item.Mark(), "missing required key 'repository'");
    }
    // Tags are checked last: duplicates are per repository.
    if (tags_key) {
      RETURN_IF_ERROR(Tags(*tags_key, *tags_value, p));
    } else {
      RETURN_IF_ERROR(
          Claim(p.repository, std::string(kDefaultTag), item.Mark()));
      p.tags = {std::string(kDefaultTag)};
    }
    if (p.size_bytes == 0) {
      // Derived, so an entry without a size still looks like a real image.
      p.size_bytes = 1'000'000 + Hash64(p.repository) % 50'000'000;
    }
    return absl::OkStatus();
  }

  absl::Status Repository(const YAML::Node& key, const YAML::Node& value,
                          std::string& out) const {
    std::string raw;
    RETURN_IF_ERROR(String(key, value, raw));
    absl::StatusOr<ImageReference> ref = ParseImageReference(raw);
    if (!ref.ok()) {
      return Error(value.Mark(), absl::StrCat("invalid repository '", raw,
                                              "': ", ref.status().message()));
    }
    // A colon after the last slash can only start a tag.
    const size_t slash = raw.rfind('/');
    const bool has_tag =
        raw.find(':', slash == std::string::npos ? 0 : slash) !=
        std::string::npos;
    if (has_tag || raw.find('@') != std::string::npos) {
      return Error(value.Mark(),
                   absl::StrCat("expected a repository without tag or digest "
                                "(put tags in 'tags'), got '",
                                raw, "'"));
    }
    out = ref->Repository();
    return absl::OkStatus();
  }

  absl::Status Tags(const YAML::Node& key, const YAML::Node& value,
                    ImageProfile& p) {
    RETURN_IF_ERROR(Strings(key, value, p.tags));
    if (p.tags.empty()) {
      return Error(value.Mark(), "expected at least one tag in 'tags'");
    }
    for (size_t i = 0; i < p.tags.size(); ++i) {
      if (!IsValidTag(p.tags[i])) {
        return Error(
            value[i].Mark(),
            absl::StrCat("invalid tag '", p.tags[i],
                         "': expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"));
      }
      RETURN_IF_ERROR(Claim(p.repository, p.tags[i], value[i].Mark()));
    }
    return absl::OkStatus();
  }

  // Records repository:tag; a second definition in one file is an error.
  absl::Status Claim(const std::string& repository, const std::string& tag,
                     const YAML::Mark& mark) {
    const std::string name = absl::StrCat(repository, ":", tag);
    auto [it, inserted] = claimed_.emplace(name, mark.line + 1);
    if (!inserted) {
      return Error(mark,
                   absl::StrCat("tag '", name, "' is already defined at line ",
                                it->second));
    }
    return absl::OkStatus();
  }

  // behavior: {run: forever|exit|crash, after: 30s, exit_code: 1,
  //            startup_lines: [...], log_line: "...", log_every: 1s,
  //            memory: 64Mi, memory_growth_per_second: 1Mi,
  //            handles_term: true}
  absl::Status Behavior(const YAML::Node& key, const YAML::Node& value,
                        userland::ImageBehavior& b) const {
    if (!value.IsMap()) {
      return Error(Where(key, value),
                   absl::StrCat("expected a mapping for 'behavior', got ",
                                Describe(value)));
    }
    std::set<std::string> seen;
    RETURN_IF_ERROR(reader_.ForEachKey(
        value, {.allowed = kBehaviorKeys, .unknown_context = " in 'behavior'"},
        [&](const std::string& name, const YAML::Node& k,
            const YAML::Node& v) -> absl::Status {
          seen.insert(name);
          if (!v.IsScalar() && name != "startup_lines") {
            return Error(Where(k, v),
                         absl::StrCat("expected a scalar for '", name,
                                      "', got ", Describe(v)));
          }
          if (name == "run") {
            const std::string& r = v.Scalar();
            if (r == "forever") {
              b.run = userland::ImageBehavior::Run::kForever;
            } else if (r == "exit") {
              b.run = userland::ImageBehavior::Run::kExit;
            } else if (r == "crash") {
              b.run = userland::ImageBehavior::Run::kCrash;
            } else {
              return Error(v.Mark(),
                           absl::StrCat("expected forever, exit or crash "
                                        "for 'run', got '",
                                        r, "'"));
            }
          } else if (name == "after" || name == "log_every") {
            absl::Duration d;
            if (!absl::ParseDuration(v.Scalar(), &d) ||
                d < absl::ZeroDuration()) {
              return Error(
                  v.Mark(),
                  absl::StrCat("expected a duration like 500ms, 5s or 2m "
                               "for '",
                               name, "', got '", v.Scalar(), "'"));
            }
            (name == "after" ? b.exit_after : b.period) =
                absl::ToInt64Nanoseconds(d);
          } else if (name == "exit_code") {
            int code = 0;
            if (!absl::SimpleAtoi(v.Scalar(), &code) || code < 0 ||
                code > 255) {
              return Error(v.Mark(),
                           absl::StrCat("expected an integer 0..255 for "
                                        "'exit_code', got '",
                                        v.Scalar(), "'"));
            }
            b.exit_code = code;
          } else if (name == "startup_lines") {
            RETURN_IF_ERROR(Strings(k, v, b.startup_lines));
          } else if (name == "log_line") {
            b.periodic_line = v.Scalar();
          } else if (name == "memory" || name == "memory_growth_per_second") {
            uint64_t bytes = 0;
            if (!ParseQuantity(v.Scalar(), &bytes)) {
              return Error(
                  v.Mark(),
                  absl::StrCat("expected a size like 64Mi, 1Gi or 4096 "
                               "for '",
                               name, "', got '", v.Scalar(), "'"));
            }
            (name == "memory" ? b.memory_start : b.memory_growth_per_s) = bytes;
          } else if (name == "handles_term") {
            const std::string& t = v.Scalar();
            if (t != "true" && t != "false") {
              return Error(v.Mark(), absl::StrCat("expected true or false for "
                                                  "'handles_term', got '",
                                                  t, "'"));
            }
            b.handles_term = t == "true";
          }
          return absl::OkStatus();
        }));
    if (b.run != userland::ImageBehavior::Run::kForever &&
        !seen.contains("after")) {
      return Error(value.Mark(),
                   "'behavior' with run: exit or crash needs "
                   "'after' (a duration)");
    }
    if (!b.periodic_line.empty() && b.period == 0) {
      return Error(value.Mark(), "'log_line' needs 'log_every' (a duration)");
    }
    return absl::OkStatus();
  }

  // Kubernetes-style byte quantities: 4096, 64Ki, 64Mi, 1Gi, 10M, 1G.
  static bool ParseQuantity(const std::string& s, uint64_t* out) {
    static constexpr std::pair<const char*, uint64_t> kUnits[] = {
        {"Ki", 1ull << 10}, {"Mi", 1ull << 20}, {"Gi", 1ull << 30},
        {"K", 1000},        {"M", 1000000},     {"G", 1000000000}};
    for (const auto& [suffix, mult] : kUnits) {
      if (absl::EndsWith(s, suffix)) {
        uint64_t n = 0;
        if (!absl::SimpleAtoi(s.substr(0, s.size() - strlen(suffix)), &n)) {
          return false;
        }
        *out = n * mult;
        return true;
      }
    }
    return absl::SimpleAtoi(s, out);
  }

  absl::Status Size(const YAML::Node& key, const YAML::Node& value,
                    uint64_t& out) const {
    const std::string what =
        absl::StrCat("expected a positive integer (bytes) for 'size', got ",
                     Describe(value));
    // Plain scalars only ("?" tag): a quoted "12" is a string, not a size.
    if (!value.IsScalar() || value.Tag() != "?") {
      return Error(Where(key, value), what);
    }
    const std::string& s = value.Scalar();
    uint64_t v = 0;
    if (s.empty() ||
        !std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; }) ||
        !absl::SimpleAtoi(s, &v) || v == 0) {
      return Error(value.Mark(), what);
    }
    out = v;
    return absl::OkStatus();
  }

  absl::Status Labels(const YAML::Node& key, const YAML::Node& value,
                      std::map<std::string, std::string>& out) const {
    if (!value.IsMap()) {
      return Error(Where(key, value),
                   absl::StrCat("expected a mapping of strings for 'labels', "
                                "got ",
                                Describe(value)));
    }
    for (const auto& kv : value) {
      RETURN_IF_ERROR(CheckKey(kv.first));
      std::string v;
      RETURN_IF_ERROR(String(kv.first, kv.second, v));
      out[kv.first.Scalar()] = v;
    }
    return absl::OkStatus();
  }

  yaml::Reader reader_;
  std::map<std::string, int> claimed_;  // "repo:tag" -> line
};

}  // namespace

std::string SyntheticDigest(std::string_view seed) {
  // Two independently seeded 64-bit hashes give 128 bits of identity; four
  // splitmix64 outputs over them fill the 256-bit digest.
  const uint64_t a = Hash64(seed);
  const uint64_t b = Hash64(seed, 0x84222325cbf29ce4ULL);
  std::string out = "sha256:";
  out.reserve(7 + 64);
  static constexpr char kHex[] = "0123456789abcdef";
  for (uint64_t i = 0; i < 4; ++i) {
    const uint64_t word =
        SplitMix64(a + i * 0x9e3779b97f4a7c15ULL) ^ SplitMix64(b ^ (i << 56));
    for (int shift = 60; shift >= 0; shift -= 4) {
      out.push_back(kHex[(word >> shift) & 0xf]);
    }
  }
  return out;
}

ImageCatalogue ImageCatalogue::BuiltIn() {
  ImageCatalogue c;
  for (Spec& s : BuiltInSpecs()) {
    ImageProfile p;
    p.repository = s.repository;
    p.tags = std::move(s.tags);
    p.entrypoint = std::move(s.entrypoint);
    p.cmd = std::move(s.cmd);
    p.env = std::move(s.env);
    p.user = s.user;
    p.working_dir = s.working_dir;
    p.stop_signal = s.stop_signal;
    p.size_bytes = s.size;
    p.exposed_ports = std::move(s.exposed_ports);
    p.labels = std::move(s.labels);
    p.manifest_digest = s.manifest_digest;
    c.Add(std::move(p));
  }
  return c;
}

void ImageCatalogue::Add(ImageProfile p) {
  FillDigests(p);
  // The tags move; the older images stay, reachable by digest, as they
  // would in a registry after a push. Their digests are kept as first
  // computed: losing a tag does not change what an image is.
  for (ImageProfile& old : entries_) {
    if (old.repository != p.repository) continue;
    std::erase_if(old.tags, [&](const std::string& t) {
      return std::find(p.tags.begin(), p.tags.end(), t) != p.tags.end();
    });
  }
  entries_.push_back(std::move(p));
}

absl::Status ImageCatalogue::LoadYamlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read image catalogue ",
                                            path, ": ", std::strerror(errno)));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return LoadYamlString(buf.str(), path);
}

absl::Status ImageCatalogue::LoadYamlString(std::string_view yaml,
                                            std::string_view source_name) {
  YamlLoader loader(source_name);
  std::vector<ImageProfile> loaded;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    RETURN_IF_ERROR(loader.Load(root, loaded));
  } catch (const YAML::Exception& e) {
    return loader.Error(e.mark, e.msg);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(Av(source_name), ": ", e.what()));
  }
  for (ImageProfile& p : loaded) Add(std::move(p));
  return absl::OkStatus();
}

ImageProfile ImageCatalogue::Lookup(const ImageReference& ref) const {
  const std::string repository = ref.Repository();
  for (const ImageProfile& p : entries_) {
    if (p.repository != repository) continue;
    if (!ref.digest.empty() ? p.manifest_digest == ref.digest
                            : std::find(p.tags.begin(), p.tags.end(),
                                        ref.tag) != p.tags.end()) {
      return p;
    }
  }

  // Not in the catalogue: make the image up from the reference alone.
  ImageProfile p;
  p.synthetic = true;
  p.repository = repository;
  std::string seed;
  if (!ref.digest.empty()) {
    seed = ref.DigestedString();
    p.manifest_digest = ref.digest;
  } else {
    seed = ref.TaggedString();
    p.tags = {ref.tag};
    p.manifest_digest = SyntheticDigest(absl::StrCat("manifest\n", seed));
  }
  p.config_digest = SyntheticDigest(absl::StrCat("config\n", seed));
  // An application image nobody described: it runs until stopped (and
  // exits 0 on SIGTERM), like most services a kubelet is tested with.
  const std::string app = repository.substr(repository.rfind('/') + 1);
  p.entrypoint = {absl::StrCat("/usr/local/bin/", app)};
  auto behavior = std::make_shared<userland::ImageBehavior>();
  behavior->startup_lines = {
      absl::StrCat(app, ": started (synthetic image: runs until stopped)")};
  p.behavior = std::move(behavior);
  p.env = {kDefaultPath};
  const uint64_t h = Hash64(seed);
  // 2 MiB .. 250 MiB, with an irregular remainder like real images.
  p.size_bytes = (2 + h % 248) * 1024 * 1024 + (h >> 40) % (1024 * 1024);
  p.inodes = EstimateInodes(p.size_bytes);
  return p;
}

}  // namespace fakecri::runtime
