// File: reference_test.cc
// Tests for ParseImageReference (docker normalisation and error wording),
// LooksLikeImageId, IsValidTag and IsValidDigest.
#include "fake_runtime/images/reference.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace fakecri::runtime {
namespace {

using ::fakecri::testing::StatusIs;

const std::string kHex64 =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string kDigest = "sha256:" + kHex64;

struct ValidCase {
  std::string input;
  std::string domain, path, tag, digest;
  std::string string;  // expected String()
};

void PrintTo(const ValidCase& c, std::ostream* os) {
  *os << '"' << c.input << '"';
}

class ImageReferenceValid : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ImageReferenceValid, NormalisesLikeDocker) {
  const ValidCase& c = GetParam();
  absl::StatusOr<ImageReference> ref = ParseImageReference(c.input);
  ASSERT_OK(ref);
  EXPECT_EQ(ref->domain, c.domain);
  EXPECT_EQ(ref->path, c.path);
  EXPECT_EQ(ref->tag, c.tag);
  EXPECT_EQ(ref->digest, c.digest);
  EXPECT_EQ(ref->String(), c.string);
  EXPECT_EQ(ref->Repository(), c.domain + "/" + c.path);
}

TEST_P(ImageReferenceValid, ParsingItsOwnStringGivesTheSameReference) {
  absl::StatusOr<ImageReference> ref = ParseImageReference(GetParam().input);
  ASSERT_OK(ref);
  absl::StatusOr<ImageReference> again = ParseImageReference(ref->String());
  ASSERT_OK(again);
  EXPECT_EQ(*again, *ref);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, ImageReferenceValid,
    ::testing::Values(
        // Short name gets Docker Hub, library/ and :latest.
        ValidCase{"busybox", "docker.io", "library/busybox", "latest", "",
                  "docker.io/library/busybox:latest"},
        ValidCase{"busybox:1.36", "docker.io", "library/busybox", "1.36", "",
                  "docker.io/library/busybox:1.36"},
        // A user namespace is not an official image: no library/.
        ValidCase{"user/app", "docker.io", "user/app", "latest", "",
                  "docker.io/user/app:latest"},
        ValidCase{"docker.io/busybox", "docker.io", "library/busybox", "latest",
                  "", "docker.io/library/busybox:latest"},
        // The legacy index domain is canonicalised.
        ValidCase{"index.docker.io/library/busybox:1.36", "docker.io",
                  "library/busybox", "1.36", "",
                  "docker.io/library/busybox:1.36"},
        ValidCase{"localhost:5000/x", "localhost:5000", "x", "latest", "",
                  "localhost:5000/x:latest"},
        ValidCase{"localhost/x:y", "localhost", "x", "y", "", "localhost/x:y"},
        ValidCase{"registry.k8s.io/pause:3.9", "registry.k8s.io", "pause",
                  "3.9", "", "registry.k8s.io/pause:3.9"},
        ValidCase{"registry.k8s.io/e2e-test-images/agnhost:2.52",
                  "registry.k8s.io", "e2e-test-images/agnhost", "2.52", "",
                  "registry.k8s.io/e2e-test-images/agnhost:2.52"},
        ValidCase{"[::1]:5000/app:v1", "[::1]:5000", "app", "v1", "",
                  "[::1]:5000/app:v1"},
        // Hosts may be uppercase; tags may contain uppercase and _.-.
        ValidCase{"Registry.Example.com/a__b/c--d.e_f:V_1.0-rc",
                  "Registry.Example.com", "a__b/c--d.e_f", "V_1.0-rc", "",
                  "Registry.Example.com/a__b/c--d.e_f:V_1.0-rc"},
        // An uppercase first element can only be a host (docker's rule).
        ValidCase{"MyHost/app", "MyHost", "app", "latest", "",
                  "MyHost/app:latest"},
        // A digest reference gets no default tag.
        ValidCase{"busybox@" + kDigest, "docker.io", "library/busybox", "",
                  kDigest, "docker.io/library/busybox@" + kDigest},
        ValidCase{"busybox:1.36@" + kDigest, "docker.io", "library/busybox",
                  "1.36", kDigest,
                  "docker.io/library/busybox:1.36@" + kDigest}));

struct ErrorCase {
  std::string name;
  std::string input;
  std::string message;  // the whole expected message
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class ImageReferenceInvalid : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ImageReferenceInvalid, IsRejectedWithDockersWording) {
  const ErrorCase& c = GetParam();
  absl::StatusOr<ImageReference> ref = ParseImageReference(c.input);
  ASSERT_FALSE(ref.ok()) << ref->String();
  EXPECT_EQ(ref.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(ref.status().message()), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ImageReferenceInvalid,
    ::testing::Values(
        ErrorCase{"Empty", "", "invalid reference format"},
        ErrorCase{"UppercaseRepository", "Busybox",
                  "invalid reference format: repository name "
                  "(library/Busybox) must be lowercase"},
        ErrorCase{"UppercasePathAfterHost", "quay.io/Org/app:v1",
                  "invalid reference format: repository name (Org/app) must "
                  "be lowercase"},
        ErrorCase{"EmptyTag", "busybox:", "invalid reference format"},
        ErrorCase{"TagStartingWithDash", "busybox:-bad",
                  "invalid reference format"},
        ErrorCase{"TagTooLong", "busybox:" + std::string(129, 'a'),
                  "invalid reference format"},
        ErrorCase{"Space", "busy box", "invalid reference format"},
        ErrorCase{"EmptyPathComponent", "docker.io//x",
                  "invalid reference format"},
        ErrorCase{"TrailingSlash", "busybox/", "invalid reference format"},
        ErrorCase{"BadHost", "-bad.com/x", "invalid reference format"},
        ErrorCase{"DigestTooShortForTheGrammar", "busybox@sha256:abc",
                  "invalid reference format"},
        ErrorCase{"DigestWrongLength", "busybox@sha256:" + kHex64.substr(0, 40),
                  "invalid checksum digest length"},
        ErrorCase{"DigestUppercaseHex",
                  "busybox@sha256:" + std::string(64, 'A'),
                  "invalid checksum digest format"},
        ErrorCase{"DigestUnknownAlgorithm",
                  "busybox@md5:" + kHex64.substr(0, 32),
                  "unsupported digest algorithm"},
        ErrorCase{"BareImageId", kHex64,
                  "invalid repository name (" + kHex64 +
                      "), cannot specify 64-byte hexadecimal strings"},
        ErrorCase{"RepositoryNameTooLong", "org/" + std::string(252, 'a'),
                  "repository name must not be more than 255 characters"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

TEST(ImageReference, RepositoryNameOfExactly255CharactersIsAccepted) {
  EXPECT_OK(ParseImageReference("org/" + std::string(251, 'a')));
}

TEST(ImageReference, TaggedAndDigestedStringsAreEmptyWithoutTheirPart) {
  absl::StatusOr<ImageReference> tagged = ParseImageReference("busybox");
  ASSERT_OK(tagged);
  EXPECT_EQ(tagged->TaggedString(), "docker.io/library/busybox:latest");
  EXPECT_EQ(tagged->DigestedString(), "");

  absl::StatusOr<ImageReference> digested =
      ParseImageReference("busybox@" + kDigest);
  ASSERT_OK(digested);
  EXPECT_EQ(digested->TaggedString(), "");
  EXPECT_EQ(digested->DigestedString(), "docker.io/library/busybox@" + kDigest);
}

TEST(LooksLikeImageId, AcceptsFullAndTruncatedIds) {
  EXPECT_TRUE(LooksLikeImageId(kDigest));
  EXPECT_TRUE(LooksLikeImageId("sha256:0"));
  EXPECT_TRUE(LooksLikeImageId(kHex64));
  EXPECT_TRUE(LooksLikeImageId(kHex64.substr(0, 12)));
}

TEST(LooksLikeImageId, RejectsNamesAndShortBareHex) {
  EXPECT_FALSE(LooksLikeImageId("busybox"));
  EXPECT_FALSE(LooksLikeImageId(""));
  EXPECT_FALSE(LooksLikeImageId("sha256:"));
  EXPECT_FALSE(LooksLikeImageId("cafe"));  // also a valid repository name
  EXPECT_FALSE(LooksLikeImageId(kHex64.substr(0, 11)));
  EXPECT_FALSE(LooksLikeImageId(kHex64 + "0"));
  EXPECT_FALSE(LooksLikeImageId("sha256:" + std::string(64, 'A')));
  EXPECT_FALSE(LooksLikeImageId("sha512:" + kHex64));
}

TEST(IsValidTag, FollowsTheTagGrammar) {
  EXPECT_TRUE(IsValidTag("latest"));
  EXPECT_TRUE(IsValidTag("_x.Y-1"));
  EXPECT_TRUE(IsValidTag(std::string(128, 'a')));
  EXPECT_FALSE(IsValidTag(""));
  EXPECT_FALSE(IsValidTag(".x"));
  EXPECT_FALSE(IsValidTag("a:b"));
  EXPECT_FALSE(IsValidTag(std::string(129, 'a')));
}

TEST(IsValidDigest, RequiresAKnownAlgorithmWithTheRightLength) {
  EXPECT_TRUE(IsValidDigest(kDigest));
  EXPECT_TRUE(IsValidDigest("sha512:" + kHex64 + kHex64));
  EXPECT_FALSE(IsValidDigest("sha256:" + kHex64.substr(1)));
  EXPECT_FALSE(IsValidDigest("sha512:" + kHex64));
  EXPECT_FALSE(IsValidDigest(kHex64));
}

}  // namespace
}  // namespace fakecri::runtime
