// File: log_file_sink.cc
// LogFileSink: one I/O thread for every container log file. Producers only
// queue (path, bytes) under a mutex; the thread takes the whole queue at
// once, writes each path's run of appends with writev, and keeps a small
// LRU of open fds because a node can have far more containers than fds.
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <list>
#include <mutex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "fake_runtime/logs/cri_log.h"
#include "fake_runtime/logs/host_file.h"

namespace fakecri::logs {
namespace {

enum class OpKind : uint8_t { kAppend, kTruncate, kRelease };

struct Op {
  OpKind kind;
  // Shared with the writer: queuing a record copies no path.
  std::shared_ptr<const std::string> path;
  std::string data;
};

// Open fds by path, least recently used evicted first. Used by the I/O
// thread only.
class FdCache {
 public:
  explicit FdCache(size_t capacity, std::atomic<size_t>* open_count)
      : capacity_(std::max<size_t>(capacity, 1)), open_count_(open_count) {}
  ~FdCache() {
    for (const Entry& e : lru_) ::close(e.fd);
  }
  FdCache(const FdCache&) = delete;
  FdCache& operator=(const FdCache&) = delete;

  int Find(const std::string& path) {
    auto it = index_.find(path);
    if (it == index_.end()) return -1;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->fd;
  }

  void Insert(const std::string& path, int fd) {
    if (index_.size() >= capacity_) {
      const Entry& victim = lru_.back();
      ::close(victim.fd);
      index_.erase(victim.path);
      lru_.pop_back();
    }
    lru_.push_front(Entry{path, fd});
    // The key views the list node's string, which never moves.
    index_.emplace(lru_.front().path, lru_.begin());
    open_count_->store(index_.size(), std::memory_order_relaxed);
  }

  void Erase(const std::string& path) {
    auto it = index_.find(path);
    if (it == index_.end()) return;
    auto node = it->second;
    ::close(node->fd);
    index_.erase(it);
    lru_.erase(node);
    open_count_->store(index_.size(), std::memory_order_relaxed);
  }

 private:
  struct Entry {
    std::string path;
    int fd;
  };
  size_t capacity_;
  std::atomic<size_t>* open_count_;
  std::list<Entry> lru_;  // front: most recently used
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

}  // namespace

struct LogFileSink::Impl {
  Impl(size_t max_open_files, std::string root_dir)
      : root(std::move(root_dir)), fds(max_open_files, &open_files) {}

  // -1 on failure (counted by the caller).
  int OpenWithParents(const std::string& path, int flags) const {
    absl::StatusOr<int> fd = OpenHostFile(
        root, path,
        HostFileOptions{.flags = flags | O_WRONLY | O_CREAT | O_APPEND,
                        .mode = kLogFileMode,
                        .create_parents = true,
                        .regular_only = true});
    return fd.ok() ? *fd : -1;
  }

  void Enqueue(OpKind kind, std::shared_ptr<const std::string> path,
               std::string data) {
    bool was_empty;
    {
      std::lock_guard<std::mutex> lock(mu);
      was_empty = queue.empty();
      queue.push_back(Op{kind, std::move(path), std::move(data)});
      ++queued_seq;
    }
    // The thread only sleeps on an empty queue and then takes all of it, so
    // only the first op after a take needs to wake it.
    if (was_empty) work_cv.notify_one();
  }

  void Run() {
    std::vector<Op> batch;
    for (;;) {
      uint64_t batch_end_seq;
      {
        std::unique_lock<std::mutex> lock(mu);
        work_cv.wait(lock, [this] { return !queue.empty() || stopping; });
        if (queue.empty()) return;  // stopping, and everything is written
        batch.swap(queue);
        batch_end_seq = queued_seq;
      }
      Process(batch);
      batch.clear();
      {
        std::lock_guard<std::mutex> lock(mu);
        done_seq = batch_end_seq;
      }
      done_cv.notify_all();
    }
  }

  // Ops on different paths are independent, so the batch is regrouped by
  // path (keeping each path's order), which turns a writer's successive
  // flushes into one writev and one fd lookup.
  void Process(std::vector<Op>& batch) {
    // Group by path in first-seen order; hashing is much cheaper than
    // sorting 10,000 path strings every pass. Ops of one path keep their
    // queue order.
    groups.clear();
    group_of.clear();
    for (size_t i = 0; i < batch.size(); ++i) {
      auto [it, inserted] =
          group_of.try_emplace(std::string_view(*batch[i].path), groups.size());
      if (inserted) groups.emplace_back();
      groups[it->second].push_back(i);
    }
    for (const std::vector<size_t>& g : groups) {
      order.assign(g.begin(), g.end());
      ProcessPath(batch, 0, order.size());
    }
  }

  // order[begin, end) are one path's ops, in queue order.
  void ProcessPath(std::vector<Op>& batch, size_t begin, size_t end) {
    size_t run = begin;
    for (size_t k = begin; k < end; ++k) {
      Op& op = batch[order[k]];
      if (op.kind == OpKind::kAppend) continue;
      if (run < k) WriteRun(batch, run, k);
      fds.Erase(*op.path);
      if (op.kind == OpKind::kRelease) {
        run = k + 1;
        continue;
      }
      const int fd = OpenWithParents(*op.path, O_TRUNC);
      if (fd < 0) {
        CountError();
      } else {
        fds.Insert(*op.path, fd);
      }
      run = k + 1;
    }
    if (run < end) WriteRun(batch, run, end);
  }

  // order[begin, end) are appends to one path.
  void WriteRun(std::vector<Op>& batch, size_t begin, size_t end) {
    const std::string& path = *batch[order[begin]].path;
    int fd = fds.Find(path);
    if (fd < 0) {
      fd = OpenWithParents(path, 0);
      if (fd < 0) {
        CountError();
        return;
      }
      fds.Insert(path, fd);
    }
    iov.clear();
    for (size_t k = begin; k < end; ++k) {
      const std::string& data = batch[order[k]].data;
      if (!data.empty()) {
        iov.push_back(iovec{const_cast<char*>(data.data()), data.size()});
      }
    }
    size_t next = 0;
    while (next < iov.size()) {
      const int count = static_cast<int>(
          std::min<size_t>(iov.size() - next, static_cast<size_t>(IOV_MAX)));
      const ssize_t n = ::writev(fd, &iov[next], count);
      if (n < 0) {
        if (errno == EINTR) continue;
        CountError();
        // A broken fd must not be reused; the next append reopens.
        fds.Erase(path);
        return;
      }
      // Skip what was written; a short write leaves the rest of an iovec.
      auto left = static_cast<size_t>(n);
      while (next < iov.size() && left >= iov[next].iov_len) {
        left -= iov[next].iov_len;
        ++next;
      }
      if (left > 0) {
        iov[next].iov_base = static_cast<char*>(iov[next].iov_base) + left;
        iov[next].iov_len -= left;
      }
    }
  }

  void CountError() { write_errors.fetch_add(1, std::memory_order_relaxed); }

  std::mutex mu;
  std::condition_variable work_cv;  // queue became non-empty, or stopping
  std::condition_variable done_cv;  // done_seq advanced
  std::vector<Op> queue;            // guarded by mu
  uint64_t queued_seq = 0;          // ops ever queued; guarded by mu
  uint64_t done_seq = 0;            // ops fully written; guarded by mu
  bool stopping = false;            // guarded by mu
  std::atomic<uint64_t> write_errors{0};
  std::atomic<size_t> open_files{0};
  const std::string root;  // "" or --log-root

  // I/O thread only.
  FdCache fds;
  std::vector<size_t> order;
  std::vector<iovec> iov;
  std::vector<std::vector<size_t>> groups;
  absl::flat_hash_map<std::string_view, size_t> group_of;

  std::thread thread;  // last: started once everything above exists
};

size_t MaxOpenLogFilesForThisProcess() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) {
    return kDefaultMaxOpenLogFiles;
  }
  return std::clamp<size_t>(rl.rlim_cur / 2, kDefaultMaxOpenLogFiles, 16384);
}

LogFileSink::LogFileSink(size_t max_open_files, std::string root)
    : impl_(std::make_unique<Impl>(max_open_files, std::move(root))) {
  impl_->thread = std::thread([impl = impl_.get()] { impl->Run(); });
}

LogFileSink::~LogFileSink() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->work_cv.notify_one();
  impl_->thread.join();
}

void LogFileSink::Append(const std::string& path, std::string data) {
  impl_->Enqueue(OpKind::kAppend, std::make_shared<const std::string>(path),
                 std::move(data));
}

void LogFileSink::Append(const std::shared_ptr<const std::string>& path,
                         std::string data) {
  impl_->Enqueue(OpKind::kAppend, path, std::move(data));
}

void LogFileSink::Truncate(const std::string& path) {
  impl_->Enqueue(OpKind::kTruncate, std::make_shared<const std::string>(path),
                 std::string());
}

void LogFileSink::Release(const std::shared_ptr<const std::string>& path) {
  impl_->Enqueue(OpKind::kRelease, path, std::string());
}

void LogFileSink::Sync() {
  std::unique_lock<std::mutex> lock(impl_->mu);
  const uint64_t target = impl_->queued_seq;
  impl_->done_cv.wait(lock, [&] { return impl_->done_seq >= target; });
}

uint64_t LogFileSink::write_errors() const {
  return impl_->write_errors.load(std::memory_order_relaxed);
}

size_t LogFileSink::open_files() const {
  return impl_->open_files.load(std::memory_order_relaxed);
}

}  // namespace fakecri::logs
