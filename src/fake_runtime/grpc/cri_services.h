// File: cri_services.h
// The gRPC face of the container manager: RuntimeService and ImageService
// on gRPC's callback API. Each handler records the call, asks the manager,
// converts the status and finishes; nothing here holds state of its own
// except the open GetContainerEvents streams.
#ifndef FAKECRI_GRPC_CRI_SERVICES_H_
#define FAKECRI_GRPC_CRI_SERVICES_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/grpc/arena_messages.h"
#include "fake_runtime/grpc/call_recorder.h"
#include "fake_runtime/grpc/faulted_call.h"
#include "fake_runtime/grpc/parse_errors.h"
#include "fake_runtime/grpc/status_conversion.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

class EventStreamReactor;

// Runs one unary call through the recorder, the fault gate and the
// manager. With no fault rules on the CRI-side hops this is a plain call.
template <typename Req, typename Resp>
grpc::ServerUnaryReactor* ServeUnary(
    grpc::CallbackServerContext* ctx, CriEnv& env, absl::string_view rpc,
    const Req& req, Resp* resp,
    absl::Status (ContainerManager::*method)(const CallContext&, const Req&,
                                             Resp*)) {
  CallRecorder::RunningScope running(env.rec);
  auto call = env.rec.Begin(rpc, req, resp);
  if (!env.gate.Quiet()) {
    return ServeFaulted(
        env, std::move(call), req,
        [&env, &req, resp, method](const CallContext& c,
                                   std::function<void(absl::Status)> done) {
          done((env.mgr.*method)(c, req, resp));
        });
  }
  absl::Status st = (env.mgr.*method)(call.ctx, req, resp);
  if (call.ctx.fault_delay > 0 || call.ctx.fault_hang) {
    return ReplyDelayed(env, std::move(call), std::move(st));
  }
  env.rec.End(call, st);
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(ToGrpcStatus(st));
  return reactor;
}

// Same, for manager calls that complete later (from a clock timer): the
// reactor finishes when the manager calls back.
template <typename Req, typename Resp>
grpc::ServerUnaryReactor* ServeUnaryAsync(
    grpc::CallbackServerContext* ctx, CriEnv& env, absl::string_view rpc,
    const Req& req, Resp* resp,
    void (ContainerManager::*method)(const CallContext&, const Req&, Resp*,
                                     ContainerManager::Done)) {
  CallRecorder::RunningScope running(env.rec);
  auto call = env.rec.Begin(rpc, req, resp);
  if (!env.gate.Quiet() || (env.mgr.faults() != nullptr &&
                            env.mgr.faults()->HasRules(faults::Hop::kOci))) {
    return ServeFaulted(
        env, std::move(call), req,
        [&env, &req, resp, method](const CallContext& c,
                                   std::function<void(absl::Status)> done) {
          (env.mgr.*method)(c, req, resp, std::move(done));
        });
  }
  auto* reactor = ctx->DefaultReactor();
  (env.mgr.*method)(call.ctx, req, resp,
                    [&env, call, reactor](absl::Status st) {
                      env.rec.End(call, st);
                      reactor->Finish(ToGrpcStatus(st));
                    });
  return reactor;
}

#define FAKECRI_UNARY_DECL(Rpc)                                         \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* ctx,       \
                                const ::runtime::v1::Rpc##Request* req, \
                                ::runtime::v1::Rpc##Response* resp) override
#define FAKECRI_UNARY_DEF(Class, Rpc)                                          \
  grpc::ServerUnaryReactor* Class::Rpc(grpc::CallbackServerContext* ctx,       \
                                       const ::runtime::v1::Rpc##Request* req, \
                                       ::runtime::v1::Rpc##Response* resp) {   \
    return ServeUnary(ctx, env_, #Rpc, *req, resp, &ContainerManager::Rpc);    \
  }
#define FAKECRI_UNARY_ASYNC_DEF(Class, Rpc)                                    \
  grpc::ServerUnaryReactor* Class::Rpc(grpc::CallbackServerContext* ctx,       \
                                       const ::runtime::v1::Rpc##Request* req, \
                                       ::runtime::v1::Rpc##Response* resp) {   \
    return ServeUnaryAsync(ctx, env_, #Rpc, *req, resp,                        \
                           &ContainerManager::Rpc);                            \
  }
#define FAKECRI_STREAM_DECL(Rpc)                               \
  grpc::ServerWriteReactor<::runtime::v1::Rpc##Response>* Rpc( \
      grpc::CallbackServerContext* ctx,                        \
      const ::runtime::v1::Rpc##Request* req) override

// Thread-safe.
class CriRuntimeService final
    : public AnswersParseErrors<
          ::runtime::v1::RuntimeService::CallbackService> {
 public:
  explicit CriRuntimeService(CriEnv env);
  ~CriRuntimeService() override;

  // Ends every open GetContainerEvents stream with `status`: at shutdown
  // (`closing`: later streams are refused too) and at an injected restart.
  void EndEventStreams(const grpc::Status& status, bool closing = true);

  FAKECRI_UNARY_DECL(Version);
  FAKECRI_UNARY_DECL(RunPodSandbox);
  FAKECRI_UNARY_DECL(StopPodSandbox);
  FAKECRI_UNARY_DECL(RemovePodSandbox);
  FAKECRI_UNARY_DECL(PodSandboxStatus);
  FAKECRI_UNARY_DECL(ListPodSandbox);
  FAKECRI_STREAM_DECL(StreamPodSandboxes);
  FAKECRI_UNARY_DECL(CreateContainer);
  FAKECRI_UNARY_DECL(StartContainer);
  FAKECRI_UNARY_DECL(StopContainer);
  FAKECRI_UNARY_DECL(RemoveContainer);
  FAKECRI_UNARY_DECL(ListContainers);
  FAKECRI_STREAM_DECL(StreamContainers);
  FAKECRI_UNARY_DECL(ContainerStatus);
  FAKECRI_UNARY_DECL(UpdateContainerResources);
  FAKECRI_UNARY_DECL(ReopenContainerLog);
  FAKECRI_UNARY_DECL(ExecSync);
  FAKECRI_UNARY_DECL(Exec);
  FAKECRI_UNARY_DECL(Attach);
  FAKECRI_UNARY_DECL(PortForward);
  FAKECRI_UNARY_DECL(ContainerStats);
  FAKECRI_UNARY_DECL(ListContainerStats);
  FAKECRI_STREAM_DECL(StreamContainerStats);
  FAKECRI_UNARY_DECL(PodSandboxStats);
  FAKECRI_UNARY_DECL(ListPodSandboxStats);
  FAKECRI_STREAM_DECL(StreamPodSandboxStats);
  FAKECRI_UNARY_DECL(UpdateRuntimeConfig);
  FAKECRI_UNARY_DECL(Status);
  FAKECRI_UNARY_DECL(CheckpointContainer);
  grpc::ServerWriteReactor<::runtime::v1::ContainerEventResponse>*
  GetContainerEvents(grpc::CallbackServerContext* ctx,
                     const ::runtime::v1::GetEventsRequest* req) override;
  FAKECRI_UNARY_DECL(ListMetricDescriptors);
  FAKECRI_UNARY_DECL(ListPodSandboxMetrics);
  FAKECRI_STREAM_DECL(StreamPodSandboxMetrics);
  FAKECRI_UNARY_DECL(RuntimeConfig);
  FAKECRI_UNARY_DECL(UpdatePodSandboxResources);

 private:
  friend class EventStreamReactor;
  void Forget(EventStreamReactor* r);

  CriEnv env_;
  ContainerManager& mgr_;
  CallRecorder& recorder_;
  fakecri::Mutex streams_mu_;
  std::map<EventStreamReactor*, std::shared_ptr<EventStreamReactor>> streams_
      ABSL_GUARDED_BY(streams_mu_);
  bool shutting_down_ ABSL_GUARDED_BY(streams_mu_) = false;
  // The relist answers, on arenas (arena_messages.h).
  ArenaMessageAllocator<::runtime::v1::ListPodSandboxRequest,
                        ::runtime::v1::ListPodSandboxResponse>
      list_sandboxes_alloc_;
  ArenaMessageAllocator<::runtime::v1::ListContainersRequest,
                        ::runtime::v1::ListContainersResponse>
      list_containers_alloc_;
};

// Thread-safe.
class CriImageService final
    : public AnswersParseErrors<::runtime::v1::ImageService::CallbackService> {
 public:
  explicit CriImageService(CriEnv env);

  FAKECRI_UNARY_DECL(ListImages);
  FAKECRI_STREAM_DECL(StreamImages);
  FAKECRI_UNARY_DECL(ImageStatus);
  FAKECRI_UNARY_DECL(PullImage);
  FAKECRI_UNARY_DECL(RemoveImage);
  FAKECRI_UNARY_DECL(ImageFsInfo);

 private:
  CriEnv env_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_CRI_SERVICES_H_
