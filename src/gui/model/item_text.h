// File: item_text.h
// The words on and around a row: its short label in the diagram, its
// hover summary, and the Inspector's readable view of a call (timing, the
// fault that touched it, the transitions it caused, the payloads).
#ifndef FAKECRI_GUI_MODEL_ITEM_TEXT_H_
#define FAKECRI_GUI_MODEL_ITEM_TEXT_H_

#include <cstdint>
#include <string>

#include "gui/model/run_model.h"

namespace fakecri::gui {

// "850 ns", "12.3 us", "4.56 ms", "1.20 s", "2m05s".
std::string FormatDuration(int64_t ns);
// "OK", "NOT_FOUND", ... ("CODE_42" for a code gRPC does not define).
std::string StatusCodeName(int code);
// Time as an offset from `origin`: "+1.234567 s".
std::string FormatOffset(TimeNs t, TimeNs origin);

// The label drawn on a row:
//   request   "RunPodSandbox"  (+ " [stream]" for GetContainerEvents)
//   reply     "OK 1.20 ms" / "NOT_FOUND 0.3 ms"
//   oci call  "runc create" / "runc start FAILED: UNKNOWN"
//   cri event "CONTAINER_STARTED_EVENT"
//   fault     "fault pull-flaky: error UNAVAILABLE"
//   kubelet   "backoff: Back-off 10s restarting failed container ..."
std::string ItemLabel(const RunModel& model, ItemId item);

// A few lines for a hover tooltip: what, which object, when, how long,
// outcome.
std::string ItemSummary(const RunModel& model, ItemId item);

// The Inspector's text for a call, in sections: call, timing, outcome,
// faults, transitions caused, OCI hops, request, response (payloads say
// "(not recorded: start the runtime with --record-payloads)" when empty).
std::string CallDetails(const RunModel& model, CallId call);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_ITEM_TEXT_H_
