// File: cri_client.cc
#include "scenario/kubelet/cri_client.h"

#include <chrono>
#include <thread>

namespace fakecri::scenario::kubelet {

CriClient::CriClient(std::shared_ptr<grpc::Channel> channel, Clock& clock,
                     std::function<void()> settle, DurationNs request_timeout)
    : clock_(clock),
      settle_(std::move(settle)),
      request_timeout_(request_timeout),
      rt_(::runtime::v1::RuntimeService::NewStub(channel)),
      img_(::runtime::v1::ImageService::NewStub(channel)) {}

CriClient::~CriClient() { Stop(); }

std::shared_ptr<grpc::ClientContext> CriClient::NewContext() {
  auto ctx = std::make_shared<grpc::ClientContext>();
  // A gRPC deadline is host time: in virtual time it would make runs
  // depend on the host's speed, so only real-time runs get one.
  if (!settle_ && request_timeout_ > 0) {
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::nanoseconds(request_timeout_));
  }
  return ctx;
}

uint64_t CriClient::At(TimeNs when, std::function<void()> fn) {
  std::lock_guard<std::mutex> l(book_mu_);
  if (stopped_) return 0;
  const uint64_t token = next_token_++;
  // The callback checks its token under book_mu_ first: a cancelled or
  // stopped timer that already left the clock's queue does nothing.
  const Clock::TimerId id =
      clock_.ScheduleAt(when, [this, token, fn = std::move(fn)] {
        {
          std::lock_guard<std::mutex> b(book_mu_);
          if (timers_.erase(token) == 0) return;
        }
        std::lock_guard<std::mutex> k(mu_);
        fn();
      });
  timers_[token] = Pending{id, {}};
  return token;
}

void CriClient::CancelTimer(uint64_t token) {
  Clock::TimerId id = 0;
  {
    std::lock_guard<std::mutex> l(book_mu_);
    auto it = timers_.find(token);
    if (it == timers_.end()) return;
    id = it->second.id;
    timers_.erase(it);
  }
  clock_.Cancel(id);
}

void CriClient::Resume(std::coroutine_handle<> h) {
  std::lock_guard<std::mutex> l(book_mu_);
  if (stopped_) {
    orphans_.push_back(h);
    return;
  }
  const uint64_t token = next_token_++;
  const Clock::TimerId id = clock_.ScheduleAt(clock_.Now(), [this, token, h] {
    {
      std::lock_guard<std::mutex> b(book_mu_);
      if (timers_.erase(token) == 0) return;
    }
    std::lock_guard<std::mutex> k(mu_);
    h.resume();
  });
  timers_[token] = Pending{id, h};
}

uint64_t CriClient::Track(std::shared_ptr<grpc::ClientContext> ctx) {
  std::lock_guard<std::mutex> l(book_mu_);
  const uint64_t id = next_token_++;
  calls_[id] = std::move(ctx);
  if (stopped_) calls_[id]->TryCancel();
  return id;
}

void CriClient::Untrack(uint64_t id) {
  std::lock_guard<std::mutex> l(book_mu_);
  calls_.erase(id);
}

void CriClient::Issue(std::shared_ptr<grpc::ClientContext> ctx,
                      const std::function<void(Done)>& start,
                      std::coroutine_handle<> h,
                      std::function<void(const grpc::Status&)> record) {
  IssueJoined(std::move(ctx), start, h,
              [record = std::move(record)](const grpc::Status& s) {
                record(s);
                return true;
              });
}

void CriClient::IssueJoined(std::shared_ptr<grpc::ClientContext> ctx,
                            const std::function<void(Done)>& start,
                            std::coroutine_handle<> h,
                            std::function<bool(const grpc::Status&)> last) {
  const uint64_t track = Track(ctx);
  inflight_.fetch_add(1);
  issued_.fetch_add(1);
  start([this, track, h, last = std::move(last)](grpc::Status s) {
    const bool resume = last(s);
    Complete(track, h, resume);
  });
  // Each call reaches the runtime before the next one is issued, so the
  // runtime sees them in the kubelet's order.
  if (settle_) settle_();
}

void CriClient::Complete(uint64_t track_id, std::coroutine_handle<> h,
                         bool resume) {
  Untrack(track_id);
  if (resume) Resume(h);
  // Counted after the resumption is queued: a driver that sees every call
  // completed also sees the timer that continues the caller.
  completed_.fetch_add(1);
  inflight_.fetch_sub(1);
}

void CriClient::Stop() {
  std::vector<Pending> timers;
  {
    std::lock_guard<std::mutex> l(book_mu_);
    if (stopped_.exchange(true)) return;
    for (auto& [token, p] : timers_) timers.push_back(p);
    timers_.clear();
    for (auto& [id, ctx] : calls_) ctx->TryCancel();
  }
  for (const Pending& p : timers) {
    clock_.Cancel(p.id);
    if (p.resume) {
      std::lock_guard<std::mutex> l(book_mu_);
      orphans_.push_back(p.resume);
    }
  }
  // Cancelled calls complete soon; a runtime that never answers a
  // cancelled call is given up on after a few seconds (its coroutine
  // frame leaks rather than running after the kubelet is gone).
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (inflight_.load() > 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  for (;;) {
    std::vector<std::coroutine_handle<>> resume;
    {
      std::lock_guard<std::mutex> l(book_mu_);
      resume.swap(orphans_);
    }
    if (resume.empty()) break;
    std::lock_guard<std::mutex> k(mu_);
    for (auto h : resume) h.resume();
  }
}

}  // namespace fakecri::scenario::kubelet
