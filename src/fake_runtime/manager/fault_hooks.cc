// Fault injection inside the manager: what selectors see of a pod or
// container, applying hits at the manager and OCI hops, process faults
// (crash, crash loop, OOM kill) and the state side of a runtime restart.
#include "absl/strings/str_cat.h"
#include "fake_runtime/faults/fault_outcome.h"
#include "fake_runtime/images/reference.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;
using faults::Hop;

FaultTarget ContainerManager::TargetOfLocked(const SandboxRecord* sb,
                                             const ContainerRecord* ctr) {
  FaultTarget t;
  if (sb != nullptr) {
    t.SetPod(sb->config.metadata(), sb->config.labels());
    t.handler = sb->runtime_handler;
  }
  if (ctr != nullptr) {
    t.container_name = ctr->config.Get().metadata().name();
    t.image = ctr->image_name;
  }
  return t;
}

FaultTarget ContainerManager::ContainerFaultTarget(absl::string_view id) {
  ManagerLock l(this);
  ContainerRecord* ctr = containers_.ResolveOrNull(id);
  if (ctr == nullptr) return {};
  return TargetOfLocked(sandboxes_.ResolveOrNull(ctr->sandbox_id), ctr);
}

FaultTarget ContainerManager::SandboxFaultTarget(absl::string_view id) {
  ManagerLock l(this);
  return TargetOfLocked(sandboxes_.ResolveOrNull(id), nullptr);
}

absl::Status ContainerManager::InjectFaults(Ctx c, Hop hop, std::string_view op,
                                            const FaultTarget& target) {
  faults::FaultEngine* engine = options_.faults;
  if (engine == nullptr || !engine->HasRules(hop)) return absl::OkStatus();
  // Only the call effects reach these hops (Validate checks each effect's
  // hops), so the outcome's other fields stay empty.
  faults::FaultOutcome out =
      faults::OutcomeOf(engine->Match(target.Point(hop, op)));
  c.fault_delay += out.delay;
  if (out.hang) c.fault_hang = true;
  return std::move(out.error);
}

void ContainerManager::ApplyProcessFaults(ContainerRecord& ctr,
                                          const SandboxRecord& sb) {
  faults::FaultEngine* engine = options_.faults;
  if (engine == nullptr || !engine->HasRules(Hop::kProcess)) return;
  const FaultTarget target = TargetOfLocked(&sb, &ctr);
  for (const faults::ProcessExit& exit :
       faults::OutcomeOf(engine->Match(target.Point(Hop::kProcess, "start")))
           .exits) {
    ScheduleProcessFault(ctr, exit);
  }
}

void ContainerManager::ScheduleProcessFault(const ContainerRecord& ctr,
                                            const faults::ProcessExit& exit) {
  const std::string id = ctr.id;
  const TimeNs started_at = ctr.started_at;
  const bool oom_kill = exit.oom_kill;
  const int exit_code = exit.exit_code;
  const std::string rule = exit.rule_id;
  // Scheduler::CallAt runs the callback under mu_.
  sched_.CallAt(
      SaturatingAdd(clock_.Now(), exit.after),
      [this, id, started_at, oom_kill, exit_code, rule]()
          ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
            ContainerRecord* ctr = containers_.ResolveOrNull(id);
            // Only the process the fault was drawn for: not one that already
            // exited, nor a later start of the same container.
            if (ctr == nullptr || ctr->state != ContainerState::kRunning ||
                ctr->started_at != started_at || ctr->userland == nullptr) {
              return;
            }
            RecordTransition(
                CallContext{}, "container", id, ContainerStateName(ctr->state),
                ContainerStateName(ctr->state),
                absl::StrCat(
                    "fault ", rule, ": ",
                    oom_kill ? std::string("OOM kill")
                             : absl::StrCat("crash, exit code ", exit_code)));
            if (oom_kill) {
              ctr->userland->OomKillInit();
            } else {
              ctr->injected_exit_code = exit_code;
              ctr->userland->KillAll();
            }
          });
}

// Started with the clock's StartContainer time as "start": a crash rule
// added at run time counts its delay from now for containers already
// running.
void ContainerManager::ApplyProcessRuleToRunning(const std::string& rule_id) {
  faults::FaultEngine* engine = options_.faults;
  if (engine == nullptr) return;
  ManagerLock l(this);
  for (const auto& [id, ctr] : containers_.items()) {
    if (ctr->state != ContainerState::kRunning) continue;
    const FaultTarget target =
        TargetOfLocked(sandboxes_.ResolveOrNull(ctr->sandbox_id), ctr.get());
    if (auto hit =
            engine->MatchRule(rule_id, target.Point(Hop::kProcess, "start"))) {
      for (const faults::ProcessExit& exit : faults::OutcomeOf({*hit}).exits) {
        ScheduleProcessFault(*ctr, exit);
      }
    }
  }
}

void ContainerManager::Restart(const absl::Status& status,
                               bool containers_unknown) {
  std::map<uint64_t, Done> execs;
  std::vector<Done> stops;
  {
    ManagerLock l(this);
    execs = std::exchange(pending_execs_, {});
    for (const auto& [id, ctr] : containers_.items()) {
      for (auto& w : std::exchange(ctr->stop_waiters, {})) {
        stops.push_back(std::move(w));
      }
      // Refused (no change) unless RUNNING: only a live task is lost.
      if (containers_unknown) {
        (void)TransitionContainer(CallContext{}, *ctr,
                                  ContainerOp::kRuntimeLost,
                                  "runtime restarted; task state lost");
      }
    }
  }
  for (auto& [id, done] : execs) done(status);
  for (auto& done : stops) done(status);
}

}  // namespace fakecri::runtime
