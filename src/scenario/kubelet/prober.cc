// File: prober.cc
// Exec probes (prober/worker.go): one worker per container and probe kind,
// ticking every periodSeconds from the pod's admission; a probe runs only
// while the container runs, after initialDelaySeconds, and (liveness,
// readiness) once the startup probe succeeded. ExecSync exit 0 = success,
// other exit codes and DEADLINE_EXCEEDED = failure, other errors = no
// result. The result flips after failureThreshold / successThreshold
// consecutive outcomes; a failed liveness or startup probe kills the
// container (SyncPod) and holds the worker until a new instance runs.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scenario/kubelet/kubelet_impl.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

namespace {

enum Kind { kLiveness = 0, kReadiness = 1, kStartup = 2 };

const char* KindName(int kind) {
  switch (kind) {
    case kLiveness:
      return "Liveness";
    case kReadiness:
      return "Readiness";
    default:
      return "Startup";
  }
}

const ExecProbe* ProbeOf(const ContainerSpec& c, int kind) {
  const std::optional<ExecProbe>* p = kind == kLiveness    ? &c.liveness_probe
                                      : kind == kReadiness ? &c.readiness_probe
                                                           : &c.startup_probe;
  return p->has_value() ? &**p : nullptr;
}

ProbeState& StateOf(ContainerInfo& ci, int kind) {
  return kind == kLiveness    ? ci.liveness
         : kind == kReadiness ? ci.readiness
                              : ci.startup;
}

}  // namespace

void KubeletImpl::StartProbes(const PodPtr& pod) {
  auto start = [&](const ContainerSpec& c) {
    for (int kind : {kLiveness, kReadiness, kStartup}) {
      const ExecProbe* p = ProbeOf(c, kind);
      if (p == nullptr) continue;
      ScheduleProbe(pod, c.name, kind,
                    pod->created_at + std::max(1, p->period_seconds) * kSecond);
    }
  };
  for (const auto& c : pod->spec.init_containers) {
    if (c.restartable) start(c);
  }
  for (const auto& c : pod->spec.containers) start(c);
}

void KubeletImpl::ScheduleProbe(const PodPtr& pod, const std::string& container,
                                int kind, TimeNs when) {
  // Not tracked: a worker of a removed pod ends at its next tick.
  client_.At(when,
             [this, pod, container, kind] { RunProbe(pod, container, kind); });
}

Detached KubeletImpl::RunProbe(PodPtr pod, std::string name, int kind) {
  if (pod->removed) co_return;
  ContainerInfo& ci = pod->info[name];
  const ExecProbe& probe = *ProbeOf(*ci.spec, kind);
  // The ticker goes on whatever this probe does.
  ScheduleProbe(pod, name, kind,
                clock_.Now() + std::max(1, probe.period_seconds) * kSecond);
  ProbeState& ps = StateOf(ci, kind);
  if (pod->deleting || ps.running) co_return;
  const ContainerStatus* cs = pod->status.Newest(name);
  if (cs == nullptr || cs->state != v1::CONTAINER_RUNNING) co_return;
  if (ps.container_id != cs->id) {
    ps = ProbeState{};
    ps.container_id = cs->id;
  }
  if (ps.on_hold) co_return;
  if (kind != kStartup && ci.spec->startup_probe.has_value() &&
      ci.startup.container_id == cs->id && ci.startup.result != true) {
    co_return;
  }
  if (kind != kStartup && ci.spec->startup_probe.has_value() &&
      ci.startup.container_id != cs->id) {
    co_return;  // the startup probe has not seen this instance yet
  }
  if (clock_.Now() < cs->started_at + probe.initial_delay_seconds * kSecond) {
    co_return;
  }
  const std::string id = cs->id;
  v1::ExecSyncRequest req;
  req.set_container_id(id);
  for (const auto& s : probe.command) req.add_cmd(s);
  req.set_timeout(probe.timeout_seconds);
  ps.running = true;
  auto r = co_await KCALL(rt, ExecSync, req);
  if (client_.stopped()) co_return;
  ProbeState& now = StateOf(pod->info[name], kind);
  now.running = false;
  if (pod->removed || now.container_id != id) co_return;
  bool success;
  std::string output;
  if (r.ok()) {
    success = r.resp.exit_code() == 0;
    output = r.resp.stdout() + r.resp.stderr();
    if (!success && output.empty()) {
      output = absl::StrCat("command exited with code ", r.resp.exit_code());
    }
  } else if (r.status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    success = false;
    output =
        absl::StrCat("command timed out: \"", absl::StrJoin(probe.command, " "),
                     "\" timed out after ", probe.timeout_seconds, "s");
  } else {
    co_return;  // an error is no result
  }
  while (!output.empty() && output.back() == '\n') output.pop_back();
  const std::string who = absl::StrCat(pod->spec.name, "/", name);
  if (success) {
    now.failures = 0;
    ++now.successes;
  } else {
    now.successes = 0;
    ++now.failures;
    Record("probe", who,
           absl::StrCat(KindName(kind), " probe failed: ", output));
  }
  std::optional<bool> result = now.result;
  if (success && now.successes >= std::max(1, probe.success_threshold)) {
    result = true;
  }
  if (!success && now.failures >= std::max(1, probe.failure_threshold)) {
    result = false;
  }
  if (result == now.result) co_return;
  now.result = result;
  if (kind == kReadiness) {
    Record("probe", who,
           absl::StrCat("Container ", name, " is now ",
                        *result ? "ready" : "not ready"));
    co_return;
  }
  if (*result) {
    if (kind == kStartup) {
      Record("probe", who, absl::StrCat("Container ", name, " has started"));
    }
    co_return;
  }
  Record("probe", who,
         absl::StrCat("Container ", name, " failed ",
                      kind == kLiveness ? "liveness" : "startup",
                      " probe, will be restarted"));
  now.on_hold = true;
  ContainerInfo& info = pod->info[name];
  info.kill_id = id;
  info.kill_reason = "Unhealthy";
  RequestSync(pod, /*need_fresh=*/false);
}

}  // namespace fakecri::scenario::kubelet
