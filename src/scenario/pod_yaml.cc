// File: pod_yaml.cc
#include "scenario/pod_yaml.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace fakecri::scenario::internal {
namespace {

constexpr int64_t kMaxSeconds = int64_t{1} << 31;

ExecProbe ReadProbe(const YamlReader& r, const YAML::Node& n,
                    absl::string_view what) {
  r.CheckKeys(n,
              {"exec", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
               "successThreshold", "failureThreshold"},
              what);
  ExecProbe p;
  YAML::Node exec = r.Required(n, "exec", what);
  const std::string exec_what = absl::StrCat(what, ".exec");
  r.CheckKeys(exec, {"command"}, exec_what);
  p.command = r.StrList(r.Required(exec, "command", exec_what),
                        absl::StrCat(exec_what, ".command"));
  if (p.command.empty()) {
    r.Fail(exec["command"], absl::StrCat(exec_what,
                                         ".command: expected at "
                                         "least one word"));
  }
  auto num = [&](const char* key, int32_t* out, int64_t min) {
    if (n[key]) {
      *out = static_cast<int32_t>(
          r.Int(n[key], absl::StrCat(what, ".", key), min, kMaxSeconds));
    }
  };
  num("initialDelaySeconds", &p.initial_delay_seconds, 0);
  num("periodSeconds", &p.period_seconds, 1);
  num("timeoutSeconds", &p.timeout_seconds, 1);
  num("successThreshold", &p.success_threshold, 1);
  num("failureThreshold", &p.failure_threshold, 1);
  return p;
}

std::vector<std::string> ReadHook(const YamlReader& r, const YAML::Node& n,
                                  absl::string_view what) {
  r.CheckKeys(n, {"exec"}, what);
  YAML::Node exec = r.Required(n, "exec", what);
  r.CheckKeys(exec, {"command"}, absl::StrCat(what, ".exec"));
  return r.StrList(r.Required(exec, "command", what),
                   absl::StrCat(what, ".exec.command"));
}

SecurityContext ReadSecurityContext(const YamlReader& r, const YAML::Node& n,
                                    absl::string_view what) {
  r.CheckKeys(n, {"runAsNonRoot", "runAsUser"}, what);
  SecurityContext sc;
  if (n["runAsNonRoot"]) {
    sc.run_as_non_root =
        r.Bool(n["runAsNonRoot"], absl::StrCat(what, ".runAsNonRoot"));
  }
  if (n["runAsUser"]) {
    sc.run_as_user = r.Int(n["runAsUser"], absl::StrCat(what, ".runAsUser"), 0,
                           int64_t{1} << 31);
  }
  return sc;
}

ContainerPort ReadPort(const YamlReader& r, const YAML::Node& n,
                       absl::string_view what) {
  r.CheckKeys(n, {"name", "containerPort", "hostPort", "protocol", "hostIP"},
              what);
  ContainerPort p;
  if (n["name"]) p.name = r.NonEmptyStr(n["name"], absl::StrCat(what, " name"));
  p.container_port = static_cast<int32_t>(
      r.Int(r.Required(n, "containerPort", what),
            absl::StrCat(what, " containerPort"), 1, 65535));
  if (n["hostPort"]) {
    p.host_port = static_cast<int32_t>(
        r.Int(n["hostPort"], absl::StrCat(what, " hostPort"), 1, 65535));
  }
  if (n["protocol"]) {
    p.protocol = r.Enum(n["protocol"], absl::StrCat(what, " protocol"),
                        {"TCP", "UDP", "SCTP"});
  }
  if (n["hostIP"]) {
    p.host_ip = r.NonEmptyStr(n["hostIP"], absl::StrCat(what, " hostIP"));
  }
  return p;
}

ContainerSpec ReadContainer(const YamlReader& r, const YAML::Node& n,
                            bool init) {
  const std::string what = init ? "init container" : "container";
  r.CheckKeys(n,
              {"name", "image", "imagePullPolicy", "command", "args", "env",
               "workingDir", "livenessProbe", "readinessProbe", "startupProbe",
               "lifecycle", "restartPolicy", "terminationMessagePath",
               "securityContext", "ports"},
              what);
  ContainerSpec c;
  c.name = r.NonEmptyStr(r.Required(n, "name", what), what + " name");
  const std::string cw = absl::StrCat(what, " '", c.name, "'");
  c.image = r.NonEmptyStr(r.Required(n, "image", cw), cw + " image");
  if (n["imagePullPolicy"]) {
    std::string p = r.Enum(n["imagePullPolicy"], cw + " imagePullPolicy",
                           {"Always", "IfNotPresent", "Never"});
    c.image_pull_policy = p == "Always"         ? PullPolicy::kAlways
                          : p == "IfNotPresent" ? PullPolicy::kIfNotPresent
                                                : PullPolicy::kNever;
  }
  if (n["command"]) c.command = r.StrList(n["command"], cw + " command");
  if (n["args"]) c.args = r.StrList(n["args"], cw + " args");
  if (n["env"]) {
    r.RequireSeq(n["env"], cw + " env");
    for (const auto& e : n["env"]) {
      r.CheckKeys(e, {"name", "value"}, cw + " env entry");
      c.env.emplace_back(
          r.NonEmptyStr(r.Required(e, "name", cw + " env entry"),
                        cw + " env name"),
          e["value"] ? r.Str(e["value"], cw + " env value") : "");
    }
  }
  if (n["workingDir"]) c.working_dir = r.Str(n["workingDir"], cw);
  if (n["livenessProbe"]) {
    c.liveness_probe = ReadProbe(r, n["livenessProbe"], cw + " livenessProbe");
  }
  if (n["readinessProbe"]) {
    c.readiness_probe =
        ReadProbe(r, n["readinessProbe"], cw + " readinessProbe");
  }
  if (n["startupProbe"]) {
    c.startup_probe = ReadProbe(r, n["startupProbe"], cw + " startupProbe");
  }
  if (init && (c.liveness_probe || c.readiness_probe || c.startup_probe) &&
      !n["restartPolicy"]) {
    r.Fail(n, cw + ": probes are only allowed on sidecar init containers "
                   "(restartPolicy: Always)");
  }
  if (n["lifecycle"]) {
    const YAML::Node lc = n["lifecycle"];
    r.CheckKeys(lc, {"preStop", "postStart"}, cw + " lifecycle");
    if (lc["preStop"]) {
      c.pre_stop_exec = ReadHook(r, lc["preStop"], cw + " lifecycle.preStop");
    }
    if (lc["postStart"]) {
      c.post_start_exec =
          ReadHook(r, lc["postStart"], cw + " lifecycle.postStart");
    }
  }
  if (n["restartPolicy"]) {
    if (!init) {
      r.Fail(n["restartPolicy"],
             cw + ": restartPolicy is only allowed on init containers "
                  "(Always makes a sidecar)");
    }
    r.Enum(n["restartPolicy"], cw + " restartPolicy", {"Always"});
    c.restartable = true;
  }
  if (n["terminationMessagePath"]) {
    c.termination_message_path = r.NonEmptyStr(n["terminationMessagePath"], cw);
  }
  if (n["securityContext"]) {
    c.security_context =
        ReadSecurityContext(r, n["securityContext"], cw + " securityContext");
  }
  if (n["ports"]) {
    r.RequireSeq(n["ports"], cw + " ports");
    for (const auto& p : n["ports"]) {
      c.ports.push_back(ReadPort(r, p, cw + " port"));
    }
  }
  return c;
}

}  // namespace

PodSpec ReadPod(const YamlReader& r, const YAML::Node& n) {
  r.CheckKeys(n, {"apiVersion", "kind", "metadata", "spec"}, "pod");
  if (n["apiVersion"]) r.Enum(n["apiVersion"], "pod apiVersion", {"v1"});
  if (n["kind"]) r.Enum(n["kind"], "pod kind", {"Pod"});
  PodSpec p;
  const YAML::Node md = r.Required(n, "metadata", "pod");
  r.CheckKeys(md, {"name", "namespace", "uid", "labels", "annotations"},
              "pod metadata");
  p.name = r.NonEmptyStr(r.Required(md, "name", "pod metadata"), "pod name");
  if (md["namespace"]) {
    p.pod_namespace = r.NonEmptyStr(md["namespace"], "pod namespace");
  }
  if (md["uid"]) p.uid = r.NonEmptyStr(md["uid"], "pod uid");
  if (md["labels"]) p.labels = r.StrMap(md["labels"], "pod labels");
  if (md["annotations"]) {
    p.annotations = r.StrMap(md["annotations"], "pod annotations");
  }
  const std::string sw = absl::StrCat("pod '", p.name, "' spec");
  const YAML::Node spec = r.Required(n, "spec", "pod");
  r.CheckKeys(spec,
              {"containers", "initContainers", "restartPolicy",
               "terminationGracePeriodSeconds", "hostNetwork",
               "runtimeClassName", "hostname", "securityContext"},
              sw);
  std::set<std::string> names;
  auto read_list = [&](const YAML::Node& list, bool init,
                       std::vector<ContainerSpec>* out) {
    r.RequireSeq(list,
                 absl::StrCat(sw, init ? " initContainers" : " containers"));
    for (const auto& item : list) {
      ContainerSpec c = ReadContainer(r, item, init);
      if (!names.insert(c.name).second) {
        r.Fail(item,
               absl::StrCat(sw, ": two containers are named '", c.name, "'"));
      }
      out->push_back(std::move(c));
    }
  };
  if (spec["initContainers"]) {
    read_list(spec["initContainers"], true, &p.init_containers);
  }
  read_list(r.Required(spec, "containers", sw), false, &p.containers);
  if (p.containers.empty()) {
    r.Fail(spec["containers"], sw + ": expected at least one container");
  }
  if (spec["restartPolicy"]) {
    std::string rp = r.Enum(spec["restartPolicy"], sw + " restartPolicy",
                            {"Always", "OnFailure", "Never"});
    p.restart_policy = rp == "Always"      ? RestartPolicy::kAlways
                       : rp == "OnFailure" ? RestartPolicy::kOnFailure
                                           : RestartPolicy::kNever;
  }
  if (spec["terminationGracePeriodSeconds"]) {
    p.termination_grace_period_seconds =
        r.Int(spec["terminationGracePeriodSeconds"],
              sw + " terminationGracePeriodSeconds", 0, kMaxSeconds);
  }
  if (spec["hostNetwork"]) {
    p.host_network = r.Bool(spec["hostNetwork"], sw + " hostNetwork");
  }
  if (spec["runtimeClassName"]) {
    p.runtime_handler =
        r.NonEmptyStr(spec["runtimeClassName"], sw + " runtimeClassName");
  }
  if (spec["hostname"]) {
    p.hostname = r.NonEmptyStr(spec["hostname"], sw + " hostname");
  }
  if (spec["securityContext"]) {
    p.security_context = ReadSecurityContext(r, spec["securityContext"],
                                             sw + " securityContext");
  }
  return p;
}

}  // namespace fakecri::scenario::internal
