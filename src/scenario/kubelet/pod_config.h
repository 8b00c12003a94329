// File: pod_config.h
// What the kubelet sends for a pod: the sandbox config
// (generatePodSandboxConfig) and each container's config
// (generateContainerConfig), with the labels and annotations the kubelet
// sets and later reads back (cri-semantics.md 3.2). Pure functions.
#ifndef FAKECRI_SCENARIO_KUBELET_POD_CONFIG_H_
#define FAKECRI_SCENARIO_KUBELET_POD_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>

#include "fakecri/cri.h"
#include "scenario/kubelet/pod_spec.h"

namespace fakecri::scenario::kubelet {

inline constexpr char kPodNameLabel[] = "io.kubernetes.pod.name";
inline constexpr char kPodNamespaceLabel[] = "io.kubernetes.pod.namespace";
inline constexpr char kPodUidLabel[] = "io.kubernetes.pod.uid";
inline constexpr char kContainerNameLabel[] = "io.kubernetes.container.name";
inline constexpr char kRestartCountAnnotation[] =
    "io.kubernetes.container.restartCount";

// spec.uid, or a UUID-shaped value derived from namespace/name.
std::string PodUid(const PodSpec& pod);
// "name_namespace(uid)": how the kubelet names a pod in messages.
std::string PodDesc(const PodSpec& pod, const std::string& uid);
// applyDefaultImageTag: ":latest" when the reference has no tag or digest.
std::string WithDefaultTag(const std::string& image);
// The API server's default: Always for :latest (or no tag), else
// IfNotPresent.
PullPolicy EffectivePullPolicy(const ContainerSpec& c);
// <root>/<ns>_<name>_<uid>
std::string PodLogDirectory(const std::string& root, const PodSpec& pod,
                            const std::string& uid);

::runtime::v1::PodSandboxConfig SandboxConfig(const PodSpec& pod,
                                              const std::string& uid,
                                              uint32_t attempt,
                                              const std::string& logs_root);

// Who the image runs as (getImageUser): its numeric uid, else its user
// name; an image that names neither runs as root (uid 0).
struct ImageUser {
  std::optional<int64_t> uid;
  std::string username;
};
ImageUser ImageUserOf(const ::runtime::v1::ImageStatusResponse& status);

// The container's security context merged over the pod's
// (DetermineEffectiveSecurityContext, for the fields modelled).
SecurityContext EffectiveSecurityContext(const PodSpec& pod,
                                         const ContainerSpec& c);

// verifyRunAsNonRoot: the error text when runAsNonRoot is set and the
// container would run as root or as a user name that cannot be checked;
// nullopt when it may start. `pod_desc` as PodDesc.
std::optional<std::string> VerifyRunAsNonRoot(const PodSpec& pod,
                                              const ContainerSpec& c,
                                              const ImageUser& user,
                                              const std::string& pod_desc);

// `image_ref`: what ImageStatus/PullImage returned (the image id);
// `user`: the image's user, sent as run_as_user / run_as_username unless
// the security context sets runAsUser.
::runtime::v1::ContainerConfig ContainerConfig(const PodSpec& pod,
                                               const ContainerSpec& c,
                                               const std::string& uid,
                                               uint32_t restart_count,
                                               const std::string& image_ref,
                                               const ImageUser& user = {});

}  // namespace fakecri::scenario::kubelet

#endif  // FAKECRI_SCENARIO_KUBELET_POD_CONFIG_H_
