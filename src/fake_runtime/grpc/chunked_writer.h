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

template <typename Resp>
class ChunkedWriter final : public grpc::ServerWriteReactor<Resp> {
 public:
  ChunkedWriter(absl::Status status, std::vector<Resp> chunks)
      : status_(std::move(status)), chunks_(std::move(chunks)) {
    Next();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(
          grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream write failed"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (!status_.ok() || next_ >= chunks_.size()) {
      this->Finish(ToGrpcStatus(status_));
      return;
    }
    this->StartWrite(&chunks_[next_++]);
  }

  absl::Status status_;
  std::vector<Resp> chunks_;
  size_t next_ = 0;
};

// A Stream* call held back by an injected latency or hang: it lists (runs
// `produce`) when the clock reaches the delay, then streams like
// ChunkedWriter; a client that cancels first gets its answer at once.
template <typename Resp>
class DelayedChunkedWriter final
    : public grpc::ServerWriteReactor<Resp>,
      public std::enable_shared_from_this<DelayedChunkedWriter<Resp>> {
 public:
  using Produce = std::function<absl::Status(std::vector<Resp>*)>;

  static grpc::ServerWriteReactor<Resp>* Start(Clock& clock,
                                               std::optional<DurationNs> delay,
                                               Produce produce) {
    auto w = std::make_shared<DelayedChunkedWriter>();
    w->self_ = w;
    w->produce_ = std::move(produce);
    if (delay) {
      clock.ScheduleAfter(*delay, [w] { w->Begin(); });
    }
    return w.get();
  }

  void OnCancel() override { Settle(absl::CancelledError("call cancelled")); }
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
      if (settled_) return;
      settled_ = true;
    }
    status_ = produce_(&chunks_);
    Next();
  }
  void Settle(absl::Status st) {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (settled_) return;
      settled_ = true;
    }
    this->Finish(ToGrpcStatus(st));
  }
  void Next() {
    if (!status_.ok() || next_ >= chunks_.size()) {
      this->Finish(ToGrpcStatus(status_));
      return;
    }
    this->StartWrite(&chunks_[next_++]);
  }

  std::mutex mu_;
  bool settled_ = false;  // guarded by mu_: Begin or Settle ran
  Produce produce_;
  absl::Status status_;
  std::vector<Resp> chunks_;
  size_t next_ = 0;
  std::shared_ptr<DelayedChunkedWriter> self_;
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

// Moves the items of `items` into chunk messages via `mutable_items`.
template <typename Resp, typename Item>
grpc::ServerWriteReactor<Resp>* NewChunkedWriter(
    absl::Status status, google::protobuf::RepeatedPtrField<Item>* items,
    std::type_identity_t<google::protobuf::RepeatedPtrField<Item>* (Resp::*)()>
        mutable_items) {
  std::vector<Resp> chunks;
  if (status.ok()) chunks = ChunksOf<Resp>(items, mutable_items);
  return new ChunkedWriter<Resp>(std::move(status), std::move(chunks));
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CHUNKED_WRITER_H_
