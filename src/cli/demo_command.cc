// `fakecri demo`: drives one pod and one container through a running
// fakecri (or any CRI runtime) over its socket, printing each call and its
// result, then the events a GetContainerEvents subscriber saw.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/demo_faults.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/cri/api_grpc.h"
#include "fake_runtime/faults/fault_enums.h"
#include "fakecri/server.h"

namespace fakecri::cli {
namespace {

namespace v1 = ::runtime::v1;

struct DemoFlags {
  std::string endpoint;
  std::string image = "busybox";
  std::string log_dir = "/tmp/fakecri-demo/logs";
  bool no_faults = false;
};

std::string Short(const std::string& id) { return id.substr(0, 13); }

class Demo {
 public:
  explicit Demo(std::shared_ptr<grpc::Channel> ch)
      : channel_(ch),
        rt_(v1::RuntimeService::NewStub(ch)),
        img_(v1::ImageService::NewStub(ch)) {}

  template <typename Fn>
  bool Call(const char* what, Fn fn) {
    grpc::ClientContext ctx;
    // Longer than the longest call (StopContainer's 10 s grace period).
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    std::string result;
    grpc::Status st = fn(ctx, result);
    ++step_;
    if (st.ok()) {
      std::printf("%2d. %-44s OK   %s\n", step_, what, result.c_str());
    } else {
      std::printf("%2d. %-44s %s: %s\n", step_, what,
                  StatusName(st.error_code()), st.error_message().c_str());
    }
    std::fflush(stdout);
    return st.ok();
  }

  static const char* StatusName(grpc::StatusCode c) {
    return faults::StatusCodeName(static_cast<absl::StatusCode>(c)).data();
  }

  int Run(const DemoFlags& f) {
    // Subscribe first, so the stream sees every event of the run.
    grpc::ClientContext events_ctx;
    v1::GetEventsRequest ev_req;
    auto reader = rt_->GetContainerEvents(&events_ctx, ev_req);
    std::vector<v1::ContainerEventResponse> events;
    fakecri::Mutex mu;
    std::thread watcher([&] {
      v1::ContainerEventResponse ev;
      while (reader->Read(&ev)) {
        fakecri::MutexLock l(&mu);
        events.push_back(ev);
      }
    });

    bool ok = true;
    ok &= Call("Version", [&](auto& ctx, std::string& out) {
      v1::VersionResponse r;
      auto st = rt_->Version(&ctx, {}, &r);
      out = r.runtime_name() + " " + r.runtime_version() + ", CRI " +
            r.runtime_api_version();
      return st;
    });
    ok &= Call("Status", [&](auto& ctx, std::string& out) {
      v1::StatusResponse r;
      auto st = rt_->Status(&ctx, {}, &r);
      for (const auto& c : r.status().conditions()) {
        out += c.type() + "=" + (c.status() ? "true " : "false ");
      }
      out += "handlers:";
      for (const auto& h : r.runtime_handlers()) out += " \"" + h.name() + "\"";
      return st;
    });
    std::string image_ref;
    ok &= Call(("PullImage " + f.image).c_str(),
               [&](auto& ctx, std::string& out) {
                 v1::PullImageRequest req;
                 req.mutable_image()->set_image(f.image);
                 v1::PullImageResponse r;
                 auto st = img_->PullImage(&ctx, req, &r);
                 image_ref = r.image_ref();
                 out = "image_ref " + image_ref.substr(0, 19) + "...";
                 return st;
               });
    v1::PodSandboxConfig pod;
    pod.mutable_metadata()->set_name("demo-pod");
    pod.mutable_metadata()->set_namespace_("default");
    pod.mutable_metadata()->set_uid("7f3c1d2e-demo");
    pod.set_hostname("demo-pod");
    pod.set_log_directory(f.log_dir + "/default_demo-pod_7f3c1d2e-demo");
    (*pod.mutable_labels())["app"] = "demo";
    std::string pod_id;
    ok &= Call("RunPodSandbox demo-pod", [&](auto& ctx, std::string& out) {
      v1::RunPodSandboxRequest req;
      *req.mutable_config() = pod;
      v1::RunPodSandboxResponse r;
      auto st = rt_->RunPodSandbox(&ctx, req, &r);
      pod_id = r.pod_sandbox_id();
      out = "pod " + Short(pod_id);
      return st;
    });
    Call("PodSandboxStatus", [&](auto& ctx, std::string& out) {
      v1::PodSandboxStatusRequest req;
      req.set_pod_sandbox_id(pod_id);
      v1::PodSandboxStatusResponse r;
      auto st = rt_->PodSandboxStatus(&ctx, req, &r);
      out = v1::PodSandboxState_Name(r.status().state()) + ", ip " +
            r.status().network().ip();
      return st;
    });
    std::string ctr_id;
    ok &= Call("CreateContainer app", [&](auto& ctx, std::string& out) {
      v1::CreateContainerRequest req;
      req.set_pod_sandbox_id(pod_id);
      auto* c = req.mutable_config();
      c->mutable_metadata()->set_name("app");
      c->mutable_image()->set_image(image_ref);
      c->mutable_image()->set_user_specified_image(f.image);
      // A small service: greets, ticks every second, exits 0 on SIGTERM.
      c->add_command("sh");
      c->add_args("-c");
      c->add_args(
          "trap 'echo got SIGTERM, bye; exit 0' TERM; "
          "echo \"hello from $(hostname) as $(id -un)\"; i=0; "
          "while true; do i=$((i+1)); echo \"tick $i\"; sleep 1; done");
      c->set_log_path("app/0.log");
      (*c->mutable_labels())["io.kubernetes.container.name"] = "app";
      *req.mutable_sandbox_config() = pod;
      v1::CreateContainerResponse r;
      auto st = rt_->CreateContainer(&ctx, req, &r);
      ctr_id = r.container_id();
      out = "container " + Short(ctr_id);
      return st;
    });
    Call("CreateContainer app again (same name)",
         [&](auto& ctx, std::string& out) {
           v1::CreateContainerRequest req;
           req.set_pod_sandbox_id(pod_id);
           req.mutable_config()->mutable_metadata()->set_name("app");
           req.mutable_config()->mutable_image()->set_image(image_ref);
           v1::CreateContainerResponse r;
           auto st = rt_->CreateContainer(&ctx, req, &r);
           out = "(expected: the name is reserved)";
           return st;
         });
    auto status = [&](const char* what) {
      Call(what, [&](auto& ctx, std::string& out) {
        v1::ContainerStatusRequest req;
        req.set_container_id(ctr_id.substr(0, 12));  // a unique prefix works
        v1::ContainerStatusResponse r;
        auto st = rt_->ContainerStatus(&ctx, req, &r);
        out = v1::ContainerState_Name(r.status().state());
        if (r.status().finished_at() != 0) {
          out += ", exit " + std::to_string(r.status().exit_code()) + " " +
                 r.status().reason();
        }
        return st;
      });
    };
    ok &= Call("StartContainer", [&](auto& ctx, std::string&) {
      v1::StartContainerRequest req;
      req.set_container_id(ctr_id);
      v1::StartContainerResponse r;
      return rt_->StartContainer(&ctx, req, &r);
    });
    status("ContainerStatus (by 12-char prefix)");
    auto exec = [&](const std::string& what, std::vector<std::string> cmd) {
      Call(("ExecSync " + what).c_str(), [&](auto& ctx, std::string& out) {
        v1::ExecSyncRequest req;
        req.set_container_id(ctr_id);
        for (auto& a : cmd) req.add_cmd(a);
        req.set_timeout(5);
        v1::ExecSyncResponse r;
        auto st = rt_->ExecSync(&ctx, req, &r);
        std::string text = r.stdout() + r.stderr();
        while (!text.empty() && text.back() == '\n') text.pop_back();
        out = "exit " + std::to_string(r.exit_code()) +
              (text.empty() ? "" : ": " + text);
        return st;
      });
    };
    exec("cat /tmp/healthy", {"cat", "/tmp/healthy"});
    exec("touch /tmp/healthy", {"touch", "/tmp/healthy"});
    exec("cat /tmp/healthy (probe)",
         {"sh", "-c", "cat /tmp/healthy && echo healthy"});
    exec("ps", {"ps"});
    // Let the container tick a few times (real seconds of runtime time).
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    Call("ListContainers label app via pod filter",
         [&](auto& ctx, std::string& out) {
           v1::ListContainersRequest req;
           req.mutable_filter()->set_pod_sandbox_id(pod_id);
           v1::ListContainersResponse r;
           auto st = rt_->ListContainers(&ctx, req, &r);
           out = std::to_string(r.containers_size()) + " container(s)";
           return st;
         });
    Call("ContainerStats", [&](auto& ctx, std::string& out) {
      v1::ContainerStatsRequest req;
      req.set_container_id(ctr_id);
      v1::ContainerStatsResponse r;
      auto st = rt_->ContainerStats(&ctx, req, &r);
      out =
          "memory " +
          std::to_string(r.stats().memory().working_set_bytes().value() >> 10) +
          " KiB, CPU " +
          std::to_string(r.stats().cpu().usage_core_nano_seconds().value() /
                         1000) +
          " us";
      return st;
    });
    ok &= Call("StopContainer timeout=10", [&](auto& ctx, std::string&) {
      v1::StopContainerRequest req;
      req.set_container_id(ctr_id);
      req.set_timeout(10);
      v1::StopContainerResponse r;
      return rt_->StopContainer(&ctx, req, &r);
    });
    status("ContainerStatus");
    std::string log_path;
    Call("ContainerStatus log_path", [&](auto& ctx, std::string& out) {
      v1::ContainerStatusRequest req;
      req.set_container_id(ctr_id);
      v1::ContainerStatusResponse r;
      auto st = rt_->ContainerStatus(&ctx, req, &r);
      log_path = r.status().log_path();
      out = log_path;
      return st;
    });
    // The log file is in the CRI format the kubelet reads.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::ifstream in(log_path); in) {
      std::printf("    --- %s ---\n", log_path.c_str());
      for (std::string line; std::getline(in, line);) {
        std::printf("    %s\n", line.c_str());
      }
    }
    ok &= Call("RemoveContainer", [&](auto& ctx, std::string&) {
      v1::RemoveContainerRequest req;
      req.set_container_id(ctr_id);
      v1::RemoveContainerResponse r;
      return rt_->RemoveContainer(&ctx, req, &r);
    });
    Call("ContainerStatus after remove", [&](auto& ctx, std::string& out) {
      v1::ContainerStatusRequest req;
      req.set_container_id(ctr_id);
      v1::ContainerStatusResponse r;
      out = "(expected: gone)";
      return rt_->ContainerStatus(&ctx, req, &r);
    });
    ok &= Call("StopPodSandbox", [&](auto& ctx, std::string&) {
      v1::StopPodSandboxRequest req;
      req.set_pod_sandbox_id(pod_id);
      v1::StopPodSandboxResponse r;
      return rt_->StopPodSandbox(&ctx, req, &r);
    });
    ok &= Call("RemovePodSandbox", [&](auto& ctx, std::string&) {
      v1::RemovePodSandboxRequest req;
      req.set_pod_sandbox_id(pod_id);
      v1::RemovePodSandboxResponse r;
      return rt_->RemovePodSandbox(&ctx, req, &r);
    });
    ok &= Call("RemovePodSandbox again (idempotent)",
               [&](auto& ctx, std::string&) {
                 v1::RemovePodSandboxRequest req;
                 req.set_pod_sandbox_id(pod_id);
                 v1::RemovePodSandboxResponse r;
                 return rt_->RemovePodSandbox(&ctx, req, &r);
               });

    // Let the last events arrive, then close the stream.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    events_ctx.TryCancel();
    watcher.join();
    std::printf("\nGetContainerEvents subscriber saw %zu events:\n",
                events.size());
    for (const auto& ev : events) {
      bool is_pod = ev.container_id() == pod_id;
      std::printf(
          "  %-24s %-9s %s  (pod %s, %d container status(es))\n",
          v1::ContainerEventType_Name(ev.container_event_type()).c_str(),
          is_pod ? "sandbox" : "container", Short(ev.container_id()).c_str(),
          ev.has_pod_sandbox_status()
              ? v1::PodSandboxState_Name(ev.pod_sandbox_status().state())
                    .c_str()
              : "-",
          ev.containers_statuses_size());
    }
    if (!f.no_faults) {
      ok &= RunFaultDemo(channel_, &step_) != FaultDemoResult::kFailed;
    }
    std::printf("\n%s\n", ok ? "demo finished: every step behaved as expected"
                             : "demo finished with unexpected errors");
    return ok ? 0 : 1;
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RuntimeService::Stub> rt_;
  std::unique_ptr<v1::ImageService::Stub> img_;
  int step_ = 0;
};

}  // namespace

Runner AddDemoCommand(CLI::App& app) {
  auto flags = std::make_shared<DemoFlags>();
  auto* cmd = app.add_subcommand(
      "demo", "Drive one pod and container through a CRI socket");
  cmd->add_option("--endpoint", flags->endpoint,
                  "CRI endpoint (default: " + DefaultEndpoint() + ")");
  cmd->add_option("--image", flags->image, "image for the demo container");
  cmd->add_option("--log-dir", flags->log_dir,
                  "where the pod's log directory goes");
  cmd->add_flag("--no-faults", flags->no_faults,
                "skip the fault-injection part (fakecri's control API)");
  return [flags] {
    std::string ep =
        flags->endpoint.empty() ? DefaultEndpoint() : flags->endpoint;
    auto channel = grpc::CreateChannel(ep, grpc::InsecureChannelCredentials());
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(5))) {
      std::fprintf(stderr,
                   "cannot connect to %s: is `fakecri serve` running?\n",
                   ep.c_str());
      return 1;
    }
    std::printf("fakecri demo against %s\n\n", ep.c_str());
    return Demo(channel).Run(*flags);
  };
}

}  // namespace fakecri::cli
