// Event -> message, field by field; the CRI event is copied as it was sent.
#include "fake_runtime/control/event_proto.h"

#include <string>

#include "fake_runtime/common/str_cat.h"

namespace fakecri::control {
namespace {

using runtime::EventKind;

// Every kind, in EventKind order (EventKindName gives the names).
constexpr EventKind kKinds[] = {
    EventKind::kRpcIn,      EventKind::kRpcOut,   EventKind::kOciCall,
    EventKind::kTransition, EventKind::kCriEvent, EventKind::kFault,
    EventKind::kInfo,
};

}  // namespace

void EventToProto(const runtime::Event& e, ::fakecri::v1::Event* out) {
  out->set_seq(e.seq);
  out->set_time_ns(e.time_ns);
  out->set_kind(runtime::EventKindName(e.kind));
  out->set_span_id(e.span_id);
  out->set_parent_span_id(e.parent_span_id);
  out->set_subject(e.subject);
  out->set_object_id(e.object_id);
  out->set_detail(e.detail);
  out->set_status_code(e.status_code);
  out->set_latency_ns(e.latency_ns);
  out->set_payload(e.payload);
  if (e.kind == runtime::EventKind::kCriEvent) {
    // Written by the manager from a valid message, so it parses.
    (void)out->mutable_cri_event()->ParseFromString(e.cri_event_bytes);
  }
}

absl::StatusOr<KindMask> ParseKinds(
    const google::protobuf::RepeatedPtrField<std::string>& names) {
  if (names.empty()) return kAllKinds;
  KindMask mask = 0;
  for (const std::string& name : names) {
    bool found = false;
    for (EventKind k : kKinds) {
      if (name == runtime::EventKindName(k)) {
        mask |= KindMask{1} << static_cast<unsigned>(k);
        found = true;
      }
    }
    if (!found) {
      std::string known;
      for (EventKind k : kKinds) {
        StrAppend(&known, known.empty() ? "" : ", ", runtime::EventKindName(k));
      }
      return absl::InvalidArgumentError(StrCat(
          "kinds: unknown event kind '", name, "'; expected one of ", known));
    }
  }
  return mask;
}

}  // namespace fakecri::control
