// RuntimeService unary RPCs: one line each, all through ServeUnary.
#include "fake_runtime/grpc/cri_services.h"

namespace fakecri::runtime {

FAKECRI_UNARY_DEF(CriRuntimeService, Version)
FAKECRI_UNARY_DEF(CriRuntimeService, RunPodSandbox)
FAKECRI_UNARY_DEF(CriRuntimeService, StopPodSandbox)
FAKECRI_UNARY_DEF(CriRuntimeService, RemovePodSandbox)
FAKECRI_UNARY_DEF(CriRuntimeService, PodSandboxStatus)
FAKECRI_UNARY_DEF(CriRuntimeService, ListPodSandbox)
FAKECRI_UNARY_DEF(CriRuntimeService, CreateContainer)
FAKECRI_UNARY_DEF(CriRuntimeService, StartContainer)
FAKECRI_UNARY_ASYNC_DEF(CriRuntimeService, StopContainer)
FAKECRI_UNARY_DEF(CriRuntimeService, RemoveContainer)
FAKECRI_UNARY_DEF(CriRuntimeService, ListContainers)
FAKECRI_UNARY_DEF(CriRuntimeService, ContainerStatus)
FAKECRI_UNARY_DEF(CriRuntimeService, UpdateContainerResources)
FAKECRI_UNARY_DEF(CriRuntimeService, ReopenContainerLog)
FAKECRI_UNARY_ASYNC_DEF(CriRuntimeService, ExecSync)
FAKECRI_UNARY_DEF(CriRuntimeService, Exec)
FAKECRI_UNARY_DEF(CriRuntimeService, Attach)
FAKECRI_UNARY_DEF(CriRuntimeService, PortForward)
FAKECRI_UNARY_DEF(CriRuntimeService, ContainerStats)
FAKECRI_UNARY_DEF(CriRuntimeService, ListContainerStats)
FAKECRI_UNARY_DEF(CriRuntimeService, PodSandboxStats)
FAKECRI_UNARY_DEF(CriRuntimeService, ListPodSandboxStats)
FAKECRI_UNARY_DEF(CriRuntimeService, UpdateRuntimeConfig)
FAKECRI_UNARY_DEF(CriRuntimeService, Status)
FAKECRI_UNARY_DEF(CriRuntimeService, CheckpointContainer)
FAKECRI_UNARY_DEF(CriRuntimeService, ListMetricDescriptors)
FAKECRI_UNARY_DEF(CriRuntimeService, ListPodSandboxMetrics)
FAKECRI_UNARY_DEF(CriRuntimeService, RuntimeConfig)
FAKECRI_UNARY_DEF(CriRuntimeService, UpdatePodSandboxResources)

}  // namespace fakecri::runtime
