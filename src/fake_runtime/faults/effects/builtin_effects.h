// File: builtin_effects.h
// The built-in effects, one definition per file under effects/; the
// registry (effect_registry.cc) lists them in EffectKind order.
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

EffectSpec ErrorEffect();           // error.cc
EffectSpec LatencyEffect();         // latency.cc
EffectSpec HangEffect();            // hang.cc
EffectSpec OciFailureEffect();      // oci_failure.cc
EffectSpec CrashEffect();           // crash.cc
EffectSpec CrashLoopEffect();       // crash.cc
EffectSpec OomKillEffect();         // oom_kill.cc
EffectSpec NotReadyEffect();        // not_ready.cc
EffectSpec DropEventEffect();       // event_effects.cc
EffectSpec DelayEventEffect();      // event_effects.cc
EffectSpec DuplicateEventEffect();  // event_effects.cc
EffectSpec ReorderEventEffect();    // event_effects.cc
EffectSpec EndStreamEffect();       // end_stream.cc
EffectSpec RestartEffect();         // restart.cc

}  // namespace fakecri::faults::effects

#endif  // FAKECRI_FAULTS_EFFECTS_BUILTIN_EFFECTS_H_
