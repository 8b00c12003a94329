// File: stream_list.h
// The Stream* list RPCs (StreamContainers, StreamImages, ...): the matching
// List* answer in chunks, through the CRI fault gate like unary calls
// (errors, restarts, and latency or a hang before the list is taken).
#ifndef FAKECRI_GRPC_STREAM_LIST_H_
#define FAKECRI_GRPC_STREAM_LIST_H_

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/string_view.h"
#include "fake_runtime/grpc/chunked_writer.h"
#include "fake_runtime/grpc/faulted_call.h"

namespace fakecri::runtime {

template <typename StreamResp, typename Item, typename ListReq,
          typename ListResp, typename StreamReq>
grpc::ServerWriteReactor<StreamResp>* StreamList(
    CriEnv& env, absl::string_view rpc, const StreamReq& req,
    absl::Status (ContainerManager::*list)(const CallContext&, const ListReq&,
                                           ListResp*),
    std::type_identity_t<
        google::protobuf::RepeatedPtrField<Item>* (ListResp::*)()>
        list_items,
    std::type_identity_t<
        google::protobuf::RepeatedPtrField<Item>* (StreamResp::*)()>
        stream_items,
    const ListReq& list_req) {
  CallRecorder::RunningScope running(env.rec);
  auto call = env.rec.Begin(rpc, req);
  CriFaultGate::Decision d;
  if (!env.gate.Quiet()) d = env.gate.Check(rpc, req);
  auto produce = [&env, call, list, list_items, stream_items, list_req,
                  error = d.error](std::vector<StreamResp>* out) {
    ListResp resp;
    absl::Status st =
        error.ok() ? (env.mgr.*list)(call.ctx, list_req, &resp) : error;
    env.rec.End(call, st);
    if (st.ok())
      *out = ChunksOf<StreamResp>((resp.*list_items)(), stream_items);
    return st;
  };
  return ChunkedWriter<StreamResp>::Start(
      std::move(produce), &env.gate.clock(),
      d.hang ? std::nullopt : std::optional<DurationNs>(d.delay));
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_STREAM_LIST_H_
