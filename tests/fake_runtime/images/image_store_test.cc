// File: image_store_test.cc
// Tests for ImageStore: pulls by tag and digest, every ImageStatus-style
// lookup, aliases, tag moves, removal, usage accounting, the CRI Image
// conversion (uid/username rules) and the verbose info.
#include "fake_runtime/images/image_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "nlohmann/json.hpp"
#include "testing/status_matchers.h"

namespace fakecri::runtime {
namespace {

using ::fakecri::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kCriTools[] = "gcr.io/k8s-staging-cri-tools/";
constexpr char kCritestDigest[] =
    "sha256:9700f9a2f5bf2c45f2f605a0bd3bce7cf37420ec9d3ed50ac2758413308766bf";

class ImageStoreTest : public ::testing::Test {
 protected:
  std::string MustPull(const std::string& ref) {
    absl::StatusOr<std::string> id = store_.Pull(ref);
    EXPECT_TRUE(id.ok()) << ref << ": " << id.status();
    return id.ok() ? *id : "";
  }

  // The CRI view, which is what "the same record" means to a client.
  static std::string Proto(const std::optional<ImageRecord>& rec) {
    if (!rec) return "<absent>";
    ::runtime::v1::Image img;
    ImageStore::ToProto(*rec, &img);
    return img.DebugString();
  }

  VirtualClock clock_;
  ImageStore store_{ImageCatalogue::BuiltIn(), clock_};
};

TEST_F(ImageStoreTest, PullByTagRecordsNormalisedTagAndRepoDigest) {
  const std::string id = MustPull("busybox:1.36");
  const ImageProfile profile =
      ImageCatalogue::BuiltIn().Lookup(*ParseImageReference("busybox:1.36"));
  EXPECT_EQ(id, profile.config_digest);

  const std::optional<ImageRecord> rec = store_.Find(id);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id, id);
  EXPECT_THAT(rec->repo_tags, ElementsAre("docker.io/library/busybox:1.36"));
  EXPECT_THAT(rec->repo_digests, ElementsAre("docker.io/library/busybox@" +
                                             profile.manifest_digest));
  EXPECT_EQ(rec->pulled_at, clock_.Now());
  EXPECT_FALSE(rec->pinned);
}

TEST_F(ImageStoreTest, PullWithoutTagAddsLatest) {
  MustPull(std::string(kCriTools) + "test-image-latest");
  const std::optional<ImageRecord> rec =
      store_.Find(std::string(kCriTools) + "test-image-latest:latest");
  ASSERT_TRUE(rec.has_value());
  EXPECT_THAT(rec->repo_tags,
              ElementsAre(std::string(kCriTools) + "test-image-latest:latest"));
}

TEST_F(ImageStoreTest, PullByDigestRecordsOnlyTheDigestReference) {
  const std::string ref =
      std::string(kCriTools) + "test-image-digest@" + kCritestDigest;
  const std::string id = MustPull(ref);
  const std::optional<ImageRecord> rec = store_.Find(ref);
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->id, id);
  EXPECT_THAT(rec->repo_tags, IsEmpty());
  EXPECT_THAT(rec->repo_digests, ElementsAre(ref));
  EXPECT_NE(id, kCritestDigest);  // the id is the config, not the manifest
}

TEST_F(ImageStoreTest, PullReturnsInvalidArgumentForBadReference) {
  EXPECT_THAT(store_.Pull("Busybox"),
              StatusIs(absl::StatusCode::kInvalidArgument, "lowercase"));
  EXPECT_THAT(store_.Pull(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                        "invalid reference format"));
  EXPECT_THAT(store_.List(), IsEmpty());
}

TEST_F(ImageStoreTest, PullIsIdempotent) {
  const std::string id = MustPull("nginx");
  const TimeNs first = clock_.Now();
  clock_.AdvanceBy(10 * kSecond);
  EXPECT_EQ(MustPull("docker.io/library/nginx:latest"), id);
  EXPECT_EQ(MustPull("nginx"), id);
  const std::vector<ImageRecord> all = store_.List();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_THAT(all[0].repo_tags, ElementsAre("docker.io/library/nginx:latest"));
  EXPECT_EQ(all[0].repo_digests.size(), 1u);
  EXPECT_EQ(all[0].pulled_at, first);
}

TEST_F(ImageStoreTest, EveryKindOfReferenceFindsTheSameRecord) {
  const std::string id = MustPull("busybox");
  const std::optional<ImageRecord> rec = store_.Find(id);
  ASSERT_TRUE(rec.has_value());
  const std::string want = Proto(rec);
  const std::string hex = id.substr(7);
  for (const std::string& ref :
       {id, hex, hex.substr(0, 12), "sha256:" + hex.substr(0, 5),
        std::string("busybox"), std::string("busybox:latest"),
        std::string("docker.io/library/busybox:latest"), rec->repo_digests[0],
        // A tag next to a digest is ignored, as by containerd.
        "busybox:whatever@" +
            rec->repo_digests[0].substr(rec->repo_digests[0].find('@') + 1)}) {
    EXPECT_EQ(Proto(store_.Find(ref)), want) << ref;
  }
}

TEST_F(ImageStoreTest, FindReturnsNulloptForAbsentImages) {
  MustPull("busybox");
  EXPECT_EQ(store_.Find("alpine"), std::nullopt);
  EXPECT_EQ(store_.Find("busybox:1.36"), std::nullopt);
  EXPECT_EQ(store_.Find(""), std::nullopt);
  EXPECT_EQ(store_.Find("sha256:" + std::string(64, '0')), std::nullopt);
  EXPECT_EQ(store_.Find("sha256:"), std::nullopt);
  EXPECT_THAT(store_.Get("alpine"),
              StatusIs(absl::StatusCode::kNotFound, "\"alpine\" not found"));
}

TEST_F(ImageStoreTest, AmbiguousIdPrefixFindsNothing) {
  // 17 images must share a first hex digit (pigeonhole).
  std::set<char> seen;
  char shared = 0;
  size_t pulled = 0;
  for (int i = 0; i < 17 && shared == 0; ++i, ++pulled) {
    const std::string id = MustPull("example.com/app:v" + std::to_string(i));
    if (!seen.insert(id[7]).second) shared = id[7];
  }
  ASSERT_NE(shared, 0);
  const std::string prefix(1, shared);
  EXPECT_EQ(store_.Find(prefix), std::nullopt);
  EXPECT_EQ(store_.Find("sha256:" + prefix), std::nullopt);
  EXPECT_THAT(store_.Get(prefix),
              StatusIs(absl::StatusCode::kInvalidArgument, "ambiguous"));
  EXPECT_THAT(store_.Remove(prefix),
              StatusIs(absl::StatusCode::kInvalidArgument, "ambiguous"));
  EXPECT_EQ(store_.List().size(), pulled);  // nothing was removed
}

TEST_F(ImageStoreTest, ThreeAliasTagsShareOneIdWithThreeRepoTags) {
  const std::string base = std::string(kCriTools) + "test-image-tags:";
  std::set<std::string> ids;
  for (const char* tag : {"1", "2", "3"}) ids.insert(MustPull(base + tag));
  ASSERT_EQ(ids.size(), 1u);

  const std::vector<ImageRecord> all = store_.List();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, *ids.begin());
  EXPECT_THAT(all[0].repo_tags,
              UnorderedElementsAre(base + "1", base + "2", base + "3"));
  EXPECT_EQ(all[0].repo_digests.size(), 1u);
}

TEST_F(ImageStoreTest, DifferentImagesGetDifferentIdsAndListInPullOrder) {
  const std::string a = MustPull(std::string(kCriTools) + "test-image-3");
  const std::string b = MustPull(std::string(kCriTools) + "test-image-1");
  const std::string c = MustPull(std::string(kCriTools) + "test-image-2");
  EXPECT_EQ(std::set<std::string>({a, b, c}).size(), 3u);
  const std::vector<ImageRecord> all = store_.List();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, a);
  EXPECT_EQ(all[1].id, b);
  EXPECT_EQ(all[2].id, c);
  for (const ImageRecord& rec : all) EXPECT_EQ(rec.repo_tags.size(), 1u);
}

TEST_F(ImageStoreTest, RemoveByOneTagDropsAllReferencesAndIsIdempotent) {
  const std::string base = std::string(kCriTools) + "test-image-tags:";
  std::string id;
  for (const char* tag : {"1", "2", "3"}) id = MustPull(base + tag);
  const std::string digest = store_.Find(id)->repo_digests[0];
  MustPull("busybox");

  EXPECT_OK(store_.Remove(base + "2"));
  for (const std::string& ref :
       {base + "1", base + "2", base + "3", digest, id}) {
    EXPECT_EQ(store_.Find(ref), std::nullopt) << ref;
  }
  ASSERT_EQ(store_.List().size(), 1u);
  EXPECT_THAT(store_.List()[0].repo_tags,
              ElementsAre("docker.io/library/busybox:latest"));

  EXPECT_OK(store_.Remove(base + "2"));
  EXPECT_OK(store_.Remove(id));
  EXPECT_EQ(store_.List().size(), 1u);
}

TEST_F(ImageStoreTest, RemoveByIdWorksAndTheImageCanBePulledAgain) {
  const std::string id = MustPull("alpine:3.19");
  EXPECT_OK(store_.Remove(id));
  EXPECT_EQ(store_.Find("alpine:3.19"), std::nullopt);
  EXPECT_EQ(MustPull("alpine:3.19"), id);
  EXPECT_TRUE(store_.Find("alpine:3.19").has_value());
}

TEST_F(ImageStoreTest, RemoveEmptyReferenceIsInvalidArgument) {
  EXPECT_THAT(store_.Remove(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                          "no image specified"));
}

TEST_F(ImageStoreTest, FsUsageAddsUpBeforeAndAfterRemove) {
  EXPECT_EQ(store_.FsUsage().bytes, 0u);
  EXPECT_EQ(store_.FsUsage().inodes, 0u);
  MustPull("nginx");
  MustPull("busybox");
  MustPull("registry.k8s.io/pause:3.10");
  MustPull("example.com/unknown:1");
  uint64_t bytes = 0, inodes = 0, busybox_bytes = 0, busybox_inodes = 0;
  for (const ImageRecord& rec : store_.List()) {
    bytes += rec.profile.size_bytes;
    inodes += rec.profile.inodes;
    if (rec.profile.repository == "docker.io/library/busybox") {
      busybox_bytes = rec.profile.size_bytes;
      busybox_inodes = rec.profile.inodes;
    }
  }
  ASSERT_GT(busybox_bytes, 0u);
  EXPECT_EQ(store_.FsUsage().bytes, bytes);
  EXPECT_EQ(store_.FsUsage().inodes, inodes);

  // An alias adds no bytes: it is the same image.
  MustPull("busybox:1.36.1");
  EXPECT_EQ(store_.FsUsage().bytes, bytes);

  ASSERT_OK(store_.Remove("busybox"));
  EXPECT_EQ(store_.FsUsage().bytes, bytes - busybox_bytes);
  EXPECT_EQ(store_.FsUsage().inodes, inodes - busybox_inodes);
}

TEST_F(ImageStoreTest, TagThatMovesIsTakenOffTheOldImage) {
  const std::string old_id = MustPull("myorg/app:v1");
  MustPull("myorg/app:v2");

  ImageCatalogue pushed;
  ASSERT_OK(pushed.LoadYamlString(
      "version: 1\nimages:\n  - repository: myorg/app\n    tags: [v1]\n"
      "    cmd: [\"/new\"]\n",
      "push.yaml"));
  store_.SetCatalogue(pushed);
  const std::string new_id = MustPull("myorg/app:v1");
  ASSERT_NE(new_id, old_id);

  EXPECT_EQ(store_.Find("myorg/app:v1")->id, new_id);
  // The old image keeps its digest (it is still content on the node).
  const std::optional<ImageRecord> old = store_.Find(old_id);
  ASSERT_TRUE(old.has_value());
  EXPECT_THAT(old->repo_tags, IsEmpty());
  EXPECT_EQ(old->repo_digests.size(), 1u);
  EXPECT_EQ(store_.List().size(), 3u);
}

TEST_F(ImageStoreTest, OldDigestStillNamesTheOldImageAfterATagMoved) {
  const std::string old_id = MustPull("myorg/app:v1");
  const std::string old_digest = store_.Find(old_id)->repo_digests[0];

  ImageCatalogue pushed;
  ASSERT_OK(pushed.LoadYamlString(
      "version: 1\nimages:\n  - repository: myorg/app\n    tags: [v1]\n",
      "push.yaml"));
  store_.SetCatalogue(pushed);
  const std::string new_id = MustPull("myorg/app:v1");
  ASSERT_NE(new_id, old_id);

  EXPECT_EQ(MustPull(old_digest), old_id);
  EXPECT_EQ(store_.Find(old_digest)->id, old_id);
  EXPECT_EQ(store_.List().size(), 2u);
}

TEST_F(ImageStoreTest, PauseImagesArePinned) {
  MustPull("registry.k8s.io/pause:3.10");
  MustPull("busybox");
  EXPECT_TRUE(store_.Find("registry.k8s.io/pause:3.10")->pinned);
  EXPECT_FALSE(store_.Find("busybox")->pinned);

  ::runtime::v1::Image img;
  ImageStore::ToProto(*store_.Find("registry.k8s.io/pause:3.10"), &img);
  EXPECT_TRUE(img.pinned());

  ASSERT_OK(store_.SetPinned("busybox", true));
  EXPECT_TRUE(store_.Find("busybox")->pinned);
  EXPECT_THAT(store_.SetPinned("alpine", true),
              StatusIs(absl::StatusCode::kNotFound, "alpine"));
}

TEST_F(ImageStoreTest, ToProtoFillsIdTagsDigestsSizeAndSpec) {
  const std::string id = MustPull("nginx:1.25");
  ::runtime::v1::Image img;
  ImageStore::ToProto(*store_.Find(id), &img);
  EXPECT_EQ(img.id(), id);
  EXPECT_THAT(img.repo_tags(), ElementsAre("docker.io/library/nginx:1.25"));
  ASSERT_EQ(img.repo_digests_size(), 1);
  EXPECT_EQ(img.repo_digests(0).rfind("docker.io/library/nginx@sha256:", 0),
            0u);
  EXPECT_EQ(img.size(), store_.Find(id)->profile.size_bytes);
  EXPECT_GT(img.size(), 0u);
  EXPECT_EQ(img.spec().image(), id);
  EXPECT_FALSE(img.has_uid());
  EXPECT_EQ(img.username(), "");
}

struct UserCase {
  std::string user;
  bool has_uid;
  int64_t uid;
  std::string username;
};

void PrintTo(const UserCase& c, std::ostream* os) {
  *os << '"' << c.user << '"';
}

class ImageStoreUser : public ::testing::TestWithParam<UserCase> {};

TEST_P(ImageStoreUser, FollowsContainerdsGetUserFromImage) {
  ImageRecord rec;
  rec.id = "sha256:" + std::string(64, 'a');
  rec.profile.size_bytes = 1;
  rec.profile.user = GetParam().user;
  ::runtime::v1::Image img;
  ImageStore::ToProto(rec, &img);
  EXPECT_EQ(img.has_uid(), GetParam().has_uid);
  EXPECT_EQ(img.uid().value(), GetParam().uid);
  EXPECT_EQ(img.username(), GetParam().username);
}

INSTANTIATE_TEST_SUITE_P(
    Users, ImageStoreUser,
    ::testing::Values(
        UserCase{"", false, 0, ""}, UserCase{"1002", true, 1002, ""},
        UserCase{"1003:users", true, 1003, ""}, UserCase{"0", true, 0, ""},
        UserCase{"www-data", false, 0, "www-data"},
        UserCase{"www-data:users", false, 0, "www-data"},
        UserCase{"65535:65535", true, 65535, ""},
        UserCase{"99999999999999999999", false, 0, "99999999999999999999"}));

TEST_F(ImageStoreTest, CritestUserImagesReportUidOrUsername) {
  struct Want {
    const char* image;
    bool has_uid;
    int64_t uid;
    const char* username;
  };
  for (const Want& w :
       {Want{"test-image-user-uid", true, 1002, ""},
        Want{"test-image-user-username", false, 0, "www-data"},
        Want{"test-image-user-uid-group", true, 1003, ""},
        Want{"test-image-user-username-group", false, 0, "www-data"}}) {
    const std::string ref = std::string(kCriTools) + w.image;
    MustPull(ref);
    ::runtime::v1::Image img;
    ImageStore::ToProto(*store_.Find(ref), &img);
    EXPECT_EQ(img.has_uid(), w.has_uid) << ref;
    EXPECT_EQ(img.uid().value(), w.uid) << ref;
    EXPECT_EQ(img.username(), w.username) << ref;
  }
}

TEST(ImageStore, SyntheticImagesAreTheSameInTwoStores) {
  VirtualClock clock_a;
  VirtualClock clock_b(clock_a.Now() + 3600 * kSecond);
  ImageStore a(ImageCatalogue::BuiltIn(), clock_a);
  ImageStore b(ImageCatalogue(), clock_b);
  for (const std::string& ref :
       {std::string("example.com/team/app:v1"),
        "quay.io/org/tool@sha256:" + std::string(64, '7')}) {
    const absl::StatusOr<std::string> ia = a.Pull(ref);
    const absl::StatusOr<std::string> ib = b.Pull(ref);
    ASSERT_OK(ia);
    ASSERT_OK(ib);
    EXPECT_EQ(*ia, *ib) << ref;
    const std::optional<ImageRecord> ra = a.Find(ref);
    const std::optional<ImageRecord> rb = b.Find(ref);
    ASSERT_TRUE(ra && rb);
    EXPECT_EQ(ra->repo_tags, rb->repo_tags);
    EXPECT_EQ(ra->repo_digests, rb->repo_digests);
    EXPECT_EQ(ra->profile.size_bytes, rb->profile.size_bytes);
    EXPECT_TRUE(ra->profile.synthetic);
    EXPECT_NE(ra->pulled_at, rb->pulled_at);
  }
}

TEST_F(ImageStoreTest, VerboseInfoHasChainIdAndTheImageConfig) {
  const std::string id = MustPull("nginx");
  const nlohmann::json info =
      nlohmann::json::parse(ImageStore::VerboseInfoJson(*store_.Find(id)));
  const std::string chain_id = info.at("chainID");
  EXPECT_EQ(chain_id.rfind("sha256:", 0), 0u);
  const nlohmann::json& spec = info.at("imageSpec");
  EXPECT_EQ(spec.at("os"), "linux");
  EXPECT_EQ(spec.at("rootfs").at("type"), "layers");
  EXPECT_FALSE(spec.at("rootfs").at("diff_ids").empty());
  const nlohmann::json& config = spec.at("config");
  EXPECT_EQ(config.at("StopSignal"), "SIGQUIT");
  EXPECT_TRUE(config.at("ExposedPorts").contains("80/tcp"));
  EXPECT_EQ(config.at("Cmd"), nlohmann::json({"nginx", "-g", "daemon off;"}));
  EXPECT_FALSE(config.contains("User"));  // empty fields are omitted
  // Deterministic: the same record gives the same JSON.
  EXPECT_EQ(ImageStore::VerboseInfoJson(*store_.Find(id)),
            ImageStore::VerboseInfoJson(*store_.Find(id)));
}

TEST_F(ImageStoreTest, ConcurrentPullsFindsAndRemovesStayConsistent) {
  const std::vector<std::string> refs = {
      "busybox",
      "busybox:1.36",
      "nginx",
      "alpine:3.19",
      std::string(kCriTools) + "test-image-tags:1",
      std::string(kCriTools) + "test-image-tags:2"};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string& ref = refs[(i + t) % refs.size()];
        if (i % 7 == 3) {
          EXPECT_OK(store_.Remove(ref));
        } else {
          EXPECT_OK(store_.Pull(ref));
        }
        store_.Find(ref);
        store_.FsUsage();
        store_.List();
      }
    });
  }
  for (std::thread& th : threads) th.join();

  // Every name indexed points at a record that lists it, and vice versa.
  uint64_t bytes = 0;
  for (const ImageRecord& rec : store_.List()) {
    bytes += rec.profile.size_bytes;
    for (const std::string& tag : rec.repo_tags) {
      EXPECT_EQ(store_.Find(tag)->id, rec.id) << tag;
    }
    for (const std::string& digest : rec.repo_digests) {
      EXPECT_EQ(store_.Find(digest)->id, rec.id) << digest;
    }
  }
  EXPECT_EQ(store_.FsUsage().bytes, bytes);
}

}  // namespace
}  // namespace fakecri::runtime
