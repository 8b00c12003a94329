// File: control_api.h
// Include this instead of the generated "fakecri/v1/control*.pb.h": the
// control messages embed CRI messages, whose generated header must come
// through fake_runtime/cri/api.h (see there).
#ifndef FAKECRI_CONTROL_CONTROL_API_H_
#define FAKECRI_CONTROL_CONTROL_API_H_

#include "fake_runtime/cri/api.h"
#include "fakecri/v1/control.grpc.pb.h"  // IWYU pragma: export
#include "fakecri/v1/control.pb.h"       // IWYU pragma: export

#endif  // FAKECRI_CONTROL_CONTROL_API_H_
