// File: cri_log.h
// Container log files in the CRI format the kubelet reads:
//   <RFC3339Nano timestamp> <stdout|stderr> <P|F> <content>\n
// one record per line, lines longer than 16 KiB split into partial (P)
// records, as containerd's log copier writes them. Writers format into
// memory; a LogFileSink thread does the file I/O, so neither the gRPC path
// nor the simulated processes ever wait for the disk.
#ifndef FAKECRI_LOGS_CRI_LOG_H_
#define FAKECRI_LOGS_CRI_LOG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fakecri::logs {

enum class LogStream { kStdout, kStderr };

inline constexpr size_t kMaxLogLineBytes = 16 * 1024;

// Go's time.RFC3339Nano in UTC, as containerd stamps lines:
// "2026-01-01T00:00:00.5Z" (trailing zeros of the fraction dropped, no
// fraction at all when it is zero).
std::string FormatRfc3339Nano(int64_t unix_ns);

// Longest FormatRfc3339Nano result: "2006-01-02T15:04:05.999999999Z".
inline constexpr size_t kMaxRfc3339NanoBytes = 30;
// The same text written to `out` (room for kMaxRfc3339NanoBytes), without
// allocating; returns its length. The date and time of day are cached per
// thread for the last second seen, so stamping many lines in the same
// second costs a compare and a copy.
size_t FormatRfc3339NanoTo(int64_t unix_ns, char* out);

// Open files a LogFileSink keeps at most (least recently used closed
// first): a node may run 10,000 containers, far more than fds to spare.
inline constexpr size_t kDefaultMaxOpenLogFiles = 256;
// How many log files a runtime keeps open: half the process's open-file
// limit (the rest is for sockets and everything else), between 256 and
// 16,384. With every container's file open, a line costs one writev in a
// batch instead of an open/write/close.
size_t MaxOpenLogFilesForThisProcess();

// Does the file I/O for every writer of the runtime on one background
// thread. Thread-safe.
class LogFileSink {
 public:
  // With a `root` (--log-root), every open resolves the path below it
  // without following symlinks (OpenHostFile), also when the sink reopens
  // a file later: a file or directory replaced by a symlink meanwhile is
  // refused (counted in write_errors), never followed.
  explicit LogFileSink(size_t max_open_files = kDefaultMaxOpenLogFiles,
                       std::string root = "");
  ~LogFileSink();  // writes out everything queued, then stops
  LogFileSink(const LogFileSink&) = delete;
  LogFileSink& operator=(const LogFileSink&) = delete;

  // Queues `data` for appending to `path` (created with its directory if
  // missing; an empty `data` only makes sure the file exists). Never blocks
  // on I/O.
  void Append(const std::string& path, std::string data);
  // Same, with a path the caller keeps (a writer's): no copy per record.
  void Append(const std::shared_ptr<const std::string>& path, std::string data);
  // Queues "start a new, empty file at `path`" (ReopenContainerLog after
  // the old file was renamed away): later appends go to the new file.
  void Truncate(const std::string& path);
  // The writer of `path` is gone (its container was removed or restarted):
  // once what was queued before is written, the sink closes the file
  // instead of keeping its fd in the cache until evicted. A later Append
  // opens it again.
  void Release(const std::shared_ptr<const std::string>& path);
  // Blocks until everything queued before the call is on disk.
  void Sync();
  // Errors seen by the I/O thread (e.g. the directory vanished), counted.
  uint64_t write_errors() const;
  // Files the I/O thread holds open now (never above max_open_files).
  size_t open_files() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One container's log. Not thread-safe: the owner serialises calls.
class CriLogWriter {
 public:
  // Formatted bytes a writer collects before handing them to the sink.
  static constexpr size_t kDefaultFlushThreshold = 8 * 1024;

  // Whether the writer creates the file or its owner already did.
  enum class Create { kNow, kAlreadyDone };

  // `path` may be "" (no log file requested): output is then discarded.
  // Otherwise the file is created (through the sink) right away, as
  // containerd opens it when the container starts, so a container that
  // never prints still has a log file for the kubelet to read; an owner
  // that created it already (StartContainer, to fail the call when it
  // cannot) passes kAlreadyDone and spares the sink thread a wake-up.
  CriLogWriter(LogFileSink& sink, std::string path,
               size_t flush_threshold = kDefaultFlushThreshold,
               Create create = Create::kNow);
  // Writes incomplete tails, flushes (see Close) and releases the file in
  // the sink, so a removed container keeps no fd open.
  ~CriLogWriter();
  CriLogWriter(const CriLogWriter&) = delete;
  CriLogWriter& operator=(const CriLogWriter&) = delete;

  // Bytes a process wrote to stdout or stderr at time `now_ns`. Complete
  // lines become F records (without the "\n", and without a "\r" right
  // before it); a line growing past 16 KiB without a newline is cut into P
  // records of exactly 16 KiB; an incomplete tail waits for more bytes.
  void Write(LogStream stream, std::string_view bytes, int64_t now_ns);
  // Hands buffered records to the sink (size-triggered flushes happen on
  // their own; this is for exits, reopen and tests).
  void Flush();
  // The writing end closed (process exited): an incomplete tail is written
  // as a final P record - containerd tags the unterminated last line of a
  // stream partial at EOF, so the kubelet shows it without adding a
  // newline - then Flush().
  void Close(int64_t now_ns);
  // ReopenContainerLog: flush, then continue in a new file at the same path
  // (the kubelet renamed the old one away for rotation). Incomplete tails
  // carry over into the new file.
  void Reopen();

  const std::string& path() const { return path_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  void Emit(LogStream stream, char tag, std::string_view content,
            int64_t now_ns);
  // A line whose newline arrived: "\r" stripped, cut at 16 KiB, F at end.
  void EmitLine(LogStream stream, std::string_view line, int64_t now_ns);
  // Writes out (and removes) whole 16 KiB P records from pending_[stream].
  void CutPending(LogStream stream, int64_t now_ns);
  // EOF on one stream: its tail, if any, as P records.
  void CloseStream(LogStream stream, int64_t now_ns);

  LogFileSink& sink_;
  std::string path_;
  std::shared_ptr<const std::string> shared_path_;  // handed to the sink
  size_t flush_threshold_;
  std::string buffer_;      // formatted records not yet handed over
  std::string pending_[2];  // incomplete line per stream
  // Time the pending tail last grew: its stamp if the writer is destroyed
  // without Close (no clock at hand then).
  int64_t pending_since_[2] = {0, 0};
  uint64_t bytes_written_ = 0;  // formatted bytes, for stats
};

// Resolves the log path of a container (`log_directory`/`log_path`) and,
// when `root` is not empty, checks it stays inside `root` after lexical
// normalisation ("..", "." and repeated slashes); escaping paths get
// InvalidArgument naming the path and the root. With a root, a relative
// result or the root itself is rejected too. An empty `log_path` resolves
// to "" (no log file). Symlinks are not followed.
absl::StatusOr<std::string> ResolveLogPath(std::string_view root,
                                           std::string_view log_directory,
                                           std::string_view log_path);

}  // namespace fakecri::logs

#endif  // FAKECRI_LOGS_CRI_LOG_H_
