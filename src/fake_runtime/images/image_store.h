// File: image_store.h
// The node's local images: what PullImage put there and ListImages,
// ImageStatus, RemoveImage and ImageFsInfo report. Defines ImageRecord and
// the thread-safe ImageStore, which follows containerd's CRI image store
// (one record per image id, carrying all its tags and repo digests).
#ifndef FAKECRI_IMAGES_IMAGE_STORE_H_
#define FAKECRI_IMAGES_IMAGE_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/images/image_catalogue.h"

namespace fakecri::runtime {

struct ImageRecord {
  // Config digest, "sha256:<64 lowercase hex>" (synthetic, see
  // SyntheticDigest). Equals PullImageResponse.image_ref.
  std::string id;
  std::vector<std::string> repo_tags;  // "docker.io/library/busybox:1.36"
  std::vector<std::string>
      repo_digests;  // "docker.io/library/busybox@sha256:..."
  ImageProfile profile;
  bool pinned = false;   // never garbage-collected by the kubelet
  TimeNs pulled_at = 0;  // first pull of this id
};

// Thread-safe.
class ImageStore {
 public:
  // `clock` must outlive the store.
  ImageStore(ImageCatalogue catalogue, Clock& clock);

  ImageStore(const ImageStore&) = delete;
  ImageStore& operator=(const ImageStore&) = delete;

  // Pulls `ref` and returns the image id (PullImageResponse.image_ref).
  // By tag: the normalised "repo:tag" joins repo_tags and
  // "repo@<manifest digest>" joins repo_digests. By digest (a tag given
  // with it is ignored, like containerd's ParseDockerRef): only "repo@digest"
  // is recorded. Aliases of one catalogue image share one record. A tag now
  // naming a different image is taken off its old record, which is deleted
  // when it has no references left. Idempotent. Bad reference ->
  // InvalidArgument.
  absl::StatusOr<std::string> Pull(std::string_view ref);
  // What Pull would fetch for `ref`, without pulling: the size in bytes
  // (0 for a bad reference). Per-MiB pull latency is drawn from it.
  uint64_t PullSize(std::string_view ref) const;

  // Resolves like containerd's LocalResolve: a full "sha256:<64 hex>" is an
  // id; otherwise a reference (normalised: "busybox" finds
  // docker.io/library/busybox:latest; repo digests too); failing that, a
  // unique id prefix with or without "sha256:". Absent or ambiguous ->
  // nullopt.
  std::optional<ImageRecord> Find(std::string_view ref_or_id) const;

  // Like Find, with the reason on failure: NotFound "image %q not found",
  // InvalidArgument for an empty string or an ambiguous id prefix.
  absl::StatusOr<ImageRecord> Get(std::string_view ref_or_id) const;

  // Removes the image `ref_or_id` resolves to, with ALL its references.
  // Absent -> OK (RemoveImage is idempotent). Empty -> InvalidArgument
  // "no image specified"; ambiguous id prefix -> InvalidArgument.
  absl::Status Remove(std::string_view ref_or_id);

  // Pins or unpins the image (e.g. the configured sandbox image, which
  // containerd pins). Images of repositories named ".../pause" are pinned
  // on pull. Absent -> NotFound.
  absl::Status SetPinned(std::string_view ref_or_id, bool pinned);

  // Replaces the catalogue used by later pulls (a "registry push"): images
  // already pulled are unchanged until a pull moves their tags.
  void SetCatalogue(ImageCatalogue catalogue);

  // All images in the order their ids were first pulled.
  std::vector<ImageRecord> List() const;

  struct Usage {
    uint64_t bytes = 0;
    uint64_t inodes = 0;
  };
  // Sums over the images held: exactly what ListImages sizes add up to.
  Usage FsUsage() const;

  // Fills a CRI Image: id, repo_tags, repo_digests, size, uid or username
  // from the image USER (containerd's getUserFromImage: the part before ':'
  // is a uid if numeric, else a username; empty USER sets neither),
  // spec{image: id}, pinned.
  static void ToProto(const ImageRecord& rec, ::runtime::v1::Image* out);

  // ImageStatus(verbose) "info": {"chainID": ..., "imageSpec": <OCI image
  // config>} like containerd, with synthetic layer digests.
  static std::string VerboseInfoJson(const ImageRecord& rec);

 private:
  struct Entry {
    ImageRecord record;
    uint64_t seq = 0;  // pull order, for List
  };

  // The id `ref_or_id` resolves to.
  absl::StatusOr<std::string> ResolveLocked(std::string_view ref_or_id) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Points `name` (a tag or repo digest) at `id`, detaching it from the
  // image it named before.
  void BindLocked(const std::string& name, const std::string& id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EraseLocked(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock& clock_;
  mutable fakecri::Mutex mu_;
  ImageCatalogue catalogue_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Entry> images_ ABSL_GUARDED_BY(mu_);  // by id
  // Every repo tag and repo digest -> image id.
  std::map<std::string, std::string> names_ ABSL_GUARDED_BY(mu_);
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_IMAGES_IMAGE_STORE_H_
