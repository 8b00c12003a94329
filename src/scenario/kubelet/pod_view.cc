// File: pod_view.cc
// A pod as `kubectl get pods` shows it: container states with the
// kubelet's reasons, the phase (kubelet getPhase), STATUS (kubectl's
// printPod: Init:n/m, Init:<reason>, the last container's reason,
// Terminating), READY n/m, RESTARTS and the conditions.
#include "absl/strings/str_cat.h"
#include "scenario/kubelet/kubelet_impl.h"

namespace fakecri::scenario::kubelet {

namespace v1 = ::runtime::v1;

PodView KubeletImpl::ViewOf(const PodState& pod) const {
  PodView v;
  v.name = pod.spec.name;
  v.pod_namespace = pod.spec.pod_namespace;
  v.uid = pod.uid;
  v.created_at = pod.created_at;
  const RuntimePodStatus& st = pod.status;

  bool init_done = true;
  bool init_failed = false;
  auto view_of = [&](const ContainerSpec& c, bool init) {
    PodView::Container pc;
    pc.name = c.name;
    pc.init = init;
    const ContainerInfo& ci = pod.info.at(c.name);
    const ContainerStatus* cs = st.Newest(c.name);
    if (cs != nullptr) {
      pc.container_id = cs->id;
      pc.restart_count = static_cast<int>(cs->restart_count);
    }
    if (cs != nullptr && cs->state == v1::CONTAINER_RUNNING) {
      pc.state = "running";
      const bool has_startup = c.startup_probe.has_value();
      pc.started = !has_startup || (ci.startup.container_id == cs->id &&
                                    ci.startup.result == true);
      const bool has_readiness = c.readiness_probe.has_value();
      pc.ready = pc.started &&
                 (!has_readiness || (ci.readiness.container_id == cs->id &&
                                     ci.readiness.result == true));
    } else if (!ci.waiting_reason.empty() &&
               (cs == nullptr || cs->state == v1::CONTAINER_EXITED)) {
      pc.state = "waiting";
      pc.reason = ci.waiting_reason;
      pc.message = ci.waiting_message;
    } else if (cs != nullptr && cs->state == v1::CONTAINER_EXITED) {
      pc.state = "terminated";
      pc.exit_code = cs->exit_code;
      pc.reason = !cs->reason.empty()  ? cs->reason
                  : cs->exit_code == 0 ? "Completed"
                                       : "Error";
      pc.message = cs->message;
    } else {
      pc.state = "waiting";
      pc.reason =
          (!init && !init_done) ? "PodInitializing" : "ContainerCreating";
    }
    return pc;
  };

  for (const auto& c : pod.spec.init_containers) {
    PodView::Container pc = view_of(c, true);
    const bool ok = c.restartable
                        ? (pc.state == "running" && pc.started)
                        : (pc.state == "terminated" && pc.exit_code == 0);
    if (!ok) {
      if (!c.restartable && pc.state == "terminated" &&
          pod.spec.restart_policy == RestartPolicy::kNever) {
        init_failed = true;
      }
      init_done = false;
    }
    v.containers.push_back(std::move(pc));
  }
  for (const auto& c : pod.spec.containers) {
    v.containers.push_back(view_of(c, false));
  }

  // Phase (getPhase).
  int running = 0, waiting = 0, stopped = 0, succeeded = 0, regular = 0;
  for (const auto& pc : v.containers) {
    if (pc.init) continue;
    ++regular;
    if (pc.state == "running") {
      ++running;
    } else if (pc.state == "terminated") {
      ++stopped;
      if (pc.exit_code == 0) ++succeeded;
    } else if (!pc.container_id.empty()) {
      ++stopped;  // waiting with a last termination
    } else {
      ++waiting;
    }
  }
  if (init_failed) {
    v.phase = "Failed";
  } else if (!init_done) {
    v.phase = "Pending";
  } else if (waiting > 0) {
    v.phase = "Pending";
  } else if (running > 0) {
    v.phase = "Running";
  } else if (stopped == regular) {
    switch (pod.spec.restart_policy) {
      case RestartPolicy::kAlways:
        v.phase = "Running";
        break;
      case RestartPolicy::kOnFailure:
        v.phase = succeeded == regular ? "Succeeded" : "Running";
        break;
      case RestartPolicy::kNever:
        v.phase = succeeded == regular ? "Succeeded" : "Failed";
        break;
    }
  } else {
    v.phase = "Pending";
  }

  // READY n/m counts regular containers and sidecars.
  for (size_t i = 0; i < v.containers.size(); ++i) {
    const auto& pc = v.containers[i];
    const bool sidecar = pc.init && pod.info.at(pc.name).spec->restartable;
    if (pc.init && !sidecar) continue;
    ++v.total;
    if (pc.ready) ++v.ready;
  }
  for (const auto& pc : v.containers) v.restarts += pc.restart_count;
  v.initialized = init_done;
  v.containers_ready = v.ready == v.total;
  v.ready_condition = v.containers_ready && v.initialized && !pod.deleting &&
                      v.phase == "Running";
  v.scheduled = true;

  // STATUS (kubectl printPod).
  std::string reason = v.phase;
  bool initializing = false;
  const int n_init = static_cast<int>(pod.spec.init_containers.size());
  for (int i = 0; i < n_init; ++i) {
    const auto& pc = v.containers[i];
    const bool sidecar = pod.spec.init_containers[i].restartable;
    if (pc.state == "terminated" && pc.exit_code == 0) continue;
    if (sidecar && pc.state == "running" && pc.started) continue;
    if (pc.state == "terminated") {
      reason = pc.reason.empty() ? absl::StrCat("Init:ExitCode:", pc.exit_code)
                                 : absl::StrCat("Init:", pc.reason);
    } else if (pc.state == "waiting" && !pc.reason.empty() &&
               pc.reason != "PodInitializing" &&
               pc.reason != "ContainerCreating") {
      reason = absl::StrCat("Init:", pc.reason);
    } else {
      reason = absl::StrCat("Init:", i, "/", n_init);
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    bool has_running = false;
    for (auto it = v.containers.rbegin(); it != v.containers.rend(); ++it) {
      if (it->init) continue;
      if (it->state == "waiting" && !it->reason.empty()) {
        reason = it->reason;
      } else if (it->state == "terminated") {
        reason = it->reason.empty() ? absl::StrCat("ExitCode:", it->exit_code)
                                    : it->reason;
      } else if (it->state == "running" && it->ready) {
        has_running = true;
      }
    }
    if (reason == "Completed" && has_running) {
      reason = v.ready_condition ? "Running" : "NotReady";
    }
  }
  if (pod.deleting) reason = "Terminating";
  v.status = reason;
  return v;
}

}  // namespace fakecri::scenario::kubelet
