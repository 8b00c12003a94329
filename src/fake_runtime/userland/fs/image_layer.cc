// File: image_layer.cc
// Building the flattened image tree and looking paths up in it.
#include "fake_runtime/userland/fs/image_layer.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/path.h"

namespace fakecri::userland {
namespace {

// The tree while it is being built: maps keep children sorted, and a later
// entry can turn a file into a directory or back.
struct BuildNode {
  FileType type = FileType::kDirectory;
  uint32_t mode = 0755, uid = 0, gid = 0;
  std::string data;
  std::map<std::string, BuildNode, std::less<>> children;
};

void Insert(BuildNode* root, const ImageEntry& e) {
  std::string path = fs_internal::NormalizePath("/", e.path);
  std::vector<std::string_view> parts = fs_internal::SplitPath(path);
  BuildNode* cur = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = cur->children.find(parts[i]);
    if (it == cur->children.end()) {
      it = cur->children.emplace(std::string(parts[i]), BuildNode{}).first;
    }
    BuildNode* next = &it->second;
    bool last = i + 1 == parts.size();
    if (!last && next->type != FileType::kDirectory) {
      *next = BuildNode{};  // a file in the way of a deeper path
    }
    cur = next;
  }
  if (parts.empty()) {  // "/" itself: only its metadata can change
    root->mode = e.mode & 07777;
    root->uid = e.uid;
    root->gid = e.gid;
    return;
  }
  cur->type = e.type;
  cur->mode = e.mode & 07777;
  cur->uid = e.uid;
  cur->gid = e.gid;
  cur->data = e.type == FileType::kDirectory ? std::string() : e.data;
  if (e.type != FileType::kDirectory) cur->children.clear();
}

}  // namespace

std::optional<uint32_t> ImageLayer::Child(uint32_t dir,
                                          std::string_view name) const {
  const Node& d = nodes_[dir];
  auto begin = nodes_.begin() + d.first_child;
  auto end = begin + d.num_children;
  auto it = std::lower_bound(
      begin, end, name,
      [](const Node& n, std::string_view key) { return n.name < key; });
  if (it == end || it->name != name) return std::nullopt;
  return static_cast<uint32_t>(it - nodes_.begin());
}

std::optional<uint32_t> ImageLayer::Find(std::string_view path) const {
  uint32_t cur = kRoot;
  for (std::string_view part : fs_internal::SplitPath(path)) {
    if (nodes_[cur].type != FileType::kDirectory) return std::nullopt;
    std::optional<uint32_t> next = Child(cur, part);
    if (!next) return std::nullopt;
    cur = *next;
  }
  return cur;
}

std::vector<ImageEntry> ImageLayer::Entries() const {
  std::vector<ImageEntry> out;
  // Depth-first with explicit paths; parents are emitted before children.
  std::vector<std::pair<uint32_t, std::string>> stack = {{kRoot, "/"}};
  while (!stack.empty()) {
    auto [index, path] = std::move(stack.back());
    stack.pop_back();
    const Node& n = nodes_[index];
    if (index != kRoot) {
      out.push_back(ImageEntry{path, n.type, n.mode, n.uid, n.gid, n.data});
    } else {
      out.push_back(
          ImageEntry{"/", FileType::kDirectory, n.mode, n.uid, n.gid, ""});
    }
    for (uint32_t i = n.num_children; i > 0; --i) {
      uint32_t c = n.first_child + i - 1;
      stack.emplace_back(c, fs_internal::JoinPath(path, nodes_[c].name));
    }
  }
  return out;
}

std::shared_ptr<const ImageLayer> BuildImageLayer(
    std::vector<ImageEntry> entries, const ImageLayer* base, int64_t mtime_ns) {
  BuildNode root;
  if (base != nullptr) {
    for (const ImageEntry& e : base->Entries()) Insert(&root, e);
  }
  for (const ImageEntry& e : entries) Insert(&root, e);

  auto layer = std::make_shared<ImageLayer>();
  layer->mtime_ns_ = mtime_ns;
  // Breadth-first, so each directory's children land next to each other.
  std::deque<std::pair<const BuildNode*, uint32_t>> queue;
  layer->nodes_.push_back(ImageLayer::Node{});
  ImageLayer::Node& r = layer->nodes_.back();
  r.mode = static_cast<uint16_t>(root.mode);
  r.uid = root.uid;
  r.gid = root.gid;
  queue.emplace_back(&root, ImageLayer::kRoot);
  while (!queue.empty()) {
    auto [b, index] = queue.front();
    queue.pop_front();
    auto first = static_cast<uint32_t>(layer->nodes_.size());
    layer->nodes_[index].first_child = first;
    layer->nodes_[index].num_children =
        static_cast<uint32_t>(b->children.size());
    for (const auto& [name, child] : b->children) {
      ImageLayer::Node n;
      n.name = name;
      n.data = child.data;
      n.type = child.type;
      n.mode = static_cast<uint16_t>(child.mode);
      n.uid = child.uid;
      n.gid = child.gid;
      queue.emplace_back(&child, static_cast<uint32_t>(layer->nodes_.size()));
      layer->nodes_.push_back(std::move(n));
    }
  }
  layer->nodes_.shrink_to_fit();
  return layer;
}

std::shared_ptr<const ImageLayer> BuildImageLayer(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::vector<std::string>& dirs) {
  std::vector<ImageEntry> entries;
  entries.reserve(files.size() + dirs.size());
  for (const std::string& d : dirs) {
    entries.push_back(ImageEntry{d, FileType::kDirectory, 0755, 0, 0, ""});
  }
  for (const auto& [path, content] : files) {
    // Scripts are executable, as an image's would be.
    uint32_t mode = content.rfind("#!", 0) == 0 ? 0755 : 0644;
    entries.push_back(
        ImageEntry{path, FileType::kRegular, mode, 0, 0, content});
  }
  return BuildImageLayer(std::move(entries));
}

}  // namespace fakecri::userland
