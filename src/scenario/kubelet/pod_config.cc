// File: pod_config.cc
#include "scenario/kubelet/pod_config.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace fakecri::scenario::kubelet {
namespace {

namespace v1 = ::runtime::v1;

uint64_t Fnv1a(const std::string& s, uint64_t h) {
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

// The hash the kubelet stores to notice a changed container definition;
// any stable digest of what the container runs will do here.
std::string ContainerHash(const ContainerSpec& c) {
  std::string s =
      absl::StrCat(c.name, "\n", c.image, "\n", absl::StrJoin(c.command, " "),
                   "\n", absl::StrJoin(c.args, " "));
  for (const auto& [k, v] : c.env) absl::StrAppend(&s, "\n", k, "=", v);
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%08x",
                static_cast<unsigned>(Fnv1a(s, 14695981039346656037ULL)));
  return buf;
}

}  // namespace

std::string PodUid(const PodSpec& pod) {
  if (!pod.uid.empty()) return pod.uid;
  const std::string key = absl::StrCat(pod.pod_namespace, "/", pod.name);
  const uint64_t a = Fnv1a(key, 14695981039346656037ULL);
  const uint64_t b = Fnv1a(key, a ^ 0x9e3779b97f4a7c15ULL);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-4%03x-8%03x-%012llx",
                static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>((b >> 48) & 0xfff),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string PodDesc(const PodSpec& pod, const std::string& uid) {
  return absl::StrCat(pod.name, "_", pod.pod_namespace, "(", uid, ")");
}

std::string WithDefaultTag(const std::string& image) {
  if (image.find('@') != std::string::npos) return image;
  const size_t slash = image.rfind('/');
  const size_t colon = image.rfind(':');
  if (colon != std::string::npos &&
      (slash == std::string::npos || colon > slash)) {
    return image;
  }
  return image + ":latest";
}

PullPolicy EffectivePullPolicy(const ContainerSpec& c) {
  if (c.image_pull_policy) return *c.image_pull_policy;
  const std::string tagged = WithDefaultTag(c.image);
  const bool latest = tagged.size() >= 7 &&
                      tagged.compare(tagged.size() - 7, 7, ":latest") == 0;
  return latest ? PullPolicy::kAlways : PullPolicy::kIfNotPresent;
}

std::string PodLogDirectory(const std::string& root, const PodSpec& pod,
                            const std::string& uid) {
  return absl::StrCat(root, "/", pod.pod_namespace, "_", pod.name, "_", uid);
}

v1::PodSandboxConfig SandboxConfig(const PodSpec& pod, const std::string& uid,
                                   uint32_t attempt,
                                   const std::string& logs_root) {
  v1::PodSandboxConfig cfg;
  auto* md = cfg.mutable_metadata();
  md->set_name(pod.name);
  md->set_namespace_(pod.pod_namespace);
  md->set_uid(uid);
  md->set_attempt(attempt);
  cfg.set_hostname(pod.hostname.empty() ? pod.name : pod.hostname);
  cfg.set_log_directory(PodLogDirectory(logs_root, pod, uid));
  if (!pod.host_network) {
    auto* dns = cfg.mutable_dns_config();
    dns->add_servers("10.96.0.10");
    dns->add_searches(absl::StrCat(pod.pod_namespace, ".svc.cluster.local"));
    dns->add_searches("svc.cluster.local");
    dns->add_searches("cluster.local");
    dns->add_options("ndots:5");
  }
  // Every regular container's ports (generatePodSandboxConfig).
  for (const auto& c : pod.containers) {
    for (const auto& p : c.ports) {
      auto* pm = cfg.add_port_mappings();
      pm->set_protocol(p.protocol == "UDP"    ? v1::UDP
                       : p.protocol == "SCTP" ? v1::SCTP
                                              : v1::TCP);
      pm->set_container_port(p.container_port);
      pm->set_host_port(p.host_port);
      pm->set_host_ip(p.host_ip);
    }
  }
  auto& labels = *cfg.mutable_labels();
  for (const auto& [k, v] : pod.labels) labels[k] = v;
  labels[kPodNameLabel] = pod.name;
  labels[kPodNamespaceLabel] = pod.pod_namespace;
  labels[kPodUidLabel] = uid;
  auto& ann = *cfg.mutable_annotations();
  for (const auto& [k, v] : pod.annotations) ann[k] = v;
  ann["kubernetes.io/config.source"] = "api";
  auto* linux = cfg.mutable_linux();
  linux->set_cgroup_parent(absl::StrCat("kubepods-besteffort-pod",
                                        absl::StrReplaceAll(uid, {{"-", "_"}}),
                                        ".slice"));
  auto* ns = linux->mutable_security_context()->mutable_namespace_options();
  ns->set_network(pod.host_network ? v1::NODE : v1::POD);
  ns->set_pid(v1::CONTAINER);
  ns->set_ipc(v1::POD);
  linux->mutable_security_context()->mutable_seccomp()->set_profile_type(
      v1::SecurityProfile::RuntimeDefault);
  return cfg;
}

ImageUser ImageUserOf(const v1::ImageStatusResponse& status) {
  ImageUser u;
  if (status.has_image()) {
    if (status.image().has_uid()) {
      u.uid = status.image().uid().value();
      return u;
    }
    if (!status.image().username().empty()) {
      u.username = status.image().username();
      return u;
    }
  }
  u.uid = 0;  // "If none of them is set, treat it as root."
  return u;
}

SecurityContext EffectiveSecurityContext(const PodSpec& pod,
                                         const ContainerSpec& c) {
  SecurityContext sc = pod.security_context;
  if (c.security_context.run_as_non_root) {
    sc.run_as_non_root = c.security_context.run_as_non_root;
  }
  if (c.security_context.run_as_user) {
    sc.run_as_user = c.security_context.run_as_user;
  }
  return sc;
}

std::optional<std::string> VerifyRunAsNonRoot(const PodSpec& pod,
                                              const ContainerSpec& c,
                                              const ImageUser& user,
                                              const std::string& pod_desc) {
  const SecurityContext sc = EffectiveSecurityContext(pod, c);
  if (!sc.run_as_non_root.value_or(false)) return std::nullopt;
  const std::string where =
      absl::StrCat("(pod: \"", pod_desc, "\", container: ", c.name, ")");
  if (sc.run_as_user) {
    if (*sc.run_as_user == 0) {
      return absl::StrCat("container's runAsUser breaks non-root policy ",
                          where);
    }
    return std::nullopt;
  }
  if (!user.uid && !user.username.empty()) {
    return absl::StrCat(
        "container has runAsNonRoot and image has non-numeric "
        "user (",
        user.username, "), cannot verify user is non-root ", where);
  }
  if (user.uid && *user.uid == 0) {
    return absl::StrCat(
        "container has runAsNonRoot and image will run as root ", where);
  }
  return std::nullopt;
}

v1::ContainerConfig ContainerConfig(const PodSpec& pod, const ContainerSpec& c,
                                    const std::string& uid,
                                    uint32_t restart_count,
                                    const std::string& image_ref,
                                    const ImageUser& user) {
  v1::ContainerConfig cfg;
  cfg.mutable_metadata()->set_name(c.name);
  cfg.mutable_metadata()->set_attempt(restart_count);
  cfg.mutable_image()->set_image(image_ref);
  cfg.mutable_image()->set_user_specified_image(c.image);
  for (const auto& s : c.command) cfg.add_command(s);
  for (const auto& s : c.args) cfg.add_args(s);
  cfg.set_working_dir(c.working_dir);
  for (const auto& [k, v] : c.env) {
    auto* kv = cfg.add_envs();
    kv->set_key(k);
    kv->set_value(v);
  }
  auto& labels = *cfg.mutable_labels();
  labels[kPodNameLabel] = pod.name;
  labels[kPodNamespaceLabel] = pod.pod_namespace;
  labels[kPodUidLabel] = uid;
  labels[kContainerNameLabel] = c.name;
  auto& ann = *cfg.mutable_annotations();
  ann["io.kubernetes.container.hash"] = ContainerHash(c);
  ann[kRestartCountAnnotation] = absl::StrCat(restart_count);
  ann["io.kubernetes.container.terminationMessagePath"] =
      c.termination_message_path;
  ann["io.kubernetes.container.terminationMessagePolicy"] = "File";
  ann["io.kubernetes.pod.terminationGracePeriod"] =
      absl::StrCat(pod.termination_grace_period_seconds);
  if (!c.pre_stop_exec.empty()) {
    std::string cmd;
    for (const auto& s : c.pre_stop_exec) {
      absl::StrAppend(&cmd, cmd.empty() ? "" : ",", "\"", s, "\"");
    }
    ann["io.kubernetes.container.preStopHandler"] =
        absl::StrCat("{\"exec\":{\"command\":[", cmd, "]}}");
  }
  if (!c.ports.empty()) {
    // json.Marshal of []v1.ContainerPort: omitempty name, hostPort, hostIP.
    std::vector<std::string> ports;
    for (const auto& p : c.ports) {
      std::string j = "{";
      if (!p.name.empty()) absl::StrAppend(&j, "\"name\":\"", p.name, "\",");
      if (p.host_port != 0)
        absl::StrAppend(&j, "\"hostPort\":", p.host_port, ",");
      absl::StrAppend(&j, "\"containerPort\":", p.container_port,
                      ",\"protocol\":\"", p.protocol, "\"");
      if (!p.host_ip.empty())
        absl::StrAppend(&j, ",\"hostIP\":\"", p.host_ip, "\"");
      ports.push_back(j + "}");
    }
    ann["io.kubernetes.container.ports"] =
        absl::StrCat("[", absl::StrJoin(ports, ","), "]");
  }
  cfg.set_log_path(absl::StrCat(c.name, "/", restart_count, ".log"));
  // No termination-log mount: its host file would be a real path on this
  // machine; the path travels in the annotation the kubelet reads back.
  auto* linux = cfg.mutable_linux();
  auto* sc = linux->mutable_security_context();
  sc->mutable_namespace_options()->set_pid(v1::CONTAINER);
  sc->mutable_seccomp()->set_profile_type(v1::SecurityProfile::RuntimeDefault);
  // determineEffectiveSecurityContext: runAsUser, else the image's user.
  const SecurityContext eff = EffectiveSecurityContext(pod, c);
  if (eff.run_as_user) {
    sc->mutable_run_as_user()->set_value(*eff.run_as_user);
  } else {
    if (user.uid) sc->mutable_run_as_user()->set_value(*user.uid);
    sc->set_run_as_username(user.username);
  }
  return cfg;
}

}  // namespace fakecri::scenario::kubelet
