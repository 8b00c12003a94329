// File: arena_messages.h
// A gRPC message allocator that puts a call's request and response on a
// protobuf arena. Used for the list calls, whose answers hold hundreds of
// small strings and map entries: on an arena each costs a pointer bump
// instead of a malloc, and the whole answer is freed at once when gRPC is
// done with it. The arena's first block comes from a small pool, so a
// list of a kubelet-sized node allocates nothing from the heap at all.
#ifndef FAKECRI_GRPC_ARENA_MESSAGES_H_
#define FAKECRI_GRPC_ARENA_MESSAGES_H_

#include <google/protobuf/arena.h>
#include <grpcpp/support/message_allocator.h>

#include <memory>
#include <mutex>
#include <vector>

namespace fakecri::runtime {

// Thread-safe. Blocks handed back beyond the pool's size are freed.
class ArenaBlockPool {
 public:
  static constexpr size_t kBlockSize = 256 << 10;
  static constexpr size_t kMaxPooled = 4;

  std::unique_ptr<char[]> Take() {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (!free_.empty()) {
        std::unique_ptr<char[]> b = std::move(free_.back());
        free_.pop_back();
        return b;
      }
    }
    return std::make_unique<char[]>(kBlockSize);
  }
  void Give(std::unique_ptr<char[]> block) {
    std::lock_guard<std::mutex> l(mu_);
    if (free_.size() < kMaxPooled) free_.push_back(std::move(block));
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> free_;
};

template <typename Req, typename Resp>
class ArenaMessageAllocator final : public grpc::MessageAllocator<Req, Resp> {
 public:
  grpc::MessageHolder<Req, Resp>* AllocateMessages() override {
    return new Holder(pool_);
  }

 private:
  class Holder final : public grpc::MessageHolder<Req, Resp> {
   public:
    explicit Holder(ArenaBlockPool& pool)
        : pool_(pool), block_(pool.Take()), arena_(Options(block_.get())) {
      this->set_request(google::protobuf::Arena::CreateMessage<Req>(&arena_));
      this->set_response(google::protobuf::Arena::CreateMessage<Resp>(&arena_));
    }
    void Release() override {
      std::unique_ptr<char[]> block = std::move(block_);
      ArenaBlockPool& pool = pool_;
      delete this;  // the arena, and the messages on it, first
      pool.Give(std::move(block));
    }

   private:
    static google::protobuf::ArenaOptions Options(char* block) {
      google::protobuf::ArenaOptions o;
      o.initial_block = block;
      o.initial_block_size = ArenaBlockPool::kBlockSize;
      return o;
    }
    ArenaBlockPool& pool_;
    std::unique_ptr<char[]> block_;
    google::protobuf::Arena arena_;
  };

  ArenaBlockPool pool_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_ARENA_MESSAGES_H_
