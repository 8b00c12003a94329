// File: streams.h
// What a simulated process's file descriptors point at: the container log
// (stdout/stderr of the main process), an ExecSync capture buffer, a pipe
// between two processes, a file in the container's filesystem, or nothing
// (/dev/null).
#ifndef FAKECRI_USERLAND_PROCESS_STREAMS_H_
#define FAKECRI_USERLAND_PROCESS_STREAMS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fakecri::userland {

class Proc;

class OutStream {
 public:
  virtual ~OutStream() = default;
  // False when nobody can read any more (a pipe whose readers are gone):
  // the writer then dies of SIGPIPE, as a real process would.
  virtual bool Write(Proc& writer, std::string_view bytes) = 0;
};

class InStream {
 public:
  virtual ~InStream() = default;
  // Data available now, or nullopt at end of input. `would_block` is set
  // when there is no data yet but more may come (the reader then waits).
  virtual std::optional<std::string> ReadSome(bool* would_block) = 0;
  // Called once when data or EOF becomes available after a would_block.
  virtual void OnReadable(std::function<void()> wake) = 0;
};

// /dev/null both ways.
std::shared_ptr<OutStream> NullOut();
std::shared_ptr<InStream> NullIn();

// Fixed input (a here-string, ExecSync has none; tests use it).
std::shared_ptr<InStream> StringIn(std::string data);

// Collects output up to `cap` bytes; the rest is dropped silently, as
// containerd caps ExecSync output.
class CaptureOut final : public OutStream {
 public:
  explicit CaptureOut(size_t cap) : cap_(cap) {}
  bool Write(Proc&, std::string_view bytes) override;
  const std::string& data() const { return data_; }
  std::string Take() { return std::move(data_); }

 private:
  size_t cap_;
  std::string data_;
};

// Calls `sink(bytes)`: container stdout/stderr into the CRI log writer.
class FunctionOut final : public OutStream {
 public:
  explicit FunctionOut(std::function<void(std::string_view)> sink)
      : sink_(std::move(sink)) {}
  bool Write(Proc&, std::string_view bytes) override {
    sink_(bytes);
    return true;
  }

 private:
  std::function<void(std::string_view)> sink_;
};

// A pipe: the write end and the read end are separate objects; when the
// last owner of the write end lets go, the reader sees EOF; when the read
// end is gone, writes fail (SIGPIPE).
struct PipeEnds {
  std::shared_ptr<OutStream> write;
  std::shared_ptr<InStream> read;
};
PipeEnds MakePipe();

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_STREAMS_H_
