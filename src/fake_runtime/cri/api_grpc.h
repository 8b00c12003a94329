// File: api_grpc.h
// The generated CRI gRPC services and stubs, included safely (see api.h).
#ifndef FAKECRI_CRI_API_GRPC_H_
#define FAKECRI_CRI_API_GRPC_H_

#include "fake_runtime/cri/api.h"
#include "runtime/v1/api.grpc.pb.h"  // IWYU pragma: export

#endif  // FAKECRI_CRI_API_GRPC_H_
