// File: builtin_effects.h
// What the built-in effect files share. Each effects/<stem>.cc defines
// `std::vector<EffectSpec> EffectsIn_<stem>()` in this namespace; the build
// finds the files and calls those (effect_registry.h, EffectFiles()).
#ifndef FAKECRI_FAULTS_EFFECTS_BUILTIN_EFFECTS_H_
#define FAKECRI_FAULTS_EFFECTS_BUILTIN_EFFECTS_H_

#include "fake_runtime/faults/effects/effect_registry.h"

namespace fakecri::faults::effects {

// The hops of effects that act on a call that returns: error, latency, hang.
inline constexpr std::string_view kCallHopsText =
    "cri, manager, oci or image_pull";
std::vector<Hop> CallHops();
// The summary of a process exit (crash, crash_loop, oom_kill; crash.cc).
void SummarizeExit(const FaultHit& hit, std::string& out);

}  // namespace fakecri::faults::effects

#endif  // FAKECRI_FAULTS_EFFECTS_BUILTIN_EFFECTS_H_
