// File: cri_client.h
// The kubelet's side of the CRI: every call goes out through gRPC's
// callback API and its caller (a coroutine) resumes from a clock timer at
// the completion time, so all kubelet code runs as clock callbacks, one at
// a time, under one lock. It counts what it issued and what completed so
// a virtual-time driver can wait for quiet points (Kubelet::Activity), and
// Stop() cancels whatever is in flight.
#ifndef FAKECRI_SCENARIO_KUBELET_CRI_CLIENT_H_
#define FAKECRI_SCENARIO_KUBELET_CRI_CLIENT_H_

#include <google/protobuf/arena.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "fakecri/clock.h"
#include "fakecri/cri.h"

namespace fakecri::scenario::kubelet {

// One call's outcome. The response lives on the call's arena (a relist
// answer holds hundreds of map entries: parsed onto an arena they cost a
// pointer bump each and are freed at once), which `owner` keeps alive.
template <typename Resp>
struct CallResult {
  grpc::Status status;
  std::shared_ptr<const void> owner;
  const Resp& resp;
  bool ok() const { return status.ok(); }
};

// One outcome of a CallAll (on the heap: such groups are small).
template <typename Resp>
struct JoinedResult {
  grpc::Status status;
  Resp resp;
  bool ok() const { return status.ok(); }
};

// Thread-safe where noted; the rest runs under Lock().
class CriClient {
 public:
  using Done = std::function<void(grpc::Status)>;

  CriClient(std::shared_ptr<grpc::Channel> channel, Clock& clock,
            std::function<void()> settle, DurationNs request_timeout);
  ~CriClient();

  // The kubelet's one lock: every timer callback of At() runs under it.
  std::mutex& mu() { return mu_; }
  Clock& clock() { return clock_; }
  bool stopped() const { return stopped_.load(); }
  bool virtual_time() const { return static_cast<bool>(settle_); }

  // Runs `fn` under the lock at `when` unless cancelled or stopped first.
  // Thread-safe. Returns 0 once stopped.
  uint64_t At(TimeNs when, std::function<void()> fn);
  uint64_t After(DurationNs d, std::function<void()> fn) {
    return At(clock_.Now() + d, std::move(fn));
  }
  void CancelTimer(uint64_t token);

  // Cancels calls in flight and timers, then resumes every suspended
  // coroutine once (each sees stopped() and returns). Thread-safe; call
  // without holding the lock.
  void Stop();

  // Thread-safe counters (see Kubelet::ClientActivity).
  uint64_t issued() const { return issued_.load(); }
  uint64_t completed() const { return completed_.load(); }
  void Settle() {
    if (settle_) settle_();
  }

  // Low level: `start(done)` issues one call whose completion calls done;
  // when it has, `h` resumes (from a timer at the completion time).
  // Returns a token for Cancel-by-Stop bookkeeping.
  void Issue(std::shared_ptr<grpc::ClientContext> ctx,
             const std::function<void(Done)>& start, std::coroutine_handle<> h,
             std::function<void(const grpc::Status&)> record);
  // The completion of a call that was not started through Issue (a stream
  // ending): resumes `h` like Issue would.
  void Resume(std::coroutine_handle<> h);
  // For streams: track a context so Stop() cancels it.
  uint64_t Track(std::shared_ptr<grpc::ClientContext> ctx);
  void Untrack(uint64_t id);
  void CountIssued() { issued_.fetch_add(1); }
  // A stream reactor alive: Stop() waits for it like for a call.
  void StreamOpened() { inflight_.fetch_add(1); }
  void StreamClosed() { inflight_.fetch_sub(1); }
  void CountCompleted() { completed_.fetch_add(1); }
  std::shared_ptr<grpc::ClientContext> NewContext();

  template <typename Req, typename Resp>
  using StartFn =
      std::function<void(grpc::ClientContext*, const Req*, Resp*, Done)>;

  // co_await client.Call<Req, Resp>(req, start) -> CallResult<Resp>.
  template <typename Req, typename Resp>
  class CallAwaiter {
   public:
    CallAwaiter(CriClient& c, Req req, StartFn<Req, Resp> start)
        : c_(c), st_(std::make_shared<State>()), start_(std::move(start)) {
      st_->req = std::move(req);
    }
    bool await_ready() {
      if (!c_.stopped()) return false;
      st_->status =
          grpc::Status(grpc::StatusCode::CANCELLED, "kubelet stopped");
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) {
      auto st = st_;
      st->ctx = c_.NewContext();
      auto start = std::move(start_);
      c_.Issue(
          st->ctx,
          [st, start](Done done) {
            start(st->ctx.get(), &st->req, st->resp, std::move(done));
          },
          h, [st](const grpc::Status& s) { st->status = s; });
    }
    CallResult<Resp> await_resume() {
      grpc::Status status = std::move(st_->status);
      const Resp& resp = *st_->resp;
      return {std::move(status), std::move(st_), resp};
    }

   private:
    struct State {
      static google::protobuf::ArenaOptions Options() {
        google::protobuf::ArenaOptions o;
        o.start_block_size = 1024;
        o.max_block_size = 64 << 10;
        return o;
      }
      std::shared_ptr<grpc::ClientContext> ctx;
      Req req;
      google::protobuf::Arena arena{Options()};
      Resp* resp = google::protobuf::Arena::CreateMessage<Resp>(&arena);
      grpc::Status status;
    };
    CriClient& c_;
    std::shared_ptr<State> st_;
    StartFn<Req, Resp> start_;
  };

  // co_await client.CallAll<Req, Resp>(reqs, start): issues them one after
  // another (as the kubelet's goroutines would) and resumes when every one
  // completed; JoinedResults in request order.
  template <typename Req, typename Resp>
  class AllAwaiter {
   public:
    AllAwaiter(CriClient& c, std::vector<Req> reqs, StartFn<Req, Resp> start)
        : c_(c), st_(std::make_shared<State>()), start_(std::move(start)) {
      st_->reqs = std::move(reqs);
      st_->results.resize(st_->reqs.size());
    }
    bool await_ready() {
      if (st_->reqs.empty()) return true;
      if (!c_.stopped()) return false;
      for (auto& r : st_->results) {
        r.status = grpc::Status(grpc::StatusCode::CANCELLED, "kubelet stopped");
      }
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) {
      auto st = st_;
      st->remaining = st->reqs.size();
      // One resumption for all: the last completion resumes `h`; the
      // others resume a no-op.
      for (size_t i = 0; i < st->reqs.size(); ++i) {
        auto ctx = c_.NewContext();
        auto start = start_;
        c_.IssueJoined(
            ctx,
            [st, start, ctx, i](Done done) {
              start(ctx.get(), &st->reqs[i], &st->results[i].resp,
                    std::move(done));
            },
            h,
            [st, i](const grpc::Status& s) {
              st->results[i].status = s;
              return --st->remaining == 0;
            });
      }
    }
    std::vector<JoinedResult<Resp>> await_resume() {
      return std::move(st_->results);
    }

   private:
    struct State {
      std::vector<Req> reqs;
      std::vector<JoinedResult<Resp>> results;
      std::atomic<size_t> remaining{0};
    };
    CriClient& c_;
    std::shared_ptr<State> st_;
    StartFn<Req, Resp> start_;
  };

  // Like Issue, but `last(status)` says whether this completion resumes
  // `h` (true for the last of a group).
  void IssueJoined(std::shared_ptr<grpc::ClientContext> ctx,
                   const std::function<void(Done)>& start,
                   std::coroutine_handle<> h,
                   std::function<bool(const grpc::Status&)> last);

  ::runtime::v1::RuntimeService::Stub& rt() { return *rt_; }
  ::runtime::v1::ImageService::Stub& img() { return *img_; }

 private:
  void Complete(uint64_t track_id, std::coroutine_handle<> h, bool resume);

  Clock& clock_;
  std::function<void()> settle_;
  DurationNs request_timeout_;
  std::unique_ptr<::runtime::v1::RuntimeService::Stub> rt_;
  std::unique_ptr<::runtime::v1::ImageService::Stub> img_;
  std::mutex mu_;
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> issued_{0}, completed_{0}, inflight_{0};

  // Bookkeeping, under book_mu_ (never held while calling out).
  std::mutex book_mu_;
  uint64_t next_token_ = 1;
  struct Pending {
    Clock::TimerId id;
    std::coroutine_handle<> resume;  // set for a coroutine resumption
  };
  std::map<uint64_t, Pending> timers_;
  std::map<uint64_t, std::shared_ptr<grpc::ClientContext>> calls_;
  std::vector<std::coroutine_handle<>> orphans_;
};

// One CRI method as a CallAwaiter / AllAwaiter factory:
//   co_await KCALL(client, rt, StopContainer, req)
#define FAKECRI_KUBELET_START(svc, Rpc)                                \
  [&c = client_](grpc::ClientContext* ctx,                             \
                 const ::runtime::v1::Rpc##Request* q,                 \
                 ::runtime::v1::Rpc##Response* r, CriClient::Done d) { \
    c.svc().async()->Rpc(ctx, q, r, std::move(d));                     \
  }
#define KCALL(svc, Rpc, req)                            \
  CriClient::CallAwaiter<::runtime::v1::Rpc##Request,   \
                         ::runtime::v1::Rpc##Response>( \
      client_, req, FAKECRI_KUBELET_START(svc, Rpc))
#define KCALL_ALL(svc, Rpc, reqs)                      \
  CriClient::AllAwaiter<::runtime::v1::Rpc##Request,   \
                        ::runtime::v1::Rpc##Response>( \
      client_, reqs, FAKECRI_KUBELET_START(svc, Rpc))

}  // namespace fakecri::scenario::kubelet

#endif  // FAKECRI_SCENARIO_KUBELET_CRI_CLIENT_H_
