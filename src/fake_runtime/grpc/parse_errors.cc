// File: parse_errors.cc
// The protobuf log handler and the per-thread parse state.
#include "fake_runtime/grpc/parse_errors.h"

#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace fakecri::runtime {
namespace parse_errors_internal {
namespace {

thread_local ParseCapture* current_capture = nullptr;
thread_local const grpc::Status* pending_error = nullptr;

}  // namespace

ParseCapture::ParseCapture() : outer_(current_capture) {
  current_capture = this;
}

ParseCapture::~ParseCapture() { current_capture = outer_; }

grpc::Status ParseCapture::Error() const {
  std::string message = "grpc: error unmarshalling request: ";
  message.append(text_.empty() ? "the request is not a valid message" : text_);
  return grpc::Status(grpc::StatusCode::INTERNAL, message);
}

const grpc::Status* PendingParseError() { return pending_error; }
void SetPendingParseError(const grpc::Status* status) {
  pending_error = status;
}

ParseCapture* ParseCapture::Current() { return current_capture; }

void ParseCapture::Append(std::string_view message) {
  // Bounded: a hostile message cannot grow the reason without limit.
  if (text_.size() > 1024) return;
  if (!text_.empty()) text_.append("; ");
  text_.append(message);
}

}  // namespace parse_errors_internal

namespace {

void ProtobufLog(google::protobuf::LogLevel level, const char* filename,
                 int line, const std::string& message) {
  if (auto* capture = parse_errors_internal::ParseCapture::Current()) {
    capture->Append(message);
    return;
  }
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      spdlog::info("protobuf ({}:{}): {}", filename, line, message);
      break;
    case google::protobuf::LOGLEVEL_WARNING:
      spdlog::warn("protobuf ({}:{}): {}", filename, line, message);
      break;
    default:
      spdlog::error("protobuf ({}:{}): {}", filename, line, message);
      break;
  }
}

}  // namespace

void RouteProtobufLogs() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&ProtobufLog); });
}

}  // namespace fakecri::runtime
