// File: kubelet_floor.cc
#include "kubelet_floor.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/message_allocator.h>
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "fakecri/cri.h"

namespace fakecri::bench {
namespace {

namespace v1 = ::runtime::v1;

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Hands gRPC a fresh request and the prebuilt answer: the server copies
// nothing, gRPC serializes the answer in place.
template <typename Req, typename Resp>
class CannedAllocator final : public grpc::MessageAllocator<Req, Resp> {
 public:
  explicit CannedAllocator(const Resp* answer) : answer_(answer) {}
  grpc::MessageHolder<Req, Resp>* AllocateMessages() override {
    return new Holder(const_cast<Resp*>(answer_));
  }

 private:
  class Holder final : public grpc::MessageHolder<Req, Resp> {
   public:
    explicit Holder(Resp* answer) {
      this->set_request(&req_);
      this->set_response(answer);
    }
    void Release() override { delete this; }

   private:
    Req req_;
  };
  const Resp* answer_;
};

class TrivialRuntime final : public v1::RuntimeService::CallbackService {
 public:
  explicit TrivialRuntime(const FloorCalls& c)
      : sandboxes_(&c.sandboxes),
        containers_(&c.containers),
        exec_(&c.exec_response) {
    SetMessageAllocatorFor_ListPodSandbox(&sandboxes_);
    SetMessageAllocatorFor_ListContainers(&containers_);
    SetMessageAllocatorFor_ExecSync(&exec_);
  }

 private:
  template <typename Req, typename Resp>
  static grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* ctx,
                                          const Req*, Resp*) {
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::ServerUnaryReactor* ListPodSandbox(
      grpc::CallbackServerContext* ctx, const v1::ListPodSandboxRequest* req,
      v1::ListPodSandboxResponse* resp) override {
    return Answer(ctx, req, resp);
  }
  grpc::ServerUnaryReactor* ListContainers(
      grpc::CallbackServerContext* ctx, const v1::ListContainersRequest* req,
      v1::ListContainersResponse* resp) override {
    return Answer(ctx, req, resp);
  }
  grpc::ServerUnaryReactor* ExecSync(grpc::CallbackServerContext* ctx,
                                     const v1::ExecSyncRequest* req,
                                     v1::ExecSyncResponse* resp) override {
    return Answer(ctx, req, resp);
  }

  CannedAllocator<v1::ListPodSandboxRequest, v1::ListPodSandboxResponse>
      sandboxes_;
  CannedAllocator<v1::ListContainersRequest, v1::ListContainersResponse>
      containers_;
  CannedAllocator<v1::ExecSyncRequest, v1::ExecSyncResponse> exec_;
};

// Issues one call on the callback API and waits for its completion, as
// the kubelet's driver does; the response is parsed into a fresh message
// and freed, as the kubelet's are.
class Caller {
 public:
  explicit Caller(std::shared_ptr<grpc::Channel> ch)
      : stub_(v1::RuntimeService::NewStub(ch)) {}

  template <typename Req, typename Resp, typename Start>
  bool Call(const Req& req, Start start) {
    grpc::ClientContext ctx;
    Resp resp;
    grpc::Status status;
    bool done = false;
    start(stub_->async(), &ctx, &req, &resp, [&](grpc::Status s) {
      std::lock_guard<std::mutex> l(mu_);
      status = std::move(s);
      done = true;
      cv_.notify_one();
    });
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return done; });
    return status.ok();
  }

 private:
  std::unique_ptr<v1::RuntimeService::Stub> stub_;
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace

FloorResult RunFloor(const FloorCalls& calls) {
  FloorResult out;
  TrivialRuntime service(calls);
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) return out;
  grpc::ChannelArguments args;
  Caller caller(server->InProcessChannel(args));
  const v1::ListPodSandboxRequest list_sandboxes;
  const v1::ListContainersRequest list_containers;
  // The small calls spread over the relists, as probes are.
  const uint64_t per_relist =
      calls.relists == 0 ? 0 : calls.small_calls / calls.relists;
  uint64_t small_left = calls.small_calls;
  bool ok = true;
  auto small = [&] {
    ok &= caller.Call<v1::ExecSyncRequest, v1::ExecSyncResponse>(
        calls.exec_request, [](auto* a, auto* ctx, auto* q, auto* r, auto d) {
          a->ExecSync(ctx, q, r, std::move(d));
        });
    --small_left;
    ++out.calls;
  };
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = CpuSeconds();
  for (uint64_t i = 0; i < calls.relists; ++i) {
    ok &= caller.Call<v1::ListPodSandboxRequest, v1::ListPodSandboxResponse>(
        list_sandboxes, [](auto* a, auto* ctx, auto* q, auto* r, auto d) {
          a->ListPodSandbox(ctx, q, r, std::move(d));
        });
    ok &= caller.Call<v1::ListContainersRequest, v1::ListContainersResponse>(
        list_containers, [](auto* a, auto* ctx, auto* q, auto* r, auto d) {
          a->ListContainers(ctx, q, r, std::move(d));
        });
    out.calls += 2;
    for (uint64_t j = 0; j < per_relist && small_left > 0; ++j) small();
  }
  while (small_left > 0) small();
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0)
          .count();
  out.cpu_seconds = CpuSeconds() - cpu0;
  out.ok = ok;
  server->Shutdown();
  return out;
}

}  // namespace fakecri::bench
