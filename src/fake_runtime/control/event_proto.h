// File: event_proto.h
// Event-log records as control-API messages, and the kind filter of
// WatchEvents.
#ifndef FAKECRI_CONTROL_EVENT_PROTO_H_
#define FAKECRI_CONTROL_EVENT_PROTO_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "fake_runtime/control/control_api.h"
#include "fake_runtime/events/event_log.h"

namespace fakecri::control {

void EventToProto(const runtime::Event& e, ::fakecri::v1::Event* out);

// A set of event kinds as a bit mask (bit = EventKind value).
using KindMask = uint32_t;
inline constexpr KindMask kAllKinds = ~KindMask{0};
inline bool HasKind(KindMask m, runtime::EventKind k) {
  return (m >> static_cast<unsigned>(k)) & 1;
}

// Kind names ("rpc_in", "fault", ...) to a mask; empty = every kind.
// InvalidArgument naming the unknown kind and listing the known ones.
absl::StatusOr<KindMask> ParseKinds(
    const google::protobuf::RepeatedPtrField<std::string>& names);

}  // namespace fakecri::control

#endif  // FAKECRI_CONTROL_EVENT_PROTO_H_
