// File: api.h
// Include this instead of "runtime/v1/api.pb.h": the CRI messages without
// the gRPC stubs (fake_runtime/cri/api_grpc.h adds those). <signal.h>'s
// SIGTERM & co. collide with the CRI's `Signal` enum values; the guard
// (include/fakecri/cri_signal_guard.inc) removes them around the generated
// header and restores them after, so including this changes nothing for
// the code around it. A .cc file that names the enum values themselves
// (`runtime::v1::SIGKILL`) after <signal.h> #undefs what it needs itself.
#ifndef FAKECRI_CRI_API_H_
#define FAKECRI_CRI_API_H_

// clang-format off
// IWYU pragma: begin_exports
#include "fakecri/cri_signal_guard.inc"
#include "runtime/v1/api.pb.h"
#include "fakecri/cri_signal_guard.inc"
// IWYU pragma: end_exports
// clang-format on

#endif  // FAKECRI_CRI_API_H_
