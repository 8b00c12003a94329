// File: status_conversion.h
// The one place where internal absl::Status values become gRPC statuses
// (the role errgrpc.ToGRPC plays in containerd).
#ifndef FAKECRI_GRPC_STATUS_CONVERSION_H_
#define FAKECRI_GRPC_STATUS_CONVERSION_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace fakecri::runtime {

inline grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

}  // namespace fakecri::runtime

#endif  // FAKECRI_GRPC_STATUS_CONVERSION_H_
