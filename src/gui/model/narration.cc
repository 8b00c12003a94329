// File: narration.cc
// Sentence templates per RPC and per OCI operation. The words follow the
// seed article's split of the work: the kubelet asks; the container
// manager (containerd: image service, runtime service) decides and keeps
// the records; the low-level OCI runtime (runc, runsc, kata) only creates,
// starts, signals and deletes processes.
#include "gui/model/narration.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "gui/model/item_text.h"

namespace fakecri::gui {
namespace {

std::string Who(const RunModel& m) {
  return m.has_kubelet() ? "The kubelet" : "The CRI client";
}

// The handler of a call's first OCI hop; "" when it made none (yet).
std::string HandlerOf(const RunModel& m, const Call& c) {
  for (CallId k : c.children) {
    if (!m.calls()[k].handler.empty()) return m.calls()[k].handler;
  }
  return "";
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Runtime(std::string_view handler) {
  return handler.empty()
             ? "the OCI runtime"
             : absl::StrCat("the OCI runtime (", std::string(handler), ")");
}

// "container web/app" or "the container", from the object id.
std::string ContainerName(const RunModel& m, const std::string& id) {
  const ObjectRecord* o = m.objects().Find(id);
  if (o != nullptr && !o->name.empty()) {
    return o->pod_name.empty()
               ? absl::StrCat("container ", o->name)
               : absl::StrCat("container ", o->name, " of pod ", o->pod_name);
  }
  return id.empty() ? "the container"
                    : absl::StrCat("container ", m.Describe(id));
}

std::string PodName(const RunModel& m, const std::string& sandbox_id) {
  const ObjectRecord* o = m.objects().Find(sandbox_id);
  if (o != nullptr && !o->pod_name.empty()) {
    return absl::StrCat("pod ", o->pod_namespace, "/", o->pod_name);
  }
  return sandbox_id.empty() ? "the pod"
                            : absl::StrCat("pod ", m.Describe(sandbox_id));
}

// Either kind of task: the pause container of a pod, or a container.
std::string TaskName(const RunModel& m, const std::string& id) {
  const ObjectRecord* o = m.objects().Find(id);
  if (o != nullptr && o->kind == ObjectKind::kSandbox) {
    return absl::StrCat("the pause container of ", PodName(m, id));
  }
  return ContainerName(m, id);
}

std::string ImageName(const RunModel& m, const Call& c) {
  if (!c.object_id.empty())
    return absl::StrCat("image ", m.Describe(c.object_id));
  return "an image";
}

bool Is(std::string_view rpc, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (rpc == n) return true;
  }
  return false;
}

std::string AskCri(const RunModel& m, const Call& c) {
  const std::string who = Who(m);
  const std::string rt = Runtime(HandlerOf(m, c));
  const std::string& rpc = c.name;
  if (rpc == "Version") {
    return absl::StrCat(who,
                        " asks which runtime it is talking to. The container "
                        "manager answers with its name and CRI version.");
  }
  if (rpc == "Status") {
    return absl::StrCat(who,
                        " asks whether the runtime is healthy. The container "
                        "manager reports its RuntimeReady and NetworkReady "
                        "conditions.");
  }
  if (rpc == "RuntimeConfig") {
    return absl::StrCat(who,
                        " asks the container manager how it is configured "
                        "(its cgroup driver), so both agree.");
  }
  if (rpc == "UpdateRuntimeConfig") {
    return absl::StrCat(who,
                        " tells the container manager the node's pod IP "
                        "range (pod CIDR).");
  }
  if (rpc == "RunPodSandbox") {
    const std::string target =
        c.created_id.empty() ? ""
                             : absl::StrCat(" for ", PodName(m, c.created_id));
    return absl::StrCat(who,
                        " asks the container manager to create the pod "
                        "sandbox",
                        target, ". The manager asks ", rt,
                        " to start the pause container that holds the pod's "
                        "namespaces.");
  }
  if (rpc == "StopPodSandbox") {
    return absl::StrCat(who,
                        " asks the container manager to stop the sandbox "
                        "of ",
                        PodName(m, c.object_id), ". The manager has ", rt,
                        " kill what still runs, including the pause "
                        "container, and tears down the pod's network.");
  }
  if (rpc == "RemovePodSandbox") {
    return absl::StrCat(who,
                        " asks the container manager to remove the "
                        "sandbox of ",
                        PodName(m, c.object_id), ". The manager has ", rt,
                        " delete its tasks and forgets the pod.");
  }
  if (rpc == "CreateContainer") {
    const std::string what = c.created_id.empty()
                                 ? std::string("a container")
                                 : ContainerName(m, c.created_id);
    return absl::StrCat(who, " asks the container manager to create ", what,
                        " in the sandbox of ", PodName(m, c.object_id),
                        ". The manager prepares its configuration and "
                        "filesystem; nothing runs yet, so the OCI runtime is "
                        "not called.");
  }
  if (rpc == "StartContainer") {
    return absl::StrCat(who, " asks the container manager to start ",
                        ContainerName(m, c.object_id), ". The manager asks ",
                        rt,
                        " to create the container's process inside the pod's "
                        "namespaces and start it.");
  }
  if (rpc == "StopContainer") {
    return absl::StrCat(who, " asks the container manager to stop ",
                        ContainerName(m, c.object_id), ". The manager asks ",
                        rt,
                        " to send the stop signal, and SIGKILL if the grace "
                        "period runs out.");
  }
  if (rpc == "RemoveContainer") {
    return absl::StrCat(who, " asks the container manager to remove ",
                        ContainerName(m, c.object_id), ". The manager asks ",
                        rt, " to delete its task and forgets the container.");
  }
  if (rpc == "ExecSync") {
    return absl::StrCat(who, " asks the container manager to run a command in ",
                        ContainerName(m, c.object_id),
                        " and wait for its output (an exec probe, or kubectl "
                        "exec). The manager asks ",
                        rt,
                        " to start the extra process inside the container.");
  }
  if (rpc == "PullImage") {
    return absl::StrCat(who,
                        " asks the container manager's image service to "
                        "pull ",
                        ImageName(m, c),
                        ". Images are the manager's job: the OCI runtime only "
                        "ever sees an unpacked bundle.");
  }
  if (Is(rpc, {"ImageStatus", "ListImages", "ImageFsInfo", "StreamImages"})) {
    return absl::StrCat(who, " asks the container manager's image service ",
                        rpc == "ImageStatus"
                            ? absl::StrCat("whether ", ImageName(m, c),
                                           " is already on the node")
                            : std::string("about the images on the node"),
                        ". The manager answers from its image store.");
  }
  if (rpc == "RemoveImage") {
    return absl::StrCat(who,
                        " asks the container manager's image service to "
                        "remove ",
                        ImageName(m, c),
                        " (image garbage "
                        "collection).");
  }
  if (rpc == "GetContainerEvents") {
    return absl::StrCat(who,
                        " subscribes to container events: from now on the CRI "
                        "server streams every container state change to it, "
                        "so it need not poll (evented PLEG).");
  }
  if (rpc == "ReopenContainerLog") {
    return absl::StrCat(who,
                        " asks the container manager to reopen the log "
                        "file of ",
                        ContainerName(m, c.object_id), " after rotating it.");
  }
  if (Is(rpc, {"UpdateContainerResources", "UpdatePodSandboxResources"})) {
    return absl::StrCat(who,
                        " asks the container manager to change the "
                        "resource limits of ",
                        rpc == "UpdateContainerResources"
                            ? ContainerName(m, c.object_id)
                            : PodName(m, c.object_id),
                        ".");
  }
  if (Is(rpc, {"PodSandboxStatus", "ListPodSandbox", "StreamPodSandboxes",
               "PodSandboxStats", "ListPodSandboxStats"})) {
    return absl::StrCat(who, " asks the container manager about ",
                        c.object_id.empty() ? std::string("the pod sandboxes")
                                            : PodName(m, c.object_id),
                        ". The manager answers from its own records; the OCI "
                        "runtime is not involved.");
  }
  if (Is(rpc, {"ContainerStatus", "ListContainers", "StreamContainers",
               "ContainerStats", "ListContainerStats"})) {
    return absl::StrCat(who, " asks the container manager about ",
                        c.object_id.empty() ? std::string("the containers")
                                            : ContainerName(m, c.object_id),
                        ". The manager answers from its own records; the OCI "
                        "runtime is not involved.");
  }
  return absl::StrCat(who, " calls ", rpc, " on the container manager's ",
                      c.service == CriService::kImage ? "image" : "runtime",
                      " service.");
}

std::string FaultEffect(const FaultMark& f) {
  const std::string& e = f.effect;
  if (e == "error") {
    return absl::StrCat("the call is answered ", StatusCodeName(f.status_code),
                        " instead of doing the work");
  }
  if (e == "latency") {
    return absl::StrCat("the answer is delayed by ",
                        FormatDuration(f.delay_ns));
  }
  if (e == "hang") return "the call is held and never answered";
  if (e == "crash" || e == "crash_loop") {
    return "the container's process is made to crash";
  }
  if (e == "oom_kill") return "the container's process is killed for memory";
  if (e == "oci_failure") return "the OCI runtime fails the operation";
  if (e == "not_ready") return "the runtime reports itself not ready";
  if (e == "restart") return "the runtime restarts, failing calls in flight";
  if (e == "drop") return "the event is dropped: the kubelet never sees it";
  if (e == "delay") return "the event is delivered late";
  if (e == "duplicate") return "the event is delivered twice";
  if (e == "reorder") return "the event is delivered out of order";
  if (e == "end_stream") return "the event stream is cut off";
  return absl::StrCat("effect ", e);
}

std::string HopPlace(std::string_view hop) {
  if (hop == "cri") return "at the CRI server";
  if (hop == "image_pull") return "in the image pull";
  if (hop == "manager") return "inside the container manager";
  if (hop == "oci") return "at the OCI runtime";
  if (hop == "process") return "in the container's process";
  if (hop == "events") return "on the event stream";
  if (hop == "runtime") return "in the runtime as a whole";
  return absl::StrCat("on hop ", std::string(hop));
}

std::string Outcome(const RunModel& m, const Call& c) {
  if (!c.answered) return "";
  std::string out;
  if (c.ok()) {
    out = absl::StrCat(" The container manager answers OK after ",
                       FormatDuration(c.latency_ns), ".");
  } else {
    out = absl::StrCat(" The call fails with ", StatusCodeName(c.status_code),
                       c.message.empty() ? "" : absl::StrCat(": ", c.message),
                       ".");
  }
  for (uint32_t f : c.faults) {
    const FaultMark& fm = m.faults()[f];
    absl::StrAppend(&out, " An injected fault (rule ", fm.rule, ") fired ",
                    HopPlace(fm.hop), ": ", FaultEffect(fm), ".");
  }
  return out;
}

std::string Oci(const RunModel& m, const Call& c) {
  const std::string rt = Runtime(c.handler);
  const std::string task = TaskName(m, c.object_id);
  std::string out;
  if (c.name == "create") {
    out = absl::StrCat("The container manager asks ", rt,
                       " to create the task for ", task,
                       ": namespaces and cgroups are set up, nothing runs "
                       "yet.");
  } else if (c.name == "start") {
    const ObjectRecord* o = m.objects().Find(c.object_id);
    if (o != nullptr && o->kind == ObjectKind::kSandbox) {
      out = absl::StrCat("The container manager asks ", rt, " to start ", task,
                         ": the process that holds the pod's namespaces.");
    } else {
      out = absl::StrCat("The container manager asks ", rt,
                         " to start the process of ", task, ".");
    }
  } else if (c.name == "kill") {
    out = absl::StrCat("The container manager asks ", rt, " to deliver a ",
                       "signal to ", task, " (", c.message, ").");
  } else if (c.name == "exec") {
    out = absl::StrCat("The container manager asks ", rt,
                       " to start an extra process in ", task, ": ", c.message,
                       ".");
  } else if (c.name == "exit") {
    out = absl::StrCat("The process of ", task, " ended (", c.message, "). ",
                       Capitalized(rt),
                       " reports the exit to the container manager, which "
                       "records the container as exited.");
  } else if (c.name == "delete") {
    out = absl::StrCat("The container manager asks ", rt,
                       " to delete the task of ", task, ".");
  } else {
    out = absl::StrCat("The container manager calls ", rt, " (", c.name,
                       ") for ", task, ".");
  }
  if (!c.ok() && c.name != "exit") {
    absl::StrAppend(&out, " It fails: ", c.message, ".");
  }
  return out;
}

std::string EventWords(std::string_view type) {
  if (type == "CONTAINER_CREATED_EVENT") return "was created";
  if (type == "CONTAINER_STARTED_EVENT") return "started";
  if (type == "CONTAINER_STOPPED_EVENT") return "stopped";
  if (type == "CONTAINER_DELETED_EVENT") return "was deleted";
  return absl::StrCat("changed (", std::string(type), ")");
}

std::string KubeletWhat(std::string_view subject) {
  if (subject == "backoff") return "back-off: it waits before trying again";
  if (subject == "probe") return "a probe result";
  if (subject == "sync") return "syncing the pod";
  if (subject == "pleg") return "the pod lifecycle event generator";
  if (subject == "image") return "about the image";
  if (subject == "kill") return "killing";
  if (subject == "gc") return "garbage collection";
  if (subject == "health") return "the runtime health check";
  if (subject == "hook") return "a lifecycle hook";
  return std::string(subject);
}

}  // namespace

std::string NarrateCall(const RunModel& model, CallId call) {
  if (call >= model.calls().size()) return "";
  const Call& c = model.calls()[call];
  if (c.kind == CallKind::kOci) return Oci(model, c);
  return AskCri(model, c) + Outcome(model, c);
}

std::string Narrate(const RunModel& model, ItemId item) {
  if (item >= model.items().size()) return "";
  const FlowItem& it = model.items()[item];
  switch (it.kind) {
    case ItemKind::kRequest:
      return AskCri(model, model.calls()[it.ref]);
    case ItemKind::kReply:
    case ItemKind::kOciCall:
      return NarrateCall(model, it.ref);
    case ItemKind::kCriEvent: {
      const CriEventMark& e = model.cri_events()[it.ref];
      return absl::StrCat(
          "The CRI server tells ",
          model.has_kubelet() ? "the kubelet" : "the CRI client",
          " over its GetContainerEvents stream that ",
          TaskName(model, e.container_id), " ", EventWords(e.type), ".");
    }
    case ItemKind::kFault: {
      const FaultMark& f = model.faults()[it.ref];
      std::string out =
          absl::StrCat("An injected fault (rule ", f.rule, ") fires ",
                       HopPlace(f.hop), ": ", FaultEffect(f), ".");
      if (f.call != kNoCall) {
        absl::StrAppend(&out, " It hits ", model.calls()[f.call].name, ".");
      }
      return out;
    }
    case ItemKind::kKubelet: {
      const KubeletNote& n = model.kubelet_notes()[it.ref];
      return absl::StrCat("The kubelet's own decision, ",
                          KubeletWhat(n.subject), ": ", n.detail,
                          n.detail.ends_with('.') ? "" : ".");
    }
  }
  return "";
}

}  // namespace fakecri::gui
