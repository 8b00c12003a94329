// File: parse_errors.h
// Answering a request that does not parse as gRPC servers do. gRPC C++'s
// callback API answers UNIMPLEMENTED with an empty message when the
// request bytes do not decode (server_callback_handlers.h), where a
// synchronous C++ server and containerd (grpc-go) answer INTERNAL; and
// protobuf reports why (e.g. a string field with invalid UTF-8) on stderr,
// outside the server's logger. AnswerParseErrors wraps a method's handler
// so that such a call gets INTERNAL "grpc: error unmarshalling request:
// <protobuf's reason>" (grpc-go's wording), and RouteProtobufLogs sends
// protobuf's other messages to spdlog.
#ifndef FAKECRI_GRPC_PARSE_ERRORS_H_
#define FAKECRI_GRPC_PARSE_ERRORS_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

namespace fakecri::runtime {

// Installs (once, process-wide) a protobuf log handler: while a request is
// being decoded on this thread its messages become the reason of the
// parse error; otherwise they go to spdlog at their level.
void RouteProtobufLogs();

namespace parse_errors_internal {

// Collects protobuf's messages on this thread while in scope.
class ParseCapture {
 public:
  ParseCapture();
  ~ParseCapture();
  ParseCapture(const ParseCapture&) = delete;
  ParseCapture& operator=(const ParseCapture&) = delete;
  // INTERNAL "grpc: error unmarshalling request: <reason>".
  grpc::Status Error() const;
  // The innermost capture on this thread, or nullptr.
  static ParseCapture* Current();
  void Append(std::string_view message);

 private:
  std::string text_;
  ParseCapture* outer_;
};

// The failed parse of the call whose reactor is being made on this thread
// (set only for the duration of the inner handler's RunHandler).
const grpc::Status* PendingParseError();
void SetPendingParseError(const grpc::Status* status);

template <class Resp>
class FailedWriteReactor final : public grpc::ServerWriteReactor<Resp> {
 public:
  explicit FailedWriteReactor(const grpc::Status& status) {
    this->Finish(status);
  }
  void OnDone() override { delete this; }
};

// Decodes with the stock handler; on failure runs it as if decoding had
// worked, with the reactor getter answering the recorded error.
template <class Inner>
class ParseErrorHandler final : public grpc::internal::MethodHandler {
 public:
  template <class Getter>
  explicit ParseErrorHandler(Getter get) : inner_(std::move(get)) {}

  void* Deserialize(grpc_call* call, grpc_byte_buffer* req,
                    grpc::Status* status, void** handler_data) override {
    ParseCapture capture;
    void* request = inner_.Deserialize(call, req, status, handler_data);
    if (request == nullptr && !status->ok()) *status = capture.Error();
    return request;
  }

  void RunHandler(const HandlerParameter& param) override {
    if (param.status.ok()) {
      inner_.RunHandler(param);
      return;
    }
    const HandlerParameter ok(param.call, param.server_context, param.request,
                              grpc::Status::OK, param.internal_data,
                              param.call_requester);
    SetPendingParseError(&param.status);
    inner_.RunHandler(ok);
    SetPendingParseError(nullptr);
  }

  Inner& inner() { return inner_; }

 private:
  Inner inner_;
};

// Index of `method` in the service `service` (generated code registers
// methods in descriptor order).
inline int MethodIndex(std::string_view service, std::string_view method) {
  const auto* s =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service));
  const auto* m =
      s == nullptr ? nullptr : s->FindMethodByName(std::string(method));
  if (m == nullptr) std::abort();  // a typo in the service's list
  return m->index();
}

}  // namespace parse_errors_internal

// Mixin between a generated CallbackService and the class implementing it.
template <class Service>
class AnswersParseErrors : public Service {
 protected:
  // `allocator` (optional, outliving the service) provides the call's
  // request and response messages.
  template <class Self, class Req, class Resp>
  void AnswerParseErrors(
      std::string_view service, std::string_view name,
      grpc::ServerUnaryReactor* (Self::*method)(grpc::CallbackServerContext*,
                                                const Req*, Resp*),
      grpc::MessageAllocator<Req, Resp>* allocator = nullptr) {
    using Inner = grpc::internal::CallbackUnaryHandler<Req, Resp>;
    Self* self = static_cast<Self*>(this);
    auto* handler = new parse_errors_internal::ParseErrorHandler<Inner>(
        [self, method](grpc::CallbackServerContext* ctx, const Req* req,
                       Resp* resp) -> grpc::ServerUnaryReactor* {
          if (const grpc::Status* bad =
                  parse_errors_internal::PendingParseError()) {
            auto* reactor = ctx->DefaultReactor();
            reactor->Finish(*bad);
            return reactor;
          }
          return (self->*method)(ctx, req, resp);
        });
    if (allocator != nullptr) handler->inner().SetMessageAllocator(allocator);
    this->MarkMethodCallback(parse_errors_internal::MethodIndex(service, name),
                             handler);
  }

  template <class Self, class Req, class Resp>
  void AnswerParseErrors(std::string_view service, std::string_view name,
                         grpc::ServerWriteReactor<Resp>* (Self::*method)(
                             grpc::CallbackServerContext*, const Req*)) {
    using Inner = grpc::internal::CallbackServerStreamingHandler<Req, Resp>;
    Self* self = static_cast<Self*>(this);
    this->MarkMethodCallback(
        parse_errors_internal::MethodIndex(service, name),
        new parse_errors_internal::ParseErrorHandler<Inner>(
            [self, method](grpc::CallbackServerContext* ctx,
                           const Req* req) -> grpc::ServerWriteReactor<Resp>* {
              if (const grpc::Status* bad =
                      parse_errors_internal::PendingParseError()) {
                return new parse_errors_internal::FailedWriteReactor<Resp>(
                    *bad);
              }
              return (self->*method)(ctx, req);
            }));
  }
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_PARSE_ERRORS_H_
