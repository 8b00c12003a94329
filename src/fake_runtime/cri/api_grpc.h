// File: api_grpc.h
// The generated CRI gRPC services and stubs, included safely (see api.h).
#ifndef FAKECRI_CRI_API_GRPC_H_
#define FAKECRI_CRI_API_GRPC_H_

#include "fakecri/cri.h"  // IWYU pragma: export

#endif  // FAKECRI_CRI_API_GRPC_H_
