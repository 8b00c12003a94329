// File: image_layer.h
// The read-only tree of one image, built once and shared (through
// shared_ptr<const ImageLayer>) by every container of that image. Nodes sit
// in one vector, each directory's children contiguous and sorted by name,
// so a lookup is a binary search and the tree costs one allocation per
// name/content string.
#ifndef FAKECRI_USERLAND_FS_IMAGE_LAYER_H_
#define FAKECRI_USERLAND_FS_IMAGE_LAYER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland {

// One path of an image, for BuildImageLayer. Missing parent directories are
// created 0755 root:root.
struct ImageEntry {
  std::string path;  // absolute
  FileType type = FileType::kRegular;
  uint32_t mode = 0644;
  uint32_t uid = 0, gid = 0;
  std::string data;  // file content, or the symlink's target
};

// The entries of `base` (when given) overlaid with `entries`; a later entry
// for a path replaces an earlier one.
std::shared_ptr<const ImageLayer> BuildImageLayer(
    std::vector<ImageEntry> entries, const ImageLayer* base = nullptr,
    int64_t mtime_ns = 0);

class ImageLayer {
 public:
  struct Node {
    std::string name;
    std::string data;
    uint32_t first_child = 0;
    uint32_t num_children = 0;
    uint32_t uid = 0, gid = 0;
    uint16_t mode = 0755;
    FileType type = FileType::kDirectory;
  };
  static constexpr uint32_t kRoot = 0;

  const Node& node(uint32_t index) const { return nodes_[index]; }
  size_t node_count() const { return nodes_.size(); }
  // Every node carries the image's creation time.
  int64_t mtime_ns() const { return mtime_ns_; }

  std::optional<uint32_t> Child(uint32_t dir, std::string_view name) const;
  // The node at a normalised absolute path, symlinks not followed.
  std::optional<uint32_t> Find(std::string_view path) const;
  // Every path but "/", parents before children.
  std::vector<ImageEntry> Entries() const;

 private:
  friend std::shared_ptr<const ImageLayer> BuildImageLayer(
      std::vector<ImageEntry> entries, const ImageLayer* base,
      int64_t mtime_ns);
  std::vector<Node> nodes_;
  int64_t mtime_ns_ = 0;
};

namespace fs_internal {
// What a container sees under the runtime's own mounts: /dev (a tmpfs with
// the usual devices) and /sys (sysfs, its top-level directories only).
std::shared_ptr<const ImageLayer> DevLayer();
std::shared_ptr<const ImageLayer> SysLayer();
}  // namespace fs_internal

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_FS_IMAGE_LAYER_H_
