// File: control_api.h
// The control API of a running fakecri (fakecri.v1.Control): fault rules,
// snapshots, the event log as a resumable stream (WatchEvents) and clock
// control. `fakecri ctl` is its client; it is served on the
// CRI socket unless ServerOptions.control_listen names another one.
//
//   auto ctl = fakecri::v1::Control::NewStub(grpc::CreateChannel(
//       server->control_endpoint(), grpc::InsecureChannelCredentials()));
#ifndef FAKECRI_PUBLIC_CONTROL_API_H_
#define FAKECRI_PUBLIC_CONTROL_API_H_

// IWYU pragma: begin_exports
#include "fakecri/cri.h"  // control events carry CRI messages
#include "fakecri/v1/control.grpc.pb.h"
#include "fakecri/v1/control.pb.h"
// IWYU pragma: end_exports

#endif  // FAKECRI_PUBLIC_CONTROL_API_H_
