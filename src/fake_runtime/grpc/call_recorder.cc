#include "fake_runtime/grpc/call_recorder.h"

#include <google/protobuf/descriptor.h>
#include <spdlog/spdlog.h>

#include "absl/strings/string_view.h"

namespace fakecri::runtime {
namespace {

std::string ObjectIdOf(const google::protobuf::Message& req) {
  const auto* d = req.GetDescriptor();
  const auto* r = req.GetReflection();
  for (const char* name : {"container_id", "pod_sandbox_id"}) {
    if (const auto* f = d->FindFieldByName(name);
        f != nullptr &&
        f->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !f->is_repeated()) {
      return r->GetString(req, f);
    }
  }
  if (const auto* f = d->FindFieldByName("image");
      f != nullptr &&
      f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
      !f->is_repeated() && r->HasField(req, f)) {
    const auto& spec = r->GetMessage(req, f);
    const auto* img = spec.GetDescriptor()->FindFieldByName("image");
    if (img != nullptr &&
        img->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      return spec.GetReflection()->GetString(spec, img);
    }
  }
  return "";
}

}  // namespace

CallRecorder::Call CallRecorder::Begin(absl::string_view rpc,
                                       const google::protobuf::Message& req) {
  Call call;
  call.ctx.span = log_.NewSpanId();
  call.rpc = rpc;
  call.object_id = ObjectIdOf(req);
  call.start = clock_.Now();
  Event e;
  e.kind = EventKind::kRpcIn;
  e.span_id = call.ctx.span;
  e.subject = std::string(rpc);
  e.object_id = call.object_id;
  e.time_ns = call.start;
  log_.Append(std::move(e));
  arrived_.fetch_add(1);
  return call;
}

void CallRecorder::End(const Call& call, const absl::Status& result) {
  Event e;
  e.kind = EventKind::kRpcOut;
  e.span_id = call.ctx.span;
  e.subject = std::string(call.rpc);
  e.object_id = call.object_id;
  e.status_code = static_cast<int>(result.code());
  e.detail = std::string(result.message());
  e.time_ns = clock_.Now();
  e.latency_ns = e.time_ns - call.start;
  log_.Append(std::move(e));
  answered_.fetch_add(1);
  if (!spdlog::should_log(spdlog::level::debug)) return;
  if (result.ok()) {
    spdlog::debug("{} {} -> OK", std::string(call.rpc), call.object_id);
  } else {
    spdlog::debug("{} {} -> {}: {}", std::string(call.rpc), call.object_id,
                  absl::StatusCodeToString(result.code()),
                  std::string(result.message()));
  }
}

}  // namespace fakecri::runtime
