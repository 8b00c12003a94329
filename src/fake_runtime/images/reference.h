// File: reference.h
// Image references as the kubelet and crictl send them ("busybox",
// "registry.k8s.io/pause:3.10", "alpine@sha256:...") parsed and normalised
// the way containerd does it (docker/distribution's ParseNormalizedNamed +
// TagNameOnly), plus the classification of image ids.
#ifndef FAKECRI_IMAGES_REFERENCE_H_
#define FAKECRI_IMAGES_REFERENCE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace fakecri::runtime {

inline constexpr std::string_view kDefaultDomain = "docker.io";
inline constexpr std::string_view kDefaultTag = "latest";

// A fully qualified, normalised reference. Equal references name the same
// thing, so callers can compare and index by String().
struct ImageReference {
  std::string domain;  // "docker.io", "registry.k8s.io", "localhost:5000"
  std::string path;    // "library/busybox"
  std::string tag;     // "latest"; "" when only a digest was given
  std::string digest;  // "sha256:<64 hex>" or ""

  // "docker.io/library/busybox".
  std::string Repository() const;
  // "repo:tag", "repo@digest", or "repo:tag@digest" when both are set.
  std::string String() const;
  // "repo:tag" or "" when there is no tag.
  std::string TaggedString() const;
  // "repo@digest" or "" when there is no digest.
  std::string DigestedString() const;

  bool operator==(const ImageReference&) const = default;
};

// Parses `ref` like containerd's docker.ParseNormalizedNamed followed by
// TagNameOnly: "busybox" -> docker.io/library/busybox:latest,
// "user/app" -> docker.io/user/app:latest, "index.docker.io/x" ->
// docker.io/library/x:latest, "localhost:5000/x" keeps its domain, and a
// digest reference gets no default tag. Both a tag and a digest may be
// given; both are kept (callers that follow ParseDockerRef use the digest).
//
// Errors are InvalidArgument with docker/distribution's wording, e.g.
// "invalid reference format", "invalid reference format: repository name
// (library/Busybox) must be lowercase", "invalid checksum digest length".
//
// One deliberate difference: when the first path element looks like a
// registry host ("a_b.com/x") but is not a valid one, docker silently keeps
// the whole string as a domain-less path; we reject it as "invalid reference
// format", because every reference here must have a domain.
absl::StatusOr<ImageReference> ParseImageReference(std::string_view ref);

// True for strings that can only be meant as an image id: "sha256:" followed
// by 1..64 lowercase hex digits (containerd resolves truncated ids), or bare
// lowercase hex of 12..64 digits. Shorter bare hex ("cafe") is also a valid
// repository name, so it is not classified as an id; ImageStore::Find still
// tries such strings as id prefixes when no reference matches, as containerd
// does.
bool LooksLikeImageId(std::string_view s);

// True for a valid tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool IsValidTag(std::string_view tag);

// True for a well-formed "<algorithm>:<hex>" content digest that
// ParseImageReference would accept (sha256, sha384 or sha512).
bool IsValidDigest(std::string_view digest);

}  // namespace fakecri::runtime

#endif  // FAKECRI_IMAGES_REFERENCE_H_
