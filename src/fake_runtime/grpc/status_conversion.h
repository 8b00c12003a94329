// File: status_conversion.h
// The one place where internal absl::Status values become gRPC statuses
// (the role errgrpc.ToGRPC plays in containerd).
#ifndef FAKECRI_GRPC_STATUS_CONVERSION_H_
#define FAKECRI_GRPC_STATUS_CONVERSION_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "fake_runtime/common/quote.h"

namespace fakecri::runtime {

// Messages are capped (CapStatusMessage): one that quoted a long client
// input whole would exceed gRPC's metadata limit and reach the client as
// RESOURCE_EXHAUSTED instead of the real code.
inline grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      CapStatusMessage(std::string_view(s.message().data(),
                                                        s.message().size())));
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_STATUS_CONVERSION_H_
