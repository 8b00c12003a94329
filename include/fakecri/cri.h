// File: cri.h
// The CRI (runtime.v1: RuntimeService and ImageService) messages, services
// and client stubs, wire-identical to upstream cri-api. Include this
// instead of the generated "runtime/v1/api.pb.h" / "api.grpc.pb.h": it can
// be included after <signal.h> (see cri_signal_guard.inc).
//
//   auto stub = runtime::v1::RuntimeService::NewStub(
//       server->InProcessChannel());
#ifndef FAKECRI_PUBLIC_CRI_H_
#define FAKECRI_PUBLIC_CRI_H_

// The order matters (save the macros, include, restore them): keep
// clang-format from sorting these lines.
// clang-format off
// IWYU pragma: begin_exports
#include "fakecri/cri_signal_guard.inc"
#include "runtime/v1/api.pb.h"
#include "runtime/v1/api.grpc.pb.h"
#include "fakecri/cri_signal_guard.inc"
// IWYU pragma: end_exports
// clang-format on

#endif  // FAKECRI_PUBLIC_CRI_H_
