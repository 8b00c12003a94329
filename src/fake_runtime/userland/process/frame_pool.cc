// File: frame_pool.cc
#include "fake_runtime/userland/process/frame_pool.h"

#include <cstdlib>
#include <new>

namespace fakecri::userland::frame_pool {
namespace {

constexpr std::size_t kStep = 64;
constexpr std::size_t kClasses = 64;      // up to 4 KiB
constexpr std::size_t kMaxCached = 4096;  // per class and thread

struct FreeNode {
  FreeNode* next;
};

struct Lists {
  FreeNode* head[kClasses] = {};
  std::size_t count[kClasses] = {};
  ~Lists() {
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (head[c] != nullptr) {
        FreeNode* n = head[c];
        head[c] = n->next;
        ::operator delete(n);
      }
    }
  }
};

thread_local Lists lists;

std::size_t ClassOf(std::size_t size) { return (size + kStep - 1) / kStep; }

}  // namespace

void* Allocate(std::size_t size) {
  const std::size_t c = ClassOf(size);
  if (c >= kClasses) return ::operator new(size);
  if (FreeNode* n = lists.head[c]) {
    lists.head[c] = n->next;
    --lists.count[c];
    return n;
  }
  return ::operator new(c* kStep);
}

void Free(void* p, std::size_t size) noexcept {
  const std::size_t c = ClassOf(size);
  if (c >= kClasses || lists.count[c] >= kMaxCached) {
    ::operator delete(p);
    return;
  }
  auto* n = static_cast<FreeNode*>(p);
  n->next = lists.head[c];
  lists.head[c] = n;
  ++lists.count[c];
}

}  // namespace fakecri::userland::frame_pool
