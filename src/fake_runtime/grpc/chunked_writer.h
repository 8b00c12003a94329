// File: chunked_writer.h
// Server side of the Stream* list RPCs (KEP-5825): the list split into
// messages of at most kChunkSize items, each item exactly once, then OK.
// An empty list sends no message at all.
#ifndef FAKECRI_GRPC_CHUNKED_WRITER_H_
#define FAKECRI_GRPC_CHUNKED_WRITER_H_

#include <google/protobuf/repeated_ptr_field.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/grpc/status_conversion.h"

namespace fakecri::runtime {

inline constexpr int kChunkSize = 256;

// One Stream* call. It lists (runs `produce`) at once, or when the clock
// reaches an injected delay, or never (a hang), then streams the chunks and
// ends with the status; a client that cancels before the list is taken
// gets its answer at once. It owns itself until gRPC is done with it.
template <typename Resp>
class ChunkedWriter final
    : public grpc::ServerWriteReactor<Resp>,
      public std::enable_shared_from_this<ChunkedWriter<Resp>> {
 public:
  using Produce = std::function<absl::Status(std::vector<Resp>*)>;

  // `delay`: 0 lists now; nullopt never lists (until the client cancels).
  static grpc::ServerWriteReactor<Resp>* Start(
      Produce produce, Clock* clock = nullptr,
      std::optional<DurationNs> delay = DurationNs{0}) {
    auto w = std::make_shared<ChunkedWriter>();
    w->self_ = w;
    w->produce_ = std::move(produce);
    if (delay && *delay <= 0) {
      w->Begin();
    } else if (delay) {
      clock->ScheduleAfter(*delay, [w] { w->Begin(); });
    }
    return w.get();
  }

  void OnCancel() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (started_) return;  // the writes fail and end the call
      started_ = true;
    }
    this->Finish(ToGrpcStatus(absl::CancelledError("call cancelled")));
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream write failed"));
      return;
    }
    Next();
  }
  void OnDone() override { auto last = std::move(self_); }

 private:
  void Begin() {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (started_) return;
      started_ = true;
    }
    status_ = produce_(&chunks_);
    Next();
  }
  void Next() {
    if (!status_.ok() || next_ >= chunks_.size()) {
      this->Finish(ToGrpcStatus(status_));
      return;
    }
    this->StartWrite(&chunks_[next_++]);
  }

  std::mutex mu_;
  bool started_ = false;  // guarded by mu_: Begin or OnCancel settled it
  Produce produce_;
  absl::Status status_;
  std::vector<Resp> chunks_;
  size_t next_ = 0;
  std::shared_ptr<ChunkedWriter> self_;
};

// Splits `items` into chunk messages.
template <typename Resp, typename Item>
std::vector<Resp> ChunksOf(
    google::protobuf::RepeatedPtrField<Item>* items,
    std::type_identity_t<google::protobuf::RepeatedPtrField<Item>* (Resp::*)()>
        mutable_items) {
  std::vector<Resp> chunks;
  for (int i = 0; i < items->size(); ++i) {
    if (i % kChunkSize == 0) chunks.emplace_back();
    (chunks.back().*mutable_items)()->Add(std::move(*items->Mutable(i)));
  }
  return chunks;
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CHUNKED_WRITER_H_
