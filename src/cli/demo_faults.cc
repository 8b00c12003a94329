// The fault-injection part of `fakecri demo`: rules added through the
// control API (fakecri.v1.Control, on the CRI socket), a CRI client that
// meets them (a pull that fails twice and is retried, a container that
// crashes), and the event log saying which rule fired on what.
#include "cli/demo_faults.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "fake_runtime/control/control_api.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/faults/fault_enums.h"

namespace fakecri::cli {
namespace {

namespace v1 = ::runtime::v1;
namespace pb = ::fakecri::v1;

std::unique_ptr<grpc::ClientContext> Deadline() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(10));
  return ctx;
}

class FaultDemo {
 public:
  FaultDemo(const std::shared_ptr<grpc::Channel>& ch, int* step)
      : rt_(v1::RuntimeService::NewStub(ch)),
        img_(v1::ImageService::NewStub(ch)),
        ctl_(pb::Control::NewStub(ch)),
        step_(step) {}

  FaultDemoResult Run() {
    std::printf("\nFault injection (fakecri.v1.Control on the same socket)\n");
    // Only fakecri has a control API: against another runtime, skip.
    pb::ListFaultsResponse none;
    grpc::Status probe = ctl_->ListFaults(Deadline().get(), {}, &none);
    if (probe.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      std::printf("    (no control API at this endpoint: skipped)\n");
      return FaultDemoResult::kSkipped;
    }
    bool ok = probe.ok();
    ok &= Add(R"(version: 1
faults:
  - id: flaky-registry
    hop: cri
    operation: PullImage
    match: {image: "nginx*"}
    effect: {error: UNAVAILABLE}
    when: {first: 2}
  - id: crash-app
    hop: process
    match: {container: crasher}
    effect: {crash: {exit_code: 1, delay: 2s}}
)");

    // A kubelet retries a failed pull with a back-off; so does this client.
    bool pulled = false;
    for (int attempt = 1; attempt <= 3 && !pulled; ++attempt) {
      v1::PullImageRequest req;
      req.mutable_image()->set_image("nginx:1.25");
      v1::PullImageResponse resp;
      grpc::Status st = img_->PullImage(Deadline().get(), req, &resp);
      pulled = st.ok();
      Print(
          ("PullImage nginx:1.25, attempt " + std::to_string(attempt)).c_str(),
          st, pulled ? "pulled" : "");
      if (!pulled) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ok &= pulled;

    v1::RunPodSandboxRequest pod_req;
    auto* md = pod_req.mutable_config()->mutable_metadata();
    md->set_name("chaos-pod");
    md->set_namespace_("default");
    md->set_uid("chaos-pod-uid");
    v1::RunPodSandboxResponse pod;
    grpc::Status st = rt_->RunPodSandbox(Deadline().get(), pod_req, &pod);
    ok &= Print("RunPodSandbox chaos-pod", st, "");
    v1::CreateContainerRequest create;
    create.set_pod_sandbox_id(pod.pod_sandbox_id());
    create.mutable_config()->mutable_metadata()->set_name("crasher");
    create.mutable_config()->mutable_image()->set_image("nginx:1.25");
    *create.mutable_sandbox_config() = pod_req.config();
    v1::CreateContainerResponse ctr;
    st = rt_->CreateContainer(Deadline().get(), create, &ctr);
    ok &= Print("CreateContainer crasher (nginx)", st, "");
    v1::StartContainerRequest start;
    start.set_container_id(ctr.container_id());
    v1::StartContainerResponse started;
    st = rt_->StartContainer(Deadline().get(), start, &started);
    ok &= Print("StartContainer crasher", st, "nginx runs...");
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    v1::ContainerStatusRequest sreq;
    sreq.set_container_id(ctr.container_id());
    v1::ContainerStatusResponse status;
    st = rt_->ContainerStatus(Deadline().get(), sreq, &status);
    const auto& s = status.status();
    const bool crashed = s.state() == v1::CONTAINER_EXITED &&
                         s.exit_code() == 1 && s.reason() == "Error";
    ok &= Print("ContainerStatus crasher, 2.5 s later", st,
                v1::ContainerState_Name(s.state()) + ", exit code " +
                    std::to_string(s.exit_code()) + ", reason " + s.reason());
    ok &= crashed;

    ok &= ShowHits();

    pb::ClearFaultsResponse cleared;
    st = ctl_->ClearFaults(Deadline().get(), {}, &cleared);
    ok &= Print("ClearFaults", st,
                std::to_string(cleared.removed()) + " rule(s) removed");
    v1::StopPodSandboxRequest stop;
    stop.set_pod_sandbox_id(pod.pod_sandbox_id());
    v1::StopPodSandboxResponse stopped;
    ok &= Print("StopPodSandbox chaos-pod",
                rt_->StopPodSandbox(Deadline().get(), stop, &stopped), "");
    v1::RemovePodSandboxRequest rm;
    rm.set_pod_sandbox_id(pod.pod_sandbox_id());
    v1::RemovePodSandboxResponse removed;
    ok &= Print("RemovePodSandbox chaos-pod",
                rt_->RemovePodSandbox(Deadline().get(), rm, &removed), "");
    return ok ? FaultDemoResult::kOk : FaultDemoResult::kFailed;
  }

 private:
  bool Add(const std::string& yaml) {
    pb::AddFaultRequest req;
    req.set_yaml(yaml);
    req.set_source_name("demo");
    pb::AddFaultResponse resp;
    grpc::Status st = ctl_->AddFault(Deadline().get(), req, &resp);
    bool ok = Print("AddFault (2 rules, YAML)", st, "");
    for (int i = 0; i < resp.descriptions_size(); ++i) {
      std::printf("      %s\n", resp.descriptions(i).c_str());
    }
    return ok;
  }

  // The rules' hit counts, and the fault records of the event log.
  bool ShowHits() {
    pb::ListFaultsResponse list;
    grpc::Status st = ctl_->ListFaults(Deadline().get(), {}, &list);
    bool ok = Print("ListFaults", st, "");
    for (const auto& f : list.faults()) {
      std::printf("      %-15s hits %llu\n", f.rule().id().c_str(),
                  static_cast<unsigned long long>(f.hits()));
    }
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    pb::WatchEventsRequest req;
    req.set_since_seq(1);
    req.add_kinds("fault");
    auto reader = ctl_->WatchEvents(&ctx, req);
    pb::WatchEventsResponse msg;
    size_t seen = 0;
    std::printf("    WatchEvents(since 1, kind fault):\n");
    while (seen < 3 && reader->Read(&msg)) {
      if (!msg.has_event()) continue;
      ++seen;
      std::printf("      #%llu %s\n",
                  static_cast<unsigned long long>(msg.event().seq()),
                  msg.event().detail().c_str());
    }
    ctx.TryCancel();
    (void)reader->Finish();
    return ok && seen == 3;
  }

  bool Print(const char* what, const grpc::Status& st,
             const std::string& result) {
    ++*step_;
    if (st.ok()) {
      std::printf("%2d. %-44s OK   %s\n", *step_, what, result.c_str());
    } else {
      std::printf(
          "%2d. %-44s %s: %s\n", *step_, what,
          std::string(faults::StatusCodeName(
                          static_cast<absl::StatusCode>(st.error_code())))
              .c_str(),
          st.error_message().c_str());
    }
    std::fflush(stdout);
    return st.ok();
  }

  std::unique_ptr<v1::RuntimeService::Stub> rt_;
  std::unique_ptr<v1::ImageService::Stub> img_;
  std::unique_ptr<pb::Control::Stub> ctl_;
  int* step_;
};

}  // namespace

FaultDemoResult RunFaultDemo(const std::shared_ptr<grpc::Channel>& channel,
                             int* step) {
  return FaultDemo(channel, step).Run();
}

}  // namespace fakecri::cli
