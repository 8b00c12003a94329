// File: streams.cc
#include "fake_runtime/userland/process/streams.h"

#include <utility>

namespace fakecri::userland {
namespace {

class NullOutStream final : public OutStream {
 public:
  bool Write(Proc&, std::string_view) override { return true; }
};

class StringInStream final : public InStream {
 public:
  explicit StringInStream(std::string data) : data_(std::move(data)) {}
  std::optional<std::string> ReadSome(bool* would_block) override {
    *would_block = false;
    if (done_) return std::nullopt;
    done_ = true;
    if (data_.empty()) return std::nullopt;
    return std::move(data_);
  }
  void OnReadable(std::function<void()> wake) override { wake(); }

 private:
  std::string data_;
  bool done_ = false;
};

// Shared by the two ends of a pipe.
struct PipeState {
  std::string buffer;
  bool write_closed = false;
  bool read_closed = false;
  std::function<void()> waiter;  // the blocked reader
  void Notify() {
    if (waiter) std::exchange(waiter, nullptr)();
  }
};

class PipeWriter final : public OutStream {
 public:
  explicit PipeWriter(std::shared_ptr<PipeState> s) : s_(std::move(s)) {}
  ~PipeWriter() override {
    s_->write_closed = true;
    s_->Notify();
  }
  bool Write(Proc&, std::string_view bytes) override {
    if (s_->read_closed) return false;
    s_->buffer.append(bytes);
    s_->Notify();
    return true;
  }

 private:
  std::shared_ptr<PipeState> s_;
};

class PipeReader final : public InStream {
 public:
  explicit PipeReader(std::shared_ptr<PipeState> s) : s_(std::move(s)) {}
  ~PipeReader() override { s_->read_closed = true; }
  std::optional<std::string> ReadSome(bool* would_block) override {
    *would_block = false;
    if (!s_->buffer.empty()) return std::exchange(s_->buffer, {});
    if (s_->write_closed) return std::nullopt;
    *would_block = true;
    return std::nullopt;
  }
  void OnReadable(std::function<void()> wake) override {
    s_->waiter = std::move(wake);
  }

 private:
  std::shared_ptr<PipeState> s_;
};

}  // namespace

std::shared_ptr<OutStream> NullOut() {
  static auto* out = new std::shared_ptr<OutStream>(new NullOutStream);
  return *out;
}

std::shared_ptr<InStream> NullIn() { return StringIn(""); }

std::shared_ptr<InStream> StringIn(std::string data) {
  return std::make_shared<StringInStream>(std::move(data));
}

bool CaptureOut::Write(Proc&, std::string_view bytes) {
  if (data_.size() < cap_) {
    data_.append(bytes.substr(0, cap_ - data_.size()));
  }
  return true;
}

PipeEnds MakePipe() {
  auto s = std::make_shared<PipeState>();
  return {std::make_shared<PipeWriter>(s), std::make_shared<PipeReader>(s)};
}

}  // namespace fakecri::userland
