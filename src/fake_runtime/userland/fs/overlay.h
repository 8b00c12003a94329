// File: overlay.h
// A writable layer over a read-only one, with overlayfs's rules: a changed
// file is copied up whole, a removed lower entry leaves a whiteout, and a
// directory re-created over a whiteout is opaque (hides the lower one's
// contents). Used for the rootfs and, uncounted, for tmpfs and read-write
// host mounts. The lower root is passed in on each call: it costs nothing
// to keep, and an overlay that was never written holds no memory.
#ifndef FAKECRI_USERLAND_FS_OVERLAY_H_
#define FAKECRI_USERLAND_FS_OVERLAY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/fs/errno.h"
#include "fake_runtime/userland/fs/lower_node.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland::fs_internal {

struct UpperNode {
  std::string name;
  std::string data;  // file content or symlink target
  std::vector<std::unique_ptr<UpperNode>> children;  // sorted by name
  int64_t mtime_ns = 0;
  uint32_t uid = 0, gid = 0;
  uint16_t mode = 0;
  FileType type = FileType::kDirectory;
  bool whiteout = false;
  bool opaque = false;

  UpperNode* Find(std::string_view child) const;
};

// Who a new entry belongs to, and when.
struct NewEntry {
  uint32_t mode = 0644;
  uint32_t uid = 0, gid = 0;
  int64_t now_ns = 0;
};

class Overlay {
 public:
  // The merged view of one path: either part may be missing.
  struct View {
    LowerNode lower;
    UpperNode* upper = nullptr;
    bool exists() const { return upper != nullptr || lower.exists(); }
    bool is_dir() const {
      return exists() && Stat().type == FileType::kDirectory;
    }
    FileStat Stat() const;
    std::string Link() const;
  };

  View Root(LowerNode lower_root) const;
  static View Child(const View& dir, std::string_view name);
  // Not-existing view when a component is missing or not a directory.
  View Walk(LowerNode lower_root,
            const std::vector<std::string_view>& comps) const;
  static std::vector<DirEntry> List(const View& dir);
  static FsResult<std::string> Read(const View& file);

  // Mutations. `comps` names a path inside the overlay; its parent must be
  // an existing directory of the merged view (the caller checked).
  void WriteFile(const LowerNode& lower_root,
                 const std::vector<std::string_view>& comps,
                 std::string_view data, bool append, const NewEntry& entry);
  void Mkdir(const LowerNode& lower_root,
             const std::vector<std::string_view>& comps, const NewEntry& entry);
  void Symlink(const LowerNode& lower_root,
               const std::vector<std::string_view>& comps,
               std::string_view target, const NewEntry& entry);
  void Remove(const LowerNode& lower_root,
              const std::vector<std::string_view>& comps, int64_t now_ns);
  // Copies the existing entry up and sets its mtime / mode.
  void Touch(const LowerNode& lower_root,
             const std::vector<std::string_view>& comps, int64_t now_ns);
  void Chmod(const LowerNode& lower_root,
             const std::vector<std::string_view>& comps, uint32_t mode,
             int64_t now_ns);

  // What the upper layer holds, its root excluded (overlayfs's upper
  // directory always exists).
  uint64_t bytes() const { return bytes_; }
  uint64_t inodes() const { return inodes_; }

 private:
  // The upper node of comps[0, n), copied up (parents too) when missing.
  UpperNode* CopyUp(const LowerNode& lower_root,
                    const std::vector<std::string_view>& comps, size_t n,
                    int64_t now_ns);
  UpperNode* Put(UpperNode* dir, std::unique_ptr<UpperNode> node);
  void Forget(const UpperNode& node);

  std::unique_ptr<UpperNode> root_;
  uint64_t bytes_ = 0;
  uint64_t inodes_ = 0;
};

}  // namespace fakecri::userland::fs_internal

#endif  // FAKECRI_USERLAND_FS_OVERLAY_H_
