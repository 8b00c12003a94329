// File: image_catalogue.h
// The "registry" of the fake runtime: what it knows about images it can
// pull. Defines ImageProfile (an image's config), the built-in catalogue of
// well-known images (pause, busybox, nginx, the e2e and critest test
// images, ...), the YAML loader for user catalogues, and the synthetic
// profiles that make every other reference pullable.
//
// Catalogue YAML schema (LoadYamlFile / LoadYamlString):
//
//   version: 1                  # required, must be 1
//   images:                     # required, a sequence (may be empty)
//     - repository: docker.io/myorg/app   # required; any form
//                               # ParseImageReference accepts ("myorg/app"),
//                               # without tag or digest
//       tags: ["v1", "latest"]  # aliases of ONE image; default ["latest"]
//       entrypoint: ["/app"]    # sequences of strings, default empty
//       cmd: ["--serve"]
//       env: ["MODE=prod"]      # "KEY=VALUE"
//       user: "1000"            # image USER: "", "uid", "uid:gid", "name",
//                               # "name:group"
//       working_dir: /srv
//       stop_signal: SIGINT     # image STOPSIGNAL; default SIGTERM
//       size: 12345678          # bytes, integer > 0; default derived
//       labels: {team: x}       # string -> string
//       exposed_ports: ["8080/tcp"]
//
// Unknown keys, wrong node types, a missing or unsupported version, invalid
// repositories or tags and sizes <= 0 are rejected with
// "<source>:<line>:<col>: <what was expected>" (1-based, pointing at the
// offending node). An entry replaces the tags it names in earlier entries of
// the same repository (built-in ones included), like pushing a tag moves it.
#ifndef FAKECRI_IMAGES_IMAGE_CATALOGUE_H_
#define FAKECRI_IMAGES_IMAGE_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fake_runtime/images/reference.h"
#include "fake_runtime/userland/process/image_behavior.h"

namespace fakecri::runtime {

// What the runtime knows about an image's config.
struct ImageProfile {
  std::string repository;         // normalised, "docker.io/library/nginx"
  std::vector<std::string> tags;  // aliases of this one image
  std::vector<std::string> entrypoint, cmd, env;  // env as "K=V"
  std::string user;                               // image USER, "" = root
  std::string working_dir;                        // "" = "/"
  std::string stop_signal;  // image STOPSIGNAL, "" = SIGTERM
  uint64_t size_bytes = 0;  // > 0 always
  uint64_t inodes = 0;      // > 0
  std::map<std::string, std::string> labels;
  std::vector<std::string> exposed_ports;  // "80/tcp"
  // What the image's own program (entrypoint[0], else cmd[0]) does when it
  // is not one of the built-in programs; null for images whose command is
  // a built-in (sh, nginx, ...). YAML key `behavior`.
  std::shared_ptr<const userland::ImageBehavior> behavior;

  // Filled by the catalogue for every profile it hands out. Both are
  // synthetic "sha256:<64 hex>" strings (see SyntheticDigest) unless a
  // built-in entry pins a real manifest digest that tests pull by.
  std::string manifest_digest;  // what "repo@digest" references name
  std::string config_digest;    // the image id
  // True when no catalogue entry matched and the profile was made up from
  // the reference alone.
  bool synthetic = false;
};

// Returns "sha256:" + 64 lowercase hex derived from `seed` by 64-bit mixing
// (FNV-1a + splitmix64). NOT a real SHA-256: the fake needs stable,
// well-spread, unique-looking digests, not content addressing, and no crypto
// dependency. Same seed -> same digest on every machine and run.
std::string SyntheticDigest(std::string_view seed);

// A value type; not synchronised (ImageStore guards its own copy).
class ImageCatalogue {
 public:
  // An empty catalogue: every lookup is synthetic.
  ImageCatalogue() = default;

  static ImageCatalogue BuiltIn();

  // Adds / overrides entries (see the schema above). On error the catalogue
  // is unchanged. An unreadable file is NotFound; bad content is
  // InvalidArgument "<path>:<line>:<col>: ...".
  absl::Status LoadYamlFile(const std::string& path);
  absl::Status LoadYamlString(std::string_view yaml,
                              std::string_view source_name);

  // The profile for `ref`: for a digest reference the entry of that
  // repository whose manifest digest matches; otherwise the entry of that
  // repository listing ref.tag. Without a match, a synthetic profile derived
  // from the reference string alone (the tag is ignored when a digest is
  // given), so the same reference gives the same image everywhere.
  ImageProfile Lookup(const ImageReference& ref) const;

  // All entries, in definition order (built-ins first, then loaded ones).
  // Entries whose tags all moved to newer entries stay, with empty tags:
  // they can still be pulled by digest.
  std::vector<ImageProfile> Entries() const { return entries_; }

 private:
  // Appends `p` (digests filled), taking its tags away from earlier entries
  // of the same repository.
  void Add(ImageProfile p);

  std::vector<ImageProfile> entries_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_IMAGES_IMAGE_CATALOGUE_H_
