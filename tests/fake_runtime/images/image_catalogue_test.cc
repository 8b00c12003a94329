// File: image_catalogue_test.cc
// Tests for the built-in catalogue, catalogue lookups, synthetic profiles
// and digests, and YAML catalogue loading (including exact error positions).
#include "fake_runtime/images/image_catalogue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "fake_runtime/images/reference.h"
#include "testing/status_matchers.h"

namespace fakecri::runtime {
namespace {

using ::fakecri::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

ImageReference Ref(const std::string& s) {
  absl::StatusOr<ImageReference> ref = ParseImageReference(s);
  EXPECT_TRUE(ref.ok()) << s << ": " << ref.status();
  return ref.ok() ? *ref : ImageReference{};
}

// SyntheticDigest("fakecri"), computed once; must never change.
constexpr char kGoldenFakecriDigest[] =
    "sha256:ead29d77e56c73804ed6982426ddb43afc952caef16c015369a54bc63ca70b24";

bool IsSyntheticDigest(const std::string& d) {
  return d.size() == 71 && d.rfind("sha256:", 0) == 0 &&
         d.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

TEST(SyntheticDigest, IsStableWellFormedAndSeedSensitive) {
  const std::string d = SyntheticDigest("docker.io/library/busybox:latest");
  EXPECT_TRUE(IsSyntheticDigest(d)) << d;
  EXPECT_EQ(d, SyntheticDigest("docker.io/library/busybox:latest"));
  EXPECT_NE(d, SyntheticDigest("docker.io/library/busybox:latesu"));
  EXPECT_NE(SyntheticDigest(""), SyntheticDigest(std::string(1, '\0')));
  // Pinned value: the same on every machine and build.
  EXPECT_EQ(SyntheticDigest("fakecri"), kGoldenFakecriDigest);
}

TEST(ImageCatalogueBuiltIn, PauseImagesLookLikeTheRealOnes) {
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  for (const char* ref :
       {"registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.10"}) {
    const ImageProfile p = c.Lookup(Ref(ref));
    SCOPED_TRACE(ref);
    EXPECT_FALSE(p.synthetic);
    EXPECT_THAT(p.entrypoint, ElementsAre("/pause"));
    EXPECT_EQ(p.user, "65535:65535");
    EXPECT_GE(p.size_bytes, 300'000u);
    EXPECT_LE(p.size_bytes, 700'000u);
  }
}

TEST(ImageCatalogueBuiltIn, NginxStopsWithSigquitAndExposesPort80) {
  const ImageProfile p = ImageCatalogue::BuiltIn().Lookup(Ref("nginx:latest"));
  EXPECT_FALSE(p.synthetic);
  EXPECT_EQ(p.repository, "docker.io/library/nginx");
  EXPECT_THAT(p.entrypoint, ElementsAre("/docker-entrypoint.sh"));
  EXPECT_THAT(p.cmd, ElementsAre("nginx", "-g", "daemon off;"));
  EXPECT_EQ(p.stop_signal, "SIGQUIT");
  EXPECT_THAT(p.exposed_ports, ElementsAre("80/tcp"));
  EXPECT_THAT(p.env, Contains(HasSubstr("NGINX_VERSION=")));
}

TEST(ImageCatalogueBuiltIn, CommonImagesHaveTheirUpstreamConfig) {
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  EXPECT_THAT(c.Lookup(Ref("busybox:1.36.1")).cmd, ElementsAre("sh"));
  EXPECT_THAT(c.Lookup(Ref("alpine:3.19")).cmd, ElementsAre("/bin/sh"));
  EXPECT_EQ(c.Lookup(Ref("httpd:2.4")).stop_signal, "SIGWINCH");
  EXPECT_THAT(c.Lookup(Ref("httpd")).cmd, ElementsAre("httpd-foreground"));
  const ImageProfile redis = c.Lookup(Ref("redis:7.2"));
  EXPECT_THAT(redis.entrypoint, ElementsAre("docker-entrypoint.sh"));
  EXPECT_THAT(redis.cmd, ElementsAre("redis-server"));
  EXPECT_EQ(redis.user, "");
  EXPECT_THAT(
      c.Lookup(Ref("registry.k8s.io/e2e-test-images/agnhost:2.52")).entrypoint,
      ElementsAre("/agnhost"));
  EXPECT_EQ(c.Lookup(Ref("registry.k8s.io/e2e-test-images/nonroot:1.4")).user,
            "1234");
  for (const char* ref : {"registry.k8s.io/e2e-test-images/busybox:1.29-4",
                          "registry.k8s.io/e2e-test-images/busybox:1.36.1-1",
                          "registry.k8s.io/e2e-test-images/nginx:1.14-4",
                          "registry.k8s.io/e2e-test-images/nginx:1.15-4",
                          "registry.k8s.io/e2e-test-images/httpd:2.4.38-4",
                          "gcr.io/k8s-staging-cri-tools/test-image-latest"}) {
    EXPECT_FALSE(c.Lookup(Ref(ref)).synthetic) << ref;
  }
}

TEST(ImageCatalogueBuiltIn, CritestUserImagesCarryTheirUser) {
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  const std::string r = "gcr.io/k8s-staging-cri-tools/";
  EXPECT_EQ(c.Lookup(Ref(r + "test-image-user-uid")).user, "1002");
  EXPECT_EQ(c.Lookup(Ref(r + "test-image-user-username")).user, "www-data");
  EXPECT_EQ(c.Lookup(Ref(r + "test-image-user-uid-group")).user, "1003:users");
  EXPECT_EQ(c.Lookup(Ref(r + "test-image-user-username-group")).user,
            "www-data:users");
  EXPECT_FALSE(c.Lookup(Ref(r + "test-image-predefined-group")).synthetic);
}

TEST(ImageCatalogueBuiltIn, AliasTagsResolveToOneImage) {
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  const std::string tags = "gcr.io/k8s-staging-cri-tools/test-image-tags:";
  const std::string id = c.Lookup(Ref(tags + "1")).config_digest;
  EXPECT_EQ(c.Lookup(Ref(tags + "2")).config_digest, id);
  EXPECT_EQ(c.Lookup(Ref(tags + "3")).config_digest, id);
  EXPECT_EQ(c.Lookup(Ref("busybox")).config_digest,
            c.Lookup(Ref("busybox:1.36")).config_digest);
  // Different versions are different images.
  EXPECT_NE(c.Lookup(Ref("alpine:3.20")).config_digest,
            c.Lookup(Ref("alpine:3.19")).config_digest);
}

TEST(ImageCatalogueBuiltIn, EveryEntryIsWellFormedAndHasUniqueDigests) {
  std::set<std::string> digests;
  for (const ImageProfile& p : ImageCatalogue::BuiltIn().Entries()) {
    SCOPED_TRACE(p.repository);
    EXPECT_EQ(Ref(p.repository).Repository(), p.repository);
    EXPECT_GT(p.size_bytes, 0u);
    EXPECT_GT(p.inodes, 0u);
    EXPECT_FALSE(p.synthetic);
    EXPECT_TRUE(IsSyntheticDigest(p.manifest_digest));
    EXPECT_TRUE(IsSyntheticDigest(p.config_digest));
    EXPECT_TRUE(digests.insert(p.manifest_digest).second);
    EXPECT_TRUE(digests.insert(p.config_digest).second);
    for (const std::string& tag : p.tags) EXPECT_TRUE(IsValidTag(tag)) << tag;
  }
  EXPECT_GE(digests.size(), 2 * 30u);
}

TEST(ImageCatalogueLookup, DigestReferenceFindsTheEntryWithThatManifest) {
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  const ImageProfile by_tag = c.Lookup(Ref("nginx:1.25"));
  const ImageProfile by_digest =
      c.Lookup(Ref("docker.io/library/nginx@" + by_tag.manifest_digest));
  EXPECT_FALSE(by_digest.synthetic);
  EXPECT_EQ(by_digest.config_digest, by_tag.config_digest);
}

TEST(ImageCatalogueLookup, CritestDigestImageIsInTheCatalogue) {
  const std::string digest =
      "sha256:9700f9a2f5bf2c45f2f605a0bd3bce7cf37420ec9d3ed50ac2758413308766bf";
  const ImageProfile p = ImageCatalogue::BuiltIn().Lookup(
      Ref("gcr.io/k8s-staging-cri-tools/test-image-digest@" + digest));
  EXPECT_FALSE(p.synthetic);
  EXPECT_EQ(p.manifest_digest, digest);
}

TEST(ImageCatalogueLookup, UnknownTagIsSyntheticAndDeterministic) {
  const ImageProfile a =
      ImageCatalogue::BuiltIn().Lookup(Ref("example.com/team/app:v1"));
  const ImageProfile b =
      ImageCatalogue().Lookup(Ref("example.com/team/app:v1"));
  EXPECT_TRUE(a.synthetic);
  EXPECT_EQ(a.repository, "example.com/team/app");
  EXPECT_THAT(a.tags, ElementsAre("v1"));
  EXPECT_EQ(a.config_digest, b.config_digest);
  EXPECT_EQ(a.manifest_digest, b.manifest_digest);
  EXPECT_EQ(a.size_bytes, b.size_bytes);
  EXPECT_NE(a.config_digest, a.manifest_digest);
  EXPECT_GT(a.size_bytes, 0u);
  EXPECT_GT(a.inodes, 0u);
  // Another tag of the same repository is another image.
  EXPECT_NE(
      ImageCatalogue().Lookup(Ref("example.com/team/app:v2")).config_digest,
      a.config_digest);
  // So is an unknown tag of a catalogue repository.
  EXPECT_TRUE(ImageCatalogue::BuiltIn().Lookup(Ref("nginx:0.1")).synthetic);
}

TEST(ImageCatalogueLookup, UnknownDigestKeepsThatDigestAndIgnoresTheTag) {
  const std::string digest = "sha256:" + std::string(64, 'e');
  const ImageCatalogue c = ImageCatalogue::BuiltIn();
  const ImageProfile p = c.Lookup(Ref("example.com/app@" + digest));
  EXPECT_TRUE(p.synthetic);
  EXPECT_EQ(p.manifest_digest, digest);
  EXPECT_THAT(p.tags, IsEmpty());
  EXPECT_NE(p.config_digest, digest);
  EXPECT_EQ(c.Lookup(Ref("example.com/app:v9@" + digest)).config_digest,
            p.config_digest);
}

// ---------------------------------------------------------------------------
// YAML loading.

constexpr char kValidYaml[] = R"(version: 1
images:
  - repository: myorg/app
    tags: ["v1", "latest"]
    entrypoint: ["/app"]
    cmd: ["--serve"]
    env: ["MODE=prod"]
    user: "1000"
    working_dir: /srv
    stop_signal: SIGINT
    size: 12345678
    labels: {team: x}
    exposed_ports: ["8080/tcp"]
)";

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ImageCatalogueYaml, ValidFileAddsAnEntry) {
  ImageCatalogue c = ImageCatalogue::BuiltIn();
  const size_t before = c.Entries().size();
  ASSERT_OK(c.LoadYamlFile(WriteTempFile("valid.yaml", kValidYaml)));
  EXPECT_EQ(c.Entries().size(), before + 1);

  const ImageProfile p = c.Lookup(Ref("docker.io/myorg/app:v1"));
  EXPECT_FALSE(p.synthetic);
  EXPECT_EQ(p.repository, "docker.io/myorg/app");
  EXPECT_THAT(p.tags, ElementsAre("v1", "latest"));
  EXPECT_THAT(p.entrypoint, ElementsAre("/app"));
  EXPECT_THAT(p.cmd, ElementsAre("--serve"));
  EXPECT_THAT(p.env, ElementsAre("MODE=prod"));
  EXPECT_EQ(p.user, "1000");
  EXPECT_EQ(p.working_dir, "/srv");
  EXPECT_EQ(p.stop_signal, "SIGINT");
  EXPECT_EQ(p.size_bytes, 12345678u);
  EXPECT_GT(p.inodes, 0u);
  EXPECT_EQ(p.labels.at("team"), "x");
  EXPECT_THAT(p.exposed_ports, ElementsAre("8080/tcp"));
  EXPECT_EQ(c.Lookup(Ref("myorg/app")).config_digest, p.config_digest);
}

TEST(ImageCatalogueYaml, BehaviorDeclaresWhatTheImageProgramDoes) {
  ImageCatalogue c = ImageCatalogue::BuiltIn();
  ASSERT_OK(c.LoadYamlFile(WriteTempFile("behavior.yaml", R"(version: 1
images:
  - repository: myorg/batch
    entrypoint: [/batch]
    behavior:
      run: exit
      after: 90s
      exit_code: 3
      startup_lines: ["batch: starting"]
      log_line: "batch: working"
      log_every: 10s
      memory: 64Mi
      memory_growth_per_second: 1Mi
      handles_term: false
)")));
  const ImageProfile p = c.Lookup(Ref("myorg/batch"));
  ASSERT_NE(p.behavior, nullptr);
  EXPECT_EQ(p.behavior->run, userland::ImageBehavior::Run::kExit);
  EXPECT_EQ(p.behavior->exit_after, 90 * kSecond);
  EXPECT_EQ(p.behavior->exit_code, 3);
  EXPECT_THAT(p.behavior->startup_lines, ElementsAre("batch: starting"));
  EXPECT_EQ(p.behavior->periodic_line, "batch: working");
  EXPECT_EQ(p.behavior->period, 10 * kSecond);
  EXPECT_EQ(p.behavior->memory_start, 64u << 20);
  EXPECT_EQ(p.behavior->memory_growth_per_s, 1u << 20);
  EXPECT_FALSE(p.behavior->handles_term);
}

TEST(ImageCatalogue, SyntheticImagesRunUntilStopped) {
  const ImageProfile p = ImageCatalogue::BuiltIn().Lookup(Ref("myorg/shop:v2"));
  ASSERT_TRUE(p.synthetic);
  EXPECT_THAT(p.entrypoint, ElementsAre("/usr/local/bin/shop"));
  ASSERT_NE(p.behavior, nullptr);
  EXPECT_EQ(p.behavior->run, userland::ImageBehavior::Run::kForever);
}

TEST(ImageCatalogueYaml, EntryTakesOverTheTagsItNames) {
  ImageCatalogue c = ImageCatalogue::BuiltIn();
  const ImageProfile old_latest = c.Lookup(Ref("nginx:latest"));
  ASSERT_OK(c.LoadYamlString(R"(version: 1
images:
  - repository: nginx
    tags: [latest]
    cmd: ["nginx-debug"]
    size: 1000
)",
                             "override.yaml"));
  const ImageProfile new_latest = c.Lookup(Ref("nginx:latest"));
  EXPECT_THAT(new_latest.cmd, ElementsAre("nginx-debug"));
  EXPECT_NE(new_latest.config_digest, old_latest.config_digest);
  // The other tags still name the old image, unchanged.
  EXPECT_EQ(c.Lookup(Ref("nginx:1.27")).config_digest,
            old_latest.config_digest);
}

TEST(ImageCatalogueYaml, OmittedTagsAndSizeGetDefaults) {
  ImageCatalogue c;
  ASSERT_OK(c.LoadYamlString("version: 1\nimages:\n  - repository: x/y\n",
                             "min.yaml"));
  const ImageProfile p = c.Lookup(Ref("x/y"));
  EXPECT_FALSE(p.synthetic);
  EXPECT_THAT(p.tags, ElementsAre("latest"));
  EXPECT_GT(p.size_bytes, 0u);
}

TEST(ImageCatalogueYaml, EmptyImageListIsValid) {
  ImageCatalogue c;
  EXPECT_OK(c.LoadYamlString("version: 1\nimages: []\n", "empty.yaml"));
  EXPECT_THAT(c.Entries(), IsEmpty());
}

struct YamlErrorCase {
  std::string name;
  std::string yaml;
  std::string message;  // the whole expected message, source "c.yaml"
};

void PrintTo(const YamlErrorCase& c, std::ostream* os) { *os << c.name; }

class ImageCatalogueYamlError : public ::testing::TestWithParam<YamlErrorCase> {
};

TEST_P(ImageCatalogueYamlError, PointsAtTheOffendingNode) {
  ImageCatalogue c = ImageCatalogue::BuiltIn();
  const size_t before = c.Entries().size();
  const absl::Status s = c.LoadYamlString(GetParam().yaml, "c.yaml");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.message()), GetParam().message);
  EXPECT_EQ(c.Entries().size(), before);
}

const char kEntry[] = "version: 1\nimages:\n  - repository: myorg/app\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, ImageCatalogueYamlError,
    ::testing::Values(
        YamlErrorCase{"EmptyDocument", "",
                      "c.yaml:1:1: expected a mapping with keys 'version' (1) "
                      "and 'images'"},
        YamlErrorCase{"MissingVersion", "images: []\n",
                      "c.yaml:1:1: missing required key 'version' (expected "
                      "1)"},
        YamlErrorCase{"WrongVersion", "version: 2\nimages: []\n",
                      "c.yaml:1:10: expected version 1, got '2'"},
        YamlErrorCase{"VersionWithoutValue", "images: []\nversion:\n",
                      "c.yaml:2:1: expected version 1, got nothing"},
        YamlErrorCase{"MissingImages", "version: 1\n",
                      "c.yaml:1:1: missing required key 'images'"},
        YamlErrorCase{"UnknownTopLevelKey",
                      "version: 1\nimages: []\nregistries: []\n",
                      "c.yaml:3:1: unknown key 'registries'; expected "
                      "'version' or 'images'"},
        YamlErrorCase{"ImagesNotASequence", "version: 1\nimages: {a: b}\n",
                      "c.yaml:2:9: expected a sequence of image entries for "
                      "'images', got a mapping"},
        YamlErrorCase{"EntryNotAMapping", "version: 1\nimages:\n  - nginx\n",
                      "c.yaml:3:5: expected a mapping for an image entry, got "
                      "'nginx'"},
        YamlErrorCase{"UnknownImageKey",
                      std::string(kEntry) + "    behaviour: crash\n",
                      "c.yaml:4:5: unknown key 'behaviour' in image entry; "
                      "expected one of repository, tags, entrypoint, cmd, "
                      "env, user, working_dir, stop_signal, size, labels, "
                      "exposed_ports, behavior"},
        YamlErrorCase{
            "BehaviorRunUnknown",
            std::string(kEntry) + "    behavior:\n      run: sometimes\n",
            "c.yaml:5:12: expected forever, exit or crash for 'run', "
            "got 'sometimes'"},
        YamlErrorCase{"BehaviorBadDuration",
                      std::string(kEntry) +
                          "    behavior:\n      run: exit\n      after: soon\n",
                      "c.yaml:6:14: expected a duration like 500ms, 5s or 2m "
                      "for 'after', got 'soon'"},
        YamlErrorCase{"BehaviorExitNeedsAfter",
                      std::string(kEntry) + "    behavior:\n      run: crash\n",
                      "c.yaml:5:7: 'behavior' with run: exit or crash needs "
                      "'after' (a duration)"},
        YamlErrorCase{"BehaviorUnknownKey",
                      std::string(kEntry) + "    behavior:\n      speed: 3\n",
                      "c.yaml:5:7: unknown key 'speed' in 'behavior'; expected "
                      "one of run, after, exit_code, startup_lines, log_line, "
                      "log_every, memory, memory_growth_per_second, "
                      "handles_term"},
        YamlErrorCase{"MissingRepository",
                      "version: 1\nimages:\n  - tags: [v1]\n",
                      "c.yaml:3:5: missing required key 'repository'"},
        YamlErrorCase{"RepositoryWithTag",
                      "version: 1\nimages:\n  - repository: myorg/app:v1\n",
                      "c.yaml:3:17: expected a repository without tag or "
                      "digest (put tags in 'tags'), got 'myorg/app:v1'"},
        YamlErrorCase{"UppercaseRepository",
                      "version: 1\nimages:\n  - repository: myorg/App\n",
                      "c.yaml:3:17: invalid repository 'myorg/App': invalid "
                      "reference format: repository name (myorg/App) must be "
                      "lowercase"},
        YamlErrorCase{"TagsNotASequence",
                      std::string(kEntry) + "    tags: v1\n",
                      "c.yaml:4:11: expected a sequence of strings for "
                      "'tags', got 'v1'"},
        YamlErrorCase{"InvalidTag",
                      std::string(kEntry) + "    tags: [v1, \"-x\"]\n",
                      "c.yaml:4:16: invalid tag '-x': expected "
                      "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"},
        YamlErrorCase{"DuplicateTagInOneFile",
                      std::string(kEntry) +
                          "  - repository: docker.io/myorg/app\n"
                          "    tags: [latest]\n",
                      "c.yaml:5:12: tag 'docker.io/myorg/app:latest' is "
                      "already defined at line 3"},
        YamlErrorCase{"CmdItemNotAString",
                      std::string(kEntry) + "    cmd: [a, [b]]\n",
                      "c.yaml:4:14: expected a string in 'cmd', got a "
                      "sequence"},
        YamlErrorCase{"UserWithoutValue", std::string(kEntry) + "    user:\n",
                      "c.yaml:4:5: expected a string for 'user', got "
                      "nothing"},
        YamlErrorCase{"EnvWithoutEquals",
                      std::string(kEntry) + "    env: [A=1, B]\n",
                      "c.yaml:4:16: expected 'KEY=VALUE' in 'env', got 'B'"},
        YamlErrorCase{"SizeZero", std::string(kEntry) + "    size: 0\n",
                      "c.yaml:4:11: expected a positive integer (bytes) for "
                      "'size', got '0'"},
        YamlErrorCase{"SizeNegative", std::string(kEntry) + "    size: -5\n",
                      "c.yaml:4:11: expected a positive integer (bytes) for "
                      "'size', got '-5'"},
        YamlErrorCase{"SizeQuoted", std::string(kEntry) + "    size: \"12\"\n",
                      "c.yaml:4:11: expected a positive integer (bytes) for "
                      "'size', got '12'"},
        YamlErrorCase{"LabelsNotAMapping",
                      std::string(kEntry) + "    labels: [a]\n",
                      "c.yaml:4:13: expected a mapping of strings for "
                      "'labels', got a sequence"},
        YamlErrorCase{"DuplicateImageKey",
                      std::string(kEntry) + "    user: a\n    user: b\n",
                      "c.yaml:5:5: duplicate key 'user'"},
        YamlErrorCase{"SyntaxError", "version: 1\nimages: [\n",
                      "c.yaml:3:1: end of sequence flow not found"}),
    [](const ::testing::TestParamInfo<YamlErrorCase>& info) {
      return info.param.name;
    });

TEST(ImageCatalogueYaml, ErrorInALaterEntryLeavesTheCatalogueUnchanged) {
  ImageCatalogue c;
  EXPECT_THAT(c.LoadYamlString(std::string(kEntry) +
                                   "  - repository: other/app\n    size: 0\n",
                               "c.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument, "c.yaml:5:11:"));
  EXPECT_THAT(c.Entries(), IsEmpty());
  EXPECT_TRUE(c.Lookup(Ref("myorg/app")).synthetic);
}

TEST(ImageCatalogueYaml, FileErrorsNameTheFile) {
  ImageCatalogue c;
  const std::string path =
      WriteTempFile("bad.yaml", "version: 3\nimages: []\n");
  EXPECT_THAT(c.LoadYamlFile(path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       path + ":1:10: expected version 1, got '3'"));
}

TEST(ImageCatalogueYaml, MissingFileIsNotFound) {
  ImageCatalogue c;
  EXPECT_THAT(c.LoadYamlFile(::testing::TempDir() + "no-such-catalogue.yaml"),
              StatusIs(absl::StatusCode::kNotFound, "no-such-catalogue.yaml"));
}

}  // namespace
}  // namespace fakecri::runtime
