// An embedder's first program, written against the installed public
// headers only: start a runtime in-process on a virtual clock, run a pod
// with a container through the CRI, inject a fault from YAML, and read
// what happened from the event log. Exits 0 when everything behaved.
#include <grpcpp/grpcpp.h>
#include <signal.h>  // before the CRI header on purpose: it must still build

#include <cstdio>
#include <memory>
#include <string>

#include "fakecri/cri.h"
#include "fakecri/server.h"

namespace v1 = runtime::v1;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                       \
    }                                                                 \
  } while (0)

int main() {
  // <signal.h>'s macros survive fakecri/cri.h.
  CHECK(SIGTERM == 15);

  fakecri::ServerOptions opts;
  opts.clock = "virtual";
  opts.seed = 42;
  auto started = fakecri::Server::Start(opts);
  CHECK(started.ok());
  std::unique_ptr<fakecri::Server> server = std::move(*started);
  auto rt = v1::RuntimeService::NewStub(server->InProcessChannel());

  {
    grpc::ClientContext ctx;
    v1::VersionResponse resp;
    CHECK(rt->Version(&ctx, {}, &resp).ok());
    CHECK(resp.runtime_name() == "fakecri");
  }

  v1::RunPodSandboxRequest run;
  run.mutable_config()->mutable_metadata()->set_name("web");
  run.mutable_config()->mutable_metadata()->set_namespace_("default");
  run.mutable_config()->mutable_metadata()->set_uid("uid-1");
  v1::RunPodSandboxResponse pod;
  {
    grpc::ClientContext ctx;
    CHECK(rt->RunPodSandbox(&ctx, run, &pod).ok());
  }

  // As with containerd, the image must be there before CreateContainer.
  auto img = v1::ImageService::NewStub(server->InProcessChannel());
  {
    grpc::ClientContext ctx;
    v1::PullImageRequest pull;
    pull.mutable_image()->set_image("busybox");
    v1::PullImageResponse pulled;
    CHECK(img->PullImage(&ctx, pull, &pulled).ok());
  }

  v1::CreateContainerRequest create;
  create.set_pod_sandbox_id(pod.pod_sandbox_id());
  *create.mutable_sandbox_config() = run.config();
  create.mutable_config()->mutable_metadata()->set_name("app");
  create.mutable_config()->mutable_image()->set_image("busybox");
  create.mutable_config()->add_command("sh");
  create.mutable_config()->add_args("-c");
  create.mutable_config()->add_args("sleep 5; exit 3");
  v1::CreateContainerResponse ctr;
  {
    grpc::ClientContext ctx;
    CHECK(rt->CreateContainer(&ctx, create, &ctr).ok());
  }
  {
    grpc::ClientContext ctx;
    v1::StartContainerRequest req;
    req.set_container_id(ctr.container_id());
    v1::StartContainerResponse resp;
    CHECK(rt->StartContainer(&ctx, req, &resp).ok());
  }
  // Five seconds of virtual time: the command ends with exit code 3.
  CHECK(server->clock().Advance(6 * fakecri::kSecond).ok());
  {
    grpc::ClientContext ctx;
    v1::ContainerStatusRequest req;
    req.set_container_id(ctr.container_id());
    v1::ContainerStatusResponse resp;
    CHECK(rt->ContainerStatus(&ctx, req, &resp).ok());
    CHECK(resp.status().state() == v1::CONTAINER_EXITED);
    CHECK(resp.status().exit_code() == 3);
  }

  // A fault as data: the next Version call fails UNAVAILABLE.
  auto ids = server->faults().AddYaml(R"(version: 1
faults:
  - id: flaky
    hop: cri
    operation: Version
    effect: {error: UNAVAILABLE}
    when: {times: 1}
)");
  CHECK(ids.ok());
  CHECK(ids->size() == 1 && (*ids)[0] == "flaky");
  {
    grpc::ClientContext ctx;
    v1::VersionResponse resp;
    CHECK(rt->Version(&ctx, {}, &resp).error_code() ==
          grpc::StatusCode::UNAVAILABLE);
  }
  CHECK(server->faults().Get("flaky")->hits == 1);
  // A bad document is refused with its position.
  auto bad = server->faults().AddYaml("version: 1\nfaults: 3\n", "bad.yaml");
  CHECK(!bad.ok());
  CHECK(std::string(bad.status().message()).rfind("bad.yaml:2:", 0) == 0);

  int transitions = 0, faults = 0;
  for (const auto& e : server->event_log().Since(0)) {
    if (e->kind == fakecri::EventKind::kTransition) ++transitions;
    if (e->kind == fakecri::EventKind::kFault) ++faults;
  }
  CHECK(transitions >= 4);  // sandbox READY, container CREATED/RUNNING/EXITED
  CHECK(faults == 1);
  server->Shutdown();
  std::printf("consumer: ok (%d transitions, %d fault)\n", transitions, faults);
  return 0;
}
