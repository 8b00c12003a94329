// File: narration.h
// One or two plain sentences for a row, in the seed article's vocabulary:
// what the kubelet (or CRI client) asked, which part answers it — the
// container manager (containerd's image and runtime services) or the
// low-level OCI runtime (runc, runsc, kata) — and why. For the classroom:
// short, present tense, no ids (the pod and container names instead).
//
//   RunPodSandbox: "The kubelet asks the container manager to create the
//   pod sandbox for default/web. The manager asks the OCI runtime (runc)
//   to start the pause container that holds the pod's namespaces."
#ifndef FAKECRI_GUI_MODEL_NARRATION_H_
#define FAKECRI_GUI_MODEL_NARRATION_H_

#include <string>

#include "gui/model/run_model.h"

namespace fakecri::gui {

// The narration of a row: a request or reply narrates its call (the
// reply adds how it ended), an OCI hop what the low-level runtime does,
// a fault what the injected rule did, a kubelet mark the kubelet's
// decision, a CRI event who is told what.
std::string Narrate(const RunModel& model, ItemId item);

// The narration of a call (as for its request row, plus its outcome when
// it was answered).
std::string NarrateCall(const RunModel& model, CallId call);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_NARRATION_H_
