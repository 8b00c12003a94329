// File: task.h
// Task<T>: the coroutine type every simulated program and shell step is
// written in. A program that sleeps, reads a pipe or waits for a child
// suspends its whole chain of Tasks; the scheduler resumes it later from a
// clock timer. Thousands of processes therefore cost coroutine frames, not
// threads.
//
// Awaiting a Task runs it at once on the caller's stack; when it finishes
// without suspending, the caller continues directly (no stack growth in
// tight shell loops). When it does suspend, its completion later resumes
// the caller. Exceptions (ProcessKilled) travel up the chain.
#ifndef FAKECRI_USERLAND_PROCESS_TASK_H_
#define FAKECRI_USERLAND_PROCESS_TASK_H_

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <utility>

#include "fake_runtime/userland/process/frame_pool.h"

namespace fakecri::userland {

namespace task_internal {

struct PromiseBase {
  // Frames come from a recycling pool (frame_pool.h).
  static void* operator new(std::size_t size) {
    return frame_pool::Allocate(size);
  }
  static void operator delete(void* p, std::size_t size) noexcept {
    frame_pool::Free(p, size);
  }

  std::coroutine_handle<> continuation;
  std::exception_ptr exception;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      auto next = h.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() { exception = std::current_exception(); }
};

}  // namespace task_internal

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : task_internal::PromiseBase {
    std::optional<T> value;
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    template <typename U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~Task() {
    if (h_) h_.destroy();
  }

  // Awaiting: run the callee now; suspend the caller only if it suspended.
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> caller) {
    h_.resume();
    if (h_.done()) return false;
    h_.promise().continuation = caller;
    return true;
  }
  T await_resume() {
    if (h_.promise().exception) std::rethrow_exception(h_.promise().exception);
    return std::move(*h_.promise().value);
  }

  // For the scheduler, which drives the root Task of each process.
  Handle handle() const { return h_; }
  bool done() const { return h_ && h_.done(); }

 private:
  Handle h_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : task_internal::PromiseBase {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_void() {}
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~Task() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> caller) {
    h_.resume();
    if (h_.done()) return false;
    h_.promise().continuation = caller;
    return true;
  }
  void await_resume() {
    if (h_.promise().exception) std::rethrow_exception(h_.promise().exception);
  }

 private:
  Handle h_;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_TASK_H_
