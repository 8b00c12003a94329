#include "fake_runtime/grpc/faulted_call.h"

#include <memory>

#include "fake_runtime/grpc/status_conversion.h"

namespace fakecri::runtime {
namespace {

// One faulted call. It owns itself until gRPC is done with it (OnDone);
// timers and the gate hold weak or shared references, and every path to
// Finish goes through FinishOnce, so the call is answered exactly once,
// whichever of the timer, the client's cancellation or a restart comes
// first. gRPC keeps the request and response alive until Finish.
class FaultedUnaryReactor final
    : public grpc::ServerUnaryReactor,
      public std::enable_shared_from_this<FaultedUnaryReactor> {
 public:
  FaultedUnaryReactor(CriEnv& env, CallRecorder::Call call)
      : env_(env), call_(std::move(call)) {}

  static FaultedUnaryReactor* Create(CriEnv& env, CallRecorder::Call call) {
    auto r = std::make_shared<FaultedUnaryReactor>(env, std::move(call));
    r->self_ = r;
    return r.get();
  }

  // Before the call runs: answer `error`, or run `run`, after `delay`;
  // or hang.
  void Begin(DurationNs delay, bool hang, absl::Status error, RunFn run) {
    if (hang) {
      Wait(std::nullopt, absl::OkStatus());
      return;
    }
    if (delay <= 0) {
      Execute(std::move(error), std::move(run));
      return;
    }
    error_ = std::move(error);
    run_ = std::move(run);
    Wait(delay, absl::OkStatus(), /*then_run=*/true);
  }

  // After the call ran: reply `result` after the delay its hops asked for.
  void AfterRun(absl::Status result) {
    if (call_.ctx.fault_hang) {
      Wait(std::nullopt, absl::OkStatus());
    } else if (call_.ctx.fault_delay > 0) {
      Wait(call_.ctx.fault_delay, std::move(result));
    } else {
      FinishOnce(std::move(result));
    }
  }

  void OnCancel() override {
    Abort(absl::CancelledError("call cancelled by the client"));
  }

  void OnDone() override {
    auto last = std::move(self_);  // may destroy *this on return
  }

 private:
  enum class State { kIdle, kWaiting, kRunning, kFinished };

  // Waits on the clock for `delay` (nullopt: until cancelled), then runs
  // the call (then_run) or replies `reply`. Registered with the gate
  // meanwhile, so a restart can fail the call.
  void Wait(std::optional<DurationNs> delay, absl::Status reply,
            bool then_run = false) {
    {
      fakecri::MutexLock l(&mu_);
      state_ = State::kWaiting;
    }
    std::weak_ptr<FaultedUnaryReactor> weak = weak_from_this();
    const uint64_t token = env_.gate.Hold([weak](const absl::Status& st) {
      if (auto self = weak.lock()) self->Abort(st);
    });
    {
      fakecri::MutexLock l(&mu_);
      token_ = token;
      if (state_ != State::kWaiting) delay.reset();  // aborted meanwhile
    }
    if (!delay) return;
    const Clock::TimerId timer = env_.gate.clock().ScheduleAfter(
        *delay, [self = shared_from_this(), then_run,
                 reply = std::move(reply)]() mutable {
          self->Fire(then_run, std::move(reply));
        });
    fakecri::MutexLock l(&mu_);
    timer_ = timer;
  }

  void Fire(bool then_run, absl::Status reply) {
    uint64_t token;
    {
      fakecri::MutexLock l(&mu_);
      if (state_ != State::kWaiting) return;
      state_ = State::kRunning;
      token = token_;
    }
    env_.gate.Release(token);
    if (then_run) {
      Execute(std::move(error_), std::move(run_));
    } else {
      FinishOnce(std::move(reply));
    }
  }

  void Execute(absl::Status error, RunFn run) {
    {
      fakecri::MutexLock l(&mu_);
      state_ = State::kRunning;
    }
    if (!error.ok()) {
      FinishOnce(std::move(error));
      return;
    }
    run(call_.ctx, [self = shared_from_this()](absl::Status st) {
      self->AfterRun(std::move(st));
    });
  }

  // The client gave up, or the runtime restarted: a call still waiting is
  // answered now; one running answers when it completes.
  void Abort(absl::Status status) {
    Clock::TimerId timer;
    uint64_t token;
    {
      fakecri::MutexLock l(&mu_);
      if (state_ != State::kWaiting) return;
      state_ = State::kRunning;
      timer = timer_;
      token = token_;
    }
    if (timer != 0) env_.gate.clock().Cancel(timer);
    env_.gate.Release(token);
    FinishOnce(std::move(status));
  }

  void FinishOnce(absl::Status st) {
    {
      fakecri::MutexLock l(&mu_);
      if (state_ == State::kFinished) return;
      state_ = State::kFinished;
    }
    env_.rec.End(call_, st);
    Finish(ToGrpcStatus(st));
  }

  CriEnv& env_;
  CallRecorder::Call call_;
  absl::Status error_;
  RunFn run_;
  fakecri::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kIdle;
  Clock::TimerId timer_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t token_ ABSL_GUARDED_BY(mu_) = 0;
  std::shared_ptr<FaultedUnaryReactor> self_;
};

}  // namespace

grpc::ServerUnaryReactor* ServeFaulted(CriEnv& env, CallRecorder::Call call,
                                       const google::protobuf::Message& req,
                                       RunFn run) {
  CriFaultGate::Decision d = env.gate.Check(call.rpc, req);
  FaultedUnaryReactor* r = FaultedUnaryReactor::Create(env, std::move(call));
  r->Begin(d.delay, d.hang, std::move(d.error), std::move(run));
  return r;
}

grpc::ServerUnaryReactor* ReplyDelayed(CriEnv& env, CallRecorder::Call call,
                                       absl::Status result) {
  FaultedUnaryReactor* r = FaultedUnaryReactor::Create(env, std::move(call));
  r->AfterRun(std::move(result));
  return r;
}

}  // namespace fakecri::runtime
