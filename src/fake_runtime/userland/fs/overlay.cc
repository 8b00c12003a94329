// File: overlay.cc
// Merged lookups over an upper tree and a read-only lower one, and the
// copy-up / whiteout bookkeeping behind every change.
#include "fake_runtime/userland/fs/overlay.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fakecri::userland::fs_internal {
namespace {

// What `ls -l` shows for a directory on ext4/overlayfs.
constexpr uint64_t kDirSize = 4096;

FileStat StatOf(const UpperNode& n) {
  FileStat st;
  st.type = n.type;
  st.mode = n.mode;
  st.uid = n.uid;
  st.gid = n.gid;
  st.mtime_ns = n.mtime_ns;
  switch (n.type) {
    case FileType::kDirectory:
      st.size = kDirSize;
      break;
    case FileType::kCharDevice:
      st.size = 0;
      break;
    case FileType::kRegular:
    case FileType::kSymlink:
      st.size = n.data.size();
      break;
  }
  return st;
}

std::unique_ptr<UpperNode> CopyOf(const LowerNode& lower,
                                  std::string_view name) {
  auto n = std::make_unique<UpperNode>();
  const FileStat& st = lower.stat();
  n->name = std::string(name);
  n->type = st.type;
  n->mode = static_cast<uint16_t>(st.mode & 07777);
  n->uid = st.uid;
  n->gid = st.gid;
  n->mtime_ns = st.mtime_ns;
  if (st.type == FileType::kRegular) {
    FsResult<std::string> content = lower.Read();
    if (content.ok()) n->data = std::move(*content);
  } else if (st.type == FileType::kSymlink) {
    n->data = lower.Link();
  }
  return n;
}

std::unique_ptr<UpperNode> NewNode(std::string_view name, FileType type,
                                   const NewEntry& e) {
  auto n = std::make_unique<UpperNode>();
  n->name = std::string(name);
  n->type = type;
  n->mode = static_cast<uint16_t>(e.mode & 07777);
  n->uid = e.uid;
  n->gid = e.gid;
  n->mtime_ns = e.now_ns;
  return n;
}

uint64_t BytesOf(const UpperNode& n) {
  return n.type == FileType::kRegular && !n.whiteout ? n.data.size() : 0;
}

}  // namespace

UpperNode* UpperNode::Find(std::string_view child) const {
  auto it =
      std::lower_bound(children.begin(), children.end(), child,
                       [](const std::unique_ptr<UpperNode>& n,
                          std::string_view key) { return n->name < key; });
  if (it == children.end() || (*it)->name != child) return nullptr;
  return it->get();
}

FileStat Overlay::View::Stat() const {
  return upper != nullptr ? StatOf(*upper) : lower.stat();
}

std::string Overlay::View::Link() const {
  if (upper != nullptr) {
    return upper->type == FileType::kSymlink ? upper->data : std::string();
  }
  return lower.Link();
}

Overlay::View Overlay::Root(LowerNode lower_root) const {
  return View{std::move(lower_root), root_.get()};
}

Overlay::View Overlay::Child(const View& dir, std::string_view name) {
  View out;
  if (dir.upper != nullptr) {
    if (dir.upper->type != FileType::kDirectory) return out;
    if (UpperNode* u = dir.upper->Find(name)) {
      if (u->whiteout) return out;
      out.upper = u;
      if (u->type == FileType::kDirectory && !u->opaque) {
        LowerNode l = dir.lower.Child(name);
        if (l.is_dir()) out.lower = std::move(l);
      }
      return out;
    }
    if (dir.upper->opaque) return out;
  }
  out.lower = dir.lower.Child(name);
  return out;
}

Overlay::View Overlay::Walk(LowerNode lower_root,
                            const std::vector<std::string_view>& comps) const {
  View v = Root(std::move(lower_root));
  for (std::string_view c : comps) {
    if (!v.is_dir()) return View{};
    v = Child(v, c);
    if (!v.exists()) return View{};
  }
  return v;
}

std::vector<DirEntry> Overlay::List(const View& dir) {
  std::map<std::string, FileStat, std::less<>> merged;
  bool lower_visible = dir.upper == nullptr || !dir.upper->opaque;
  if (lower_visible && dir.lower.is_dir()) {
    for (auto& [name, st] : dir.lower.List()) merged.emplace(name, st);
  }
  if (dir.upper != nullptr && dir.upper->type == FileType::kDirectory) {
    for (const auto& c : dir.upper->children) {
      if (c->whiteout) {
        merged.erase(c->name);
      } else {
        merged[c->name] = StatOf(*c);
      }
    }
  }
  std::vector<DirEntry> out;
  out.reserve(merged.size());
  for (auto& [name, st] : merged) out.push_back(DirEntry{name, st});
  return out;
}

FsResult<std::string> Overlay::Read(const View& file) {
  if (file.upper != nullptr) return file.upper->data;
  return file.lower.Read();
}

UpperNode* Overlay::Put(UpperNode* dir, std::unique_ptr<UpperNode> node) {
  auto it =
      std::lower_bound(dir->children.begin(), dir->children.end(), node->name,
                       [](const std::unique_ptr<UpperNode>& n,
                          const std::string& key) { return n->name < key; });
  ++inodes_;
  bytes_ += BytesOf(*node);
  if (it != dir->children.end() && (*it)->name == node->name) {
    Forget(**it);
    *it = std::move(node);
    return it->get();
  }
  return dir->children.insert(it, std::move(node))->get();
}

void Overlay::Forget(const UpperNode& node) {
  --inodes_;
  bytes_ -= BytesOf(node);
  for (const auto& c : node.children) Forget(*c);
}

UpperNode* Overlay::CopyUp(const LowerNode& lower_root,
                           const std::vector<std::string_view>& comps, size_t n,
                           int64_t now_ns) {
  if (root_ == nullptr) {
    root_ = lower_root.exists() ? CopyOf(lower_root, "")
                                : NewNode("", FileType::kDirectory,
                                          NewEntry{0755, 0, 0, now_ns});
  }
  View v{lower_root, root_.get()};
  for (size_t i = 0; i < n; ++i) {
    View c = Child(v, comps[i]);
    UpperNode* u = c.upper;
    if (u == nullptr) {
      std::unique_ptr<UpperNode> node;
      if (c.lower.exists()) {
        node = CopyOf(c.lower, comps[i]);
      } else {
        // A directory the runtime made for a mount point below it.
        node = NewNode(comps[i], FileType::kDirectory,
                       NewEntry{0755, 0, 0, now_ns});
        UpperNode* old = v.upper->Find(comps[i]);
        node->opaque = old != nullptr && old->whiteout;
      }
      u = Put(v.upper, std::move(node));
    }
    v = View{std::move(c.lower), u};
  }
  return v.upper;
}

void Overlay::WriteFile(const LowerNode& lower_root,
                        const std::vector<std::string_view>& comps,
                        std::string_view data, bool append,
                        const NewEntry& entry) {
  View target = Walk(lower_root, comps);
  UpperNode* u = nullptr;
  if (target.exists()) {
    u = CopyUp(lower_root, comps, comps.size(), entry.now_ns);
  } else {
    UpperNode* parent =
        CopyUp(lower_root, comps, comps.size() - 1, entry.now_ns);
    u = Put(parent, NewNode(comps.back(), FileType::kRegular, entry));
    parent->mtime_ns = entry.now_ns;
  }
  bool counted = u != root_.get();
  if (counted) bytes_ -= u->data.size();
  if (append) {
    u->data.append(data);
  } else {
    u->data.assign(data);
  }
  if (counted) bytes_ += u->data.size();
  u->mtime_ns = entry.now_ns;
}

void Overlay::Mkdir(const LowerNode& lower_root,
                    const std::vector<std::string_view>& comps,
                    const NewEntry& entry) {
  UpperNode* parent = CopyUp(lower_root, comps, comps.size() - 1, entry.now_ns);
  UpperNode* old = parent->Find(comps.back());
  auto node = NewNode(comps.back(), FileType::kDirectory, entry);
  // Re-created over a removed lower directory: its old contents stay gone.
  node->opaque = old != nullptr && old->whiteout;
  Put(parent, std::move(node));
  parent->mtime_ns = entry.now_ns;
}

void Overlay::Symlink(const LowerNode& lower_root,
                      const std::vector<std::string_view>& comps,
                      std::string_view target, const NewEntry& entry) {
  UpperNode* parent = CopyUp(lower_root, comps, comps.size() - 1, entry.now_ns);
  auto node = NewNode(comps.back(), FileType::kSymlink, entry);
  node->mode = 0777;
  node->data = std::string(target);
  Put(parent, std::move(node));
  parent->mtime_ns = entry.now_ns;
}

void Overlay::Remove(const LowerNode& lower_root,
                     const std::vector<std::string_view>& comps,
                     int64_t now_ns) {
  std::vector<std::string_view> parent_comps(comps.begin(), comps.end() - 1);
  View pv = Walk(lower_root, parent_comps);
  bool in_lower = pv.lower.Child(comps.back()).exists();
  UpperNode* parent = CopyUp(lower_root, comps, comps.size() - 1, now_ns);
  auto it = std::lower_bound(
      parent->children.begin(), parent->children.end(), comps.back(),
      [](const std::unique_ptr<UpperNode>& n, std::string_view key) {
        return n->name < key;
      });
  if (it != parent->children.end() && (*it)->name == comps.back()) {
    Forget(**it);
    parent->children.erase(it);
  }
  if (in_lower) {
    auto wh =
        NewNode(comps.back(), FileType::kCharDevice, NewEntry{0, 0, 0, now_ns});
    wh->whiteout = true;
    Put(parent, std::move(wh));
  }
  parent->mtime_ns = now_ns;
}

void Overlay::Touch(const LowerNode& lower_root,
                    const std::vector<std::string_view>& comps,
                    int64_t now_ns) {
  CopyUp(lower_root, comps, comps.size(), now_ns)->mtime_ns = now_ns;
}

void Overlay::Chmod(const LowerNode& lower_root,
                    const std::vector<std::string_view>& comps, uint32_t mode,
                    int64_t now_ns) {
  CopyUp(lower_root, comps, comps.size(), now_ns)->mode =
      static_cast<uint16_t>(mode & 07777);
}

}  // namespace fakecri::userland::fs_internal
