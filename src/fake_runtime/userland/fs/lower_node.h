// File: lower_node.h
// A node of a read-only layer under an overlay: an image-layer node, a
// path on the host (a host-path mount, only ever read), or an empty
// directory (a tmpfs, or a mount whose host path is missing).
#ifndef FAKECRI_USERLAND_FS_LOWER_NODE_H_
#define FAKECRI_USERLAND_FS_LOWER_NODE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/image_layer.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland::fs_internal {

class LowerNode {
 public:
  LowerNode() = default;  // absent
  static LowerNode Image(const ImageLayer& layer, uint32_t index);
  // `follow`: stat rather than lstat, for a mount's own root (a bind mount
  // follows a symlink given as its source). Absent when missing.
  static LowerNode Host(std::string path, bool follow);
  static LowerNode EmptyDir(const FileStat& stat);

  bool exists() const { return kind_ != Kind::kNone; }
  bool is_dir() const { return exists() && stat_.type == FileType::kDirectory; }
  const FileStat& stat() const { return stat_; }

  LowerNode Child(std::string_view name) const;
  std::vector<std::pair<std::string, FileStat>> List() const;
  FsResult<std::string> Read() const;
  std::string Link() const;

 private:
  enum class Kind : uint8_t { kNone, kImage, kHost, kEmpty };
  Kind kind_ = Kind::kNone;
  uint32_t index_ = 0;
  const ImageLayer* image_ = nullptr;
  std::string host_;
  FileStat stat_;
};

}  // namespace fakecri::userland::fs_internal

#endif  // FAKECRI_USERLAND_FS_LOWER_NODE_H_
