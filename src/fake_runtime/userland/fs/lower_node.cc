// File: lower_node.cc
// Read-only layers. Host paths are only ever lstat'ed, listed, read and
// readlink'ed: a container never changes the host.
#include "fake_runtime/userland/fs/lower_node.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "fake_runtime/userland/fs/path.h"

namespace fakecri::userland::fs_internal {
namespace {

// A host file larger than this is cut short: a container reading a huge
// log through a mount must not exhaust the runtime's memory.
constexpr size_t kMaxHostRead = 64u << 20;

FileStat FromImage(const ImageLayer& layer, const ImageLayer::Node& n) {
  FileStat st;
  st.type = n.type;
  st.mode = n.mode;
  st.uid = n.uid;
  st.gid = n.gid;
  switch (n.type) {
    case FileType::kDirectory:
      st.size = 4096;  // as ext4 / overlayfs report a directory
      break;
    case FileType::kCharDevice:
      st.size = 0;
      break;
    case FileType::kRegular:
    case FileType::kSymlink:
      st.size = n.data.size();
      break;
  }
  st.mtime_ns = layer.mtime_ns();
  return st;
}

bool HostStat(const std::string& path, bool follow, FileStat* out) {
  struct stat sb {};
  int rc = follow ? ::stat(path.c_str(), &sb) : ::lstat(path.c_str(), &sb);
  if (rc != 0) return false;
  if (S_ISDIR(sb.st_mode)) {
    out->type = FileType::kDirectory;
  } else if (S_ISLNK(sb.st_mode)) {
    out->type = FileType::kSymlink;
  } else if (S_ISREG(sb.st_mode)) {
    out->type = FileType::kRegular;
  } else {
    // Devices, fifos and sockets: shown as devices and never opened, since
    // opening a fifo would block the runtime.
    out->type = FileType::kCharDevice;
  }
  out->mode = sb.st_mode & 07777;
  out->uid = sb.st_uid;
  out->gid = sb.st_gid;
  out->size = out->type == FileType::kCharDevice
                  ? 0
                  : static_cast<uint64_t>(sb.st_size);
  out->mtime_ns = static_cast<int64_t>(sb.st_mtim.tv_sec) * 1000000000LL +
                  sb.st_mtim.tv_nsec;
  return true;
}

FsResult<std::string> HostRead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT ? Errno::kNoEnt : Errno::kAccess;
  std::string out;
  char buf[16384];
  while (out.size() < kMaxHostRead) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (out.size() > kMaxHostRead) out.resize(kMaxHostRead);
  return out;
}

}  // namespace

LowerNode LowerNode::Image(const ImageLayer& layer, uint32_t index) {
  LowerNode n;
  n.kind_ = Kind::kImage;
  n.image_ = &layer;
  n.index_ = index;
  n.stat_ = FromImage(layer, layer.node(index));
  return n;
}

LowerNode LowerNode::Host(std::string path, bool follow) {
  LowerNode n;
  if (!HostStat(path, follow, &n.stat_)) return LowerNode();
  n.kind_ = Kind::kHost;
  n.host_ = std::move(path);
  return n;
}

LowerNode LowerNode::EmptyDir(const FileStat& stat) {
  LowerNode n;
  n.kind_ = Kind::kEmpty;
  n.stat_ = stat;
  n.stat_.type = FileType::kDirectory;
  return n;
}

LowerNode LowerNode::Child(std::string_view name) const {
  if (!is_dir()) return LowerNode();
  switch (kind_) {
    case Kind::kImage: {
      std::optional<uint32_t> c = image_->Child(index_, name);
      return c ? Image(*image_, *c) : LowerNode();
    }
    case Kind::kHost:
      return Host(JoinPath(host_, name), /*follow=*/false);
    case Kind::kNone:
    case Kind::kEmpty:
      break;
  }
  return LowerNode();
}

std::vector<std::pair<std::string, FileStat>> LowerNode::List() const {
  std::vector<std::pair<std::string, FileStat>> out;
  if (!is_dir()) return out;
  if (kind_ == Kind::kImage) {
    const ImageLayer::Node& d = image_->node(index_);
    out.reserve(d.num_children);
    for (uint32_t i = 0; i < d.num_children; ++i) {
      const ImageLayer::Node& c = image_->node(d.first_child + i);
      out.emplace_back(c.name, FromImage(*image_, c));
    }
  } else if (kind_ == Kind::kHost) {
    std::error_code ec;
    std::filesystem::directory_iterator it(host_, ec);
    for (; !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
      std::string name = it->path().filename().string();
      FileStat st;
      if (HostStat(JoinPath(host_, name), /*follow=*/false, &st)) {
        out.emplace_back(std::move(name), st);
      }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  return out;
}

FsResult<std::string> LowerNode::Read() const {
  switch (kind_) {
    case Kind::kImage:
      return image_->node(index_).data;
    case Kind::kHost:
      if (stat_.type != FileType::kRegular) return std::string();
      return HostRead(host_);
    case Kind::kNone:
      return Errno::kNoEnt;
    case Kind::kEmpty:
      return Errno::kIsDir;
  }
  return Errno::kNoEnt;
}

std::string LowerNode::Link() const {
  if (stat_.type != FileType::kSymlink) return "";
  if (kind_ == Kind::kImage) return image_->node(index_).data;
  if (kind_ == Kind::kHost) {
    std::string buf(4096, '\0');
    ssize_t n = ::readlink(host_.c_str(), buf.data(), buf.size());
    if (n < 0) return "";
    buf.resize(static_cast<size_t>(n));
    return buf;
  }
  return "";
}

}  // namespace fakecri::userland::fs_internal
