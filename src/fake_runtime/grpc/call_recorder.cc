#include "fake_runtime/grpc/call_recorder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
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

// The message in protobuf text format, at most kMaxPayloadBytes. An empty
// message prints as nothing; a comment says so (still valid text format).
std::string PayloadText(const google::protobuf::Message& m, size_t max_bytes) {
  google::protobuf::TextFormat::Printer printer;
  // Long strings (ExecSync output, log lines) are cut one by one first.
  printer.SetTruncateStringFieldLongerThan(4096);
  std::string out;
  if (!printer.PrintToString(m, &out)) return "# not printable\n";
  if (out.empty()) return "# empty message\n";
  if (out.size() > max_bytes) {
    const size_t more = out.size() - max_bytes;
    out.resize(max_bytes);
    absl::StrAppend(&out, "\n# ... cut: ", more, " more bytes\n");
  }
  return out;
}

}  // namespace

CallRecorder::Call CallRecorder::Begin(
    absl::string_view rpc, const google::protobuf::Message& req,
    const google::protobuf::Message* response) {
  Call call;
  call.ctx.span = log_.NewSpanId();
  call.rpc = rpc;
  call.object_id = ObjectIdOf(req);
  call.start = clock_.Now();
  call.response = response;
  Event e;
  e.kind = EventKind::kRpcIn;
  e.span_id = call.ctx.span;
  e.subject = std::string(rpc);
  e.object_id = call.object_id;
  e.time_ns = call.start;
  if (record_payloads_) e.payload = PayloadText(req, kMaxPayloadBytes);
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
  // An error carries no response message: there is nothing to record.
  if (record_payloads_ && result.ok() && call.response != nullptr) {
    e.payload = PayloadText(*call.response, kMaxPayloadBytes);
  }
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
