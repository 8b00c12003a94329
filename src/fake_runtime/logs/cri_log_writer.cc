// File: cri_log_writer.cc
// CriLogWriter: turns a container's stdout/stderr bytes into CRI log
// records the way containerd's redirectLogs (internal/cri/io/logger.go)
// does, batching the formatted records for the LogFileSink.
#include <cstring>
#include <utility>

#include "fake_runtime/logs/cri_log.h"

namespace fakecri::logs {
namespace {

constexpr char kPartialTag = 'P';
constexpr char kFullTag = 'F';

size_t StreamIndex(LogStream stream) {
  return stream == LogStream::kStdout ? 0 : 1;
}

// A pending tail keeps its capacity between lines; after a rare huge line
// that memory is given back rather than held for the container's lifetime.
constexpr size_t kMaxRetainedPendingCapacity = 1024;

void ClearPending(std::string& pending) {
  if (pending.capacity() > kMaxRetainedPendingCapacity) {
    std::string().swap(pending);
  } else {
    pending.clear();
  }
}

}  // namespace

CriLogWriter::CriLogWriter(LogFileSink& sink, std::string path,
                           size_t flush_threshold, Create create)
    : sink_(sink),
      path_(std::move(path)),
      shared_path_(std::make_shared<const std::string>(path_)),
      flush_threshold_(flush_threshold) {
  if (!path_.empty() && create == Create::kNow) {
    sink_.Append(shared_path_, std::string());
  }
}

CriLogWriter::~CriLogWriter() {
  CloseStream(LogStream::kStdout, pending_since_[0]);
  CloseStream(LogStream::kStderr, pending_since_[1]);
  Flush();
  if (!path_.empty()) sink_.Release(shared_path_);
}

void CriLogWriter::Write(LogStream stream, std::string_view bytes,
                         int64_t now_ns) {
  if (path_.empty() || bytes.empty()) return;
  std::string& pending = pending_[StreamIndex(stream)];
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    const auto* nl = static_cast<const char*>(
        std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (nl == nullptr) break;
    const std::string_view piece(p, static_cast<size_t>(nl - p));
    if (pending.empty()) {
      EmitLine(stream, piece, now_ns);
    } else {
      pending.append(piece);
      EmitLine(stream, pending, now_ns);
      ClearPending(pending);
    }
    p = nl + 1;
  }
  if (p < end) {
    pending.append(p, static_cast<size_t>(end - p));
    pending_since_[StreamIndex(stream)] = now_ns;
    CutPending(stream, now_ns);
  }
}

void CriLogWriter::EmitLine(LogStream stream, std::string_view line,
                            int64_t now_ns) {
  // containerd's readLine drops "\r\n" as a whole, not a lone "\n" only.
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  while (line.size() > kMaxLogLineBytes) {
    Emit(stream, kPartialTag, line.substr(0, kMaxLogLineBytes), now_ns);
    line.remove_prefix(kMaxLogLineBytes);
  }
  Emit(stream, kFullTag, line, now_ns);
}

void CriLogWriter::CutPending(LogStream stream, int64_t now_ns) {
  std::string& pending = pending_[StreamIndex(stream)];
  // A trailing "\r" may be the start of "\r\n", which containerd never
  // counts as content (its reader puts a "\r" at a buffer's end back), so
  // it cannot be what pushes a line over the limit.
  size_t counted = pending.size();
  if (counted > 0 && pending.back() == '\r') --counted;
  if (counted <= kMaxLogLineBytes) return;
  size_t cut = 0;
  while (counted - cut > kMaxLogLineBytes) {
    Emit(stream, kPartialTag,
         std::string_view(pending).substr(cut, kMaxLogLineBytes), now_ns);
    cut += kMaxLogLineBytes;
  }
  pending.erase(0, cut);
}

void CriLogWriter::CloseStream(LogStream stream, int64_t now_ns) {
  std::string& pending = pending_[StreamIndex(stream)];
  if (pending.empty()) return;
  // At EOF containerd counts every byte, a last "\r" included, and tags the
  // unterminated rest partial.
  std::string_view rest = pending;
  while (rest.size() > kMaxLogLineBytes) {
    Emit(stream, kPartialTag, rest.substr(0, kMaxLogLineBytes), now_ns);
    rest.remove_prefix(kMaxLogLineBytes);
  }
  Emit(stream, kPartialTag, rest, now_ns);
  ClearPending(pending);
}

void CriLogWriter::Emit(LogStream stream, char tag, std::string_view content,
                        int64_t now_ns) {
  // Timestamp, stream and tag go out in one append: this runs per line.
  char header[kMaxRfc3339NanoBytes + sizeof(" stdout F ")];
  size_t n = FormatRfc3339NanoTo(now_ns, header);
  std::memcpy(header + n,
              stream == LogStream::kStdout ? " stdout " : " stderr ", 8);
  n += 8;
  header[n++] = tag;
  header[n++] = ' ';
  const size_t before = buffer_.size();
  buffer_.reserve(before + n + content.size() + 1);
  buffer_.append(header, n);
  buffer_.append(content);
  buffer_.push_back('\n');
  bytes_written_ += buffer_.size() - before;
  if (buffer_.size() >= flush_threshold_) Flush();
}

void CriLogWriter::Flush() {
  if (buffer_.empty()) return;
  sink_.Append(shared_path_, std::move(buffer_));
  buffer_.clear();  // a moved-from string is only "valid"; make it empty
}

void CriLogWriter::Close(int64_t now_ns) {
  CloseStream(LogStream::kStdout, now_ns);
  CloseStream(LogStream::kStderr, now_ns);
  Flush();
}

void CriLogWriter::Reopen() {
  if (path_.empty()) return;
  Flush();
  sink_.Truncate(path_);
}

}  // namespace fakecri::logs
