// File: chunked_writer.h
// Server side of the Stream* list RPCs (KEP-5825): the list split into
// messages of at most kChunkSize items, each item exactly once, then OK.
// An empty list sends no message at all.
#ifndef FAKECRI_GRPC_CHUNKED_WRITER_H_
#define FAKECRI_GRPC_CHUNKED_WRITER_H_

#include <google/protobuf/repeated_ptr_field.h>
#include <grpcpp/grpcpp.h>

#include <type_traits>
#include <vector>

#include "absl/status/status.h"
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

// Moves the items of `items` into chunk messages via `mutable_items`.
template <typename Resp, typename Item>
grpc::ServerWriteReactor<Resp>* NewChunkedWriter(
    absl::Status status, google::protobuf::RepeatedPtrField<Item>* items,
    std::type_identity_t<google::protobuf::RepeatedPtrField<Item>* (Resp::*)()>
        mutable_items) {
  std::vector<Resp> chunks;
  if (status.ok()) {
    for (int i = 0; i < items->size(); ++i) {
      if (i % kChunkSize == 0) chunks.emplace_back();
      (chunks.back().*mutable_items)()->Add(std::move(*items->Mutable(i)));
    }
  }
  return new ChunkedWriter<Resp>(std::move(status), std::move(chunks));
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CHUNKED_WRITER_H_
