// File: fault_form.h
// The Faults panel's form as data, and the fault document (docs/faults.md
// YAML) it stands for. No ImGui: the YAML is what both the embedded
// runtime (FaultControl::AddYaml) and the control API (AddFault.yaml)
// take, so the runtime's own loader checks it and names any mistake.
#ifndef FAKECRI_GUI_PANELS_FAULT_FORM_H_
#define FAKECRI_GUI_PANELS_FAULT_FORM_H_

#include <string>

namespace fakecri::gui {

enum class FormEffect : int {
  kError,     // a gRPC error with a code (and message)
  kLatency,   // a delay drawn from a distribution
  kCrash,     // the container's process exits
  kOomKill,   // the container is OOM-killed
  kNotReady,  // a runtime condition turns false
};
// "error", "latency", "crash", "oom_kill", "not_ready".
const char* FormEffectName(FormEffect e);

struct FaultForm {
  std::string id;  // "" = assigned by the runtime
  // cri | image_pull | manager | oci | process | runtime | events
  std::string hop = "cri";
  std::string operation = "PullImage";  // glob; "" = every operation
  // Selectors (globs); "" = any. Ignored for hop runtime (no targets).
  std::string pod, pod_namespace, container, image, handler;
  FormEffect effect = FormEffect::kError;
  std::string code = "UNAVAILABLE";        // kError
  std::string message;                     // kError, kNotReady
  std::string latency = "2s";              // kLatency: a distribution
  int exit_code = 1;                       // kCrash
  std::string delay;                       // kCrash, kOomKill: after start
  std::string condition = "NetworkReady";  // kNotReady
  int times = 0;                           // 0 = no limit
  double probability = 1.0;                // 1 = always
};

// A whole fault document with one rule. Strings are double-quoted and
// escaped, so no value can change the document's shape.
std::string FaultFormYaml(const FaultForm& form);

// The hop an effect belongs to, and a sensible operation for it, when the
// form's effect changes (crash -> process/start, not_ready ->
// runtime/status).
void AdjustHopForEffect(FaultForm& form);

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_PANELS_FAULT_FORM_H_
