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

// What Task<T> and Task<void> share: owning the frame, and awaiting.
template <typename Promise>
class TaskBase {
 public:
  using Handle = std::coroutine_handle<Promise>;

  TaskBase() = default;
  explicit TaskBase(Handle h) : h_(h) {}
  TaskBase(TaskBase&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  TaskBase& operator=(TaskBase&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~TaskBase() {
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

  // For the scheduler, which drives the root Task of each process.
  Handle handle() const { return h_; }
  bool done() const { return h_ && h_.done(); }

 protected:
  void RethrowIfFailed() const {
    if (h_.promise().exception) std::rethrow_exception(h_.promise().exception);
  }
  Handle h_;
};

}  // namespace task_internal

template <typename T>
struct TaskPromise;

template <typename T>
class [[nodiscard]] Task : public task_internal::TaskBase<TaskPromise<T>> {
 public:
  using promise_type = TaskPromise<T>;
  using task_internal::TaskBase<TaskPromise<T>>::TaskBase;

  T await_resume() {
    this->RethrowIfFailed();
    return std::move(*this->h_.promise().value);
  }
};

template <typename T>
struct TaskPromise : task_internal::PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() {
    return Task<T>(std::coroutine_handle<TaskPromise>::from_promise(*this));
  }
  template <typename U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
};

template <>
struct TaskPromise<void> : task_internal::PromiseBase {
  Task<void> get_return_object();
  void return_void() {}
};

template <>
class [[nodiscard]] Task<void>
    : public task_internal::TaskBase<TaskPromise<void>> {
 public:
  using promise_type = TaskPromise<void>;
  using task_internal::TaskBase<TaskPromise<void>>::TaskBase;

  void await_resume() { RethrowIfFailed(); }
};

inline Task<void> TaskPromise<void>::get_return_object() {
  return Task<void>(
      std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_TASK_H_
