// File: cri_manager_fuzzer.cc
// Every CRI request handler, through the container manager on a virtual
// clock (no gRPC): a fixed prelude makes a pod with a running and a created
// container, then the input's calls (cri_input.h) run one after the other,
// the clock moving between them. Checked besides ASan/UBSan:
//   - a call that fails leaves everything a client can see as it was
//     (calls that fail after a fault fired, and the calls that legitimately
//     change state on error, are exempt);
//   - removing every container and pod at the end releases every name, IP
//     and task.
// Host writes stay in a private temporary directory: it is the log root,
// every log directory is put under it and checkpoints are written there.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>
#include <google/protobuf/stubs/logging.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "cri_input.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/events/event_log.h"
#include "fake_runtime/faults/fault_engine.h"
#include "fake_runtime/images/image_catalogue.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::fuzz {
namespace {

namespace v1 = ::runtime::v1;
namespace pb = ::google::protobuf;
using runtime::CallContext;
using runtime::kMillisecond;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "cri_manager_fuzzer: invariant violated: %s\n",
               what.c_str());
  std::abort();
}

// The private directory all host files go to, emptied after each input.
const std::string& LogRoot() {
  static const std::string* root = [] {
    std::string templ =
        (std::filesystem::temp_directory_path() / "fakecri-fuzz-XXXXXX")
            .string();
    if (mkdtemp(templ.data()) == nullptr) Fail("mkdtemp failed");
    std::atexit([] { std::filesystem::remove_all(LogRoot()); });
    return new std::string(templ);
  }();
  return *root;
}

void EmptyLogRoot() {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(LogRoot(), ec)) {
    std::filesystem::remove_all(e.path(), ec);
  }
}

const runtime::ImageCatalogue& Catalogue() {
  static const auto* c =
      new runtime::ImageCatalogue(runtime::ImageCatalogue::BuiltIn());
  return *c;
}

std::string Det(const pb::Message& m) {
  std::string out;
  {
    pb::io::StringOutputStream s(&out);
    pb::io::CodedOutputStream cos(&s);
    cos.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&cos);
  }
  return out;
}

class World {
 public:
  World()
      : log_(clock_, 4096),
        images_(Catalogue(), clock_),
        faults_(7, clock_),
        mgr_(
            runtime::ManagerOptions{
                .seed = 42, .log_root = LogRoot(), .faults = &faults_},
            clock_, log_, images_) {
    faults_.SetObserver([this](const faults::FaultHit&) { ++fault_hits_; });
    faults_.SetAddObserver([this](const faults::RuleStatus& added) {
      if (added.rule.hop == faults::Hop::kProcess) {
        mgr_.ApplyProcessRuleToRunning(added.rule.id);
      }
    });
  }

  ~World() { mgr_.Shutdown(); }

  void Prelude() {
    if (!images_.Pull("busybox").ok()) Fail("prelude: pull busybox");
    v1::RunPodSandboxRequest run;
    *run.mutable_config() = PodConfig("web");
    v1::RunPodSandboxResponse pod;
    if (!mgr_.RunPodSandbox(ctx_, run, &pod).ok()) Fail("prelude: pod");
    sandboxes_.push_back(pod.pod_sandbox_id());
    const std::string app = Create(pod.pod_sandbox_id(), "app",
                                   {"sh", "-c", "echo started; sleep 3600"});
    const std::string side =
        Create(pod.pod_sandbox_id(), "side", {"sleep", "3600"});
    v1::StartContainerRequest start;
    start.set_container_id(app);
    v1::StartContainerResponse started;
    if (!mgr_.StartContainer(ctx_, start, &started).ok()) {
      Fail("prelude: start");
    }
    (void)side;
  }

  void Run(const CriCall& call) {
    clock_.AdvanceBy(call.advance * 10 * kMillisecond);
    switch (call.rpc) {
#define FAKECRI_UNARY(NAME)                                         \
  case CriRpc::k##NAME:                                             \
    Unary<v1::NAME##Request, v1::NAME##Response>(call, &Mgr::NAME); \
    break;
      FAKECRI_UNARY(Version)
      FAKECRI_UNARY(RunPodSandbox)
      FAKECRI_UNARY(StopPodSandbox)
      FAKECRI_UNARY(RemovePodSandbox)
      FAKECRI_UNARY(PodSandboxStatus)
      FAKECRI_UNARY(ListPodSandbox)
      FAKECRI_UNARY(CreateContainer)
      FAKECRI_UNARY(StartContainer)
      FAKECRI_UNARY(RemoveContainer)
      FAKECRI_UNARY(ListContainers)
      FAKECRI_UNARY(ContainerStatus)
      FAKECRI_UNARY(UpdateContainerResources)
      FAKECRI_UNARY(ReopenContainerLog)
      FAKECRI_UNARY(Exec)
      FAKECRI_UNARY(Attach)
      FAKECRI_UNARY(PortForward)
      FAKECRI_UNARY(ContainerStats)
      FAKECRI_UNARY(ListContainerStats)
      FAKECRI_UNARY(PodSandboxStats)
      FAKECRI_UNARY(ListPodSandboxStats)
      FAKECRI_UNARY(UpdateRuntimeConfig)
      FAKECRI_UNARY(Status)
      FAKECRI_UNARY(CheckpointContainer)
      FAKECRI_UNARY(ListMetricDescriptors)
      FAKECRI_UNARY(ListPodSandboxMetrics)
      FAKECRI_UNARY(RuntimeConfig)
      FAKECRI_UNARY(UpdatePodSandboxResources)
      FAKECRI_UNARY(ListImages)
      FAKECRI_UNARY(ImageStatus)
      FAKECRI_UNARY(PullImage)
      FAKECRI_UNARY(RemoveImage)
      FAKECRI_UNARY(ImageFsInfo)
#undef FAKECRI_UNARY
      case CriRpc::kStopContainer:
        Async<v1::StopContainerRequest, v1::StopContainerResponse>(
            call, &Mgr::StopContainer);
        break;
      case CriRpc::kExecSync:
        Async<v1::ExecSyncRequest, v1::ExecSyncResponse>(call, &Mgr::ExecSync);
        break;
      case CriRpc::kAddFaultRule:
        AddFaultRule(call);
        break;
      case CriRpc::kCount:
        break;
    }
  }

  // Removes everything; every name, IP and task must be released.
  void Teardown() {
    faults_.Clear();
    v1::ListContainersResponse ctrs;
    if (!mgr_.ListContainers(ctx_, {}, &ctrs).ok()) Fail("teardown: list");
    for (const auto& c : ctrs.containers()) {
      v1::RemoveContainerRequest req;
      req.set_container_id(c.id());
      v1::RemoveContainerResponse resp;
      if (absl::Status st = mgr_.RemoveContainer(ctx_, req, &resp); !st.ok()) {
        Fail("teardown: RemoveContainer: " + std::string(st.message()));
      }
    }
    v1::ListPodSandboxResponse pods;
    if (!mgr_.ListPodSandbox(ctx_, {}, &pods).ok()) Fail("teardown: list");
    for (const auto& p : pods.items()) {
      v1::StopPodSandboxRequest stop;
      stop.set_pod_sandbox_id(p.id());
      v1::StopPodSandboxResponse stopped;
      if (absl::Status st = mgr_.StopPodSandbox(ctx_, stop, &stopped);
          !st.ok()) {
        Fail("teardown: StopPodSandbox: " + std::string(st.message()));
      }
      v1::RemovePodSandboxRequest rm;
      rm.set_pod_sandbox_id(p.id());
      v1::RemovePodSandboxResponse removed;
      if (absl::Status st = mgr_.RemovePodSandbox(ctx_, rm, &removed);
          !st.ok()) {
        Fail("teardown: RemovePodSandbox: " + std::string(st.message()));
      }
    }
    const auto n = mgr_.CountsForTest();
    if (n.sandboxes + n.containers + n.names + n.ips + n.tasks != 0) {
      Fail("teardown left sandboxes=" + std::to_string(n.sandboxes) +
           " containers=" + std::to_string(n.containers) + " names=" +
           std::to_string(n.names) + " ips=" + std::to_string(n.ips) +
           " tasks=" + std::to_string(n.tasks));
    }
  }

 private:
  using Mgr = runtime::ContainerManager;

  static v1::PodSandboxConfig PodConfig(const std::string& name) {
    v1::PodSandboxConfig c;
    c.mutable_metadata()->set_name(name);
    c.mutable_metadata()->set_namespace_("default");
    c.mutable_metadata()->set_uid("uid-" + name);
    c.set_hostname(name);
    c.set_log_directory(LogRoot() + "/pods/" + name);
    (*c.mutable_labels())["io.kubernetes.pod.name"] = name;
    return c;
  }

  std::string Create(const std::string& pod_id, const std::string& name,
                     const std::vector<std::string>& argv) {
    v1::CreateContainerRequest req;
    req.set_pod_sandbox_id(pod_id);
    auto* c = req.mutable_config();
    c->mutable_metadata()->set_name(name);
    c->mutable_image()->set_image("busybox");
    for (const auto& a : argv) c->add_command(a);
    c->set_log_path(name + "/0.log");
    (*c->mutable_labels())["io.kubernetes.container.name"] = name;
    *req.mutable_sandbox_config() = PodConfig("web");
    v1::CreateContainerResponse resp;
    if (!mgr_.CreateContainer(ctx_, req, &resp).ok()) Fail("prelude: create");
    containers_.push_back(resp.container_id());
    return resp.container_id();
  }

  // Unless the call asks for raw ids, points every container and sandbox id
  // field of `m` at an object of the pools (whole id or a prefix).
  void AimIds(pb::Message* m, uint8_t target, int depth = 0) {
    const pb::Descriptor* d = m->GetDescriptor();
    const pb::Reflection* r = m->GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const pb::FieldDescriptor* f = d->field(i);
      if (f->is_repeated()) continue;
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (depth < 3 && r->HasField(*m, f)) {
          AimIds(r->MutableMessage(m, f), target, depth + 1);
        }
        continue;
      }
      if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) continue;
      const std::vector<std::string>* pool = nullptr;
      if (f->name() == "container_id") {
        pool = &containers_;
      } else if (f->name() == "pod_sandbox_id") {
        pool = &sandboxes_;
      } else if (f->name() == "id" && absl::EndsWith(d->name(), "Filter")) {
        pool = absl::StartsWith(d->name(), "PodSandbox") ? &sandboxes_
                                                         : &containers_;
      }
      if (pool == nullptr || pool->empty()) continue;
      const std::string& id = (*pool)[(target & 7) % pool->size()];
      switch ((target >> 3) & 3) {
        case 1:
          r->SetString(m, f, id.substr(0, 12));
          break;
        case 2:
          r->SetString(m, f, id.substr(0, 3));
          break;
        default:
          r->SetString(m, f, id);
      }
    }
  }

  // Host paths in the request are kept under the private log root.
  static void Confine(pb::Message* m) {
    if (auto* run = dynamic_cast<v1::RunPodSandboxRequest*>(m)) {
      run->mutable_config()->set_log_directory(LogRoot() + "/" +
                                               run->config().log_directory());
    } else if (auto* create = dynamic_cast<v1::CreateContainerRequest*>(m)) {
      if (create->has_sandbox_config()) {
        create->mutable_sandbox_config()->set_log_directory(
            LogRoot() + "/" + create->sandbox_config().log_directory());
      }
      // Host-path mounts show the host directory's entries: keep them off
      // the real host.
      for (auto& mount : *create->mutable_config()->mutable_mounts()) {
        mount.set_host_path(LogRoot() + "/" + mount.host_path());
      }
    } else if (auto* cp = dynamic_cast<v1::CheckpointContainerRequest*>(m)) {
      if (!cp->location().empty()) {
        cp->set_location(LogRoot() + "/checkpoint.tar");
      }
    }
  }

  // Parses and prepares the request; false when the bytes are no message.
  bool Prepare(const CriCall& call, pb::Message* req) {
    if (!req->ParseFromArray(call.request.data(),
                             static_cast<int>(call.request.size()))) {
      return false;
    }
    if ((call.target & kRawIds) == 0) AimIds(req, call.target);
    Confine(req);
    return true;
  }

  // Everything a client can observe, serialised.
  std::string Snapshot() {
    v1::ListPodSandboxResponse pods;
    v1::ListContainersResponse ctrs;
    v1::ListImagesResponse imgs;
    (void)mgr_.ListPodSandbox(ctx_, {}, &pods);
    (void)mgr_.ListContainers(ctx_, {}, &ctrs);
    (void)mgr_.ListImages(ctx_, {}, &imgs);
    std::string out;
    for (const auto& p : pods.items()) {
      v1::PodSandboxStatusRequest r;
      r.set_pod_sandbox_id(p.id());
      v1::PodSandboxStatusResponse s;
      (void)mgr_.PodSandboxStatus(ctx_, r, &s);
      s.clear_timestamp();
      out += Det(s);
    }
    for (const auto& c : ctrs.containers()) {
      v1::ContainerStatusRequest r;
      r.set_container_id(c.id());
      v1::ContainerStatusResponse s;
      (void)mgr_.ContainerStatus(ctx_, r, &s);
      out += Det(s);
    }
    out += Det(imgs);
    const auto n = mgr_.CountsForTest();
    out += std::to_string(n.names) + "/" + std::to_string(n.ips) + "/" +
           std::to_string(n.tasks);
    return out;
  }

  template <typename Req, typename Resp>
  void Unary(const CriCall& call,
             absl::Status (Mgr::*method)(Mgr::Ctx, const Req&, Resp*)) {
    Req req;
    if (!Prepare(call, &req)) return;
    // A start that fails moves the container to EXITED (as containerd
    // does): the one handler whose error changes state by design.
    const bool check = !std::is_same_v<Req, v1::StartContainerRequest>;
    const std::string before = check ? Snapshot() : "";
    const uint64_t hits = fault_hits_;
    Resp resp;
    const absl::Status st = (mgr_.*method)(CallContext{}, req, &resp);
    if (st.ok()) {
      if constexpr (std::is_same_v<Req, v1::RunPodSandboxRequest>) {
        if (sandboxes_.size() < 8) sandboxes_.push_back(resp.pod_sandbox_id());
      }
      if constexpr (std::is_same_v<Req, v1::CreateContainerRequest>) {
        if (containers_.size() < 8) containers_.push_back(resp.container_id());
      }
      return;
    }
    if (check && hits == fault_hits_ && Snapshot() != before) {
      Fail(std::string(Req::descriptor()->name()) + " failed (" +
           st.ToString() + ") but changed state");
    }
  }

  // StopContainer / ExecSync: the clock runs (up to 10 s) until the call
  // answers; one still waiting then is answered by Shutdown.
  template <typename Req, typename Resp>
  void Async(const CriCall& call,
             void (Mgr::*method)(Mgr::Ctx, const Req&, Resp*, Mgr::Done)) {
    Req req;
    if (!Prepare(call, &req)) return;
    auto resp = std::make_unique<Resp>();
    auto done = std::make_shared<bool>(false);
    (mgr_.*method)(CallContext{}, req, resp.get(),
                   [done](absl::Status) { *done = true; });
    for (int i = 0; i < 100 && !*done; ++i) {
      clock_.AdvanceBy(100 * kMillisecond);
    }
    pending_.push_back(std::move(resp));
  }

  void AddFaultRule(const CriCall& call) {
    ::fakecri::v1::FaultRule proto;
    if (!proto.ParseFromArray(call.request.data(),
                              static_cast<int>(call.request.size()))) {
      return;
    }
    auto rule = control::RuleFromProto(proto);
    if (rule.ok()) (void)faults_.Add(*std::move(rule));
  }

  runtime::VirtualClock clock_;
  runtime::BoundedEventLog log_;
  runtime::ImageStore images_;
  faults::FaultEngine faults_;
  // Responses of calls that may still answer: they outlive the manager.
  std::deque<std::unique_ptr<pb::Message>> pending_;
  runtime::ContainerManager mgr_;
  const CallContext ctx_;
  std::vector<std::string> sandboxes_, containers_;
  uint64_t fault_hits_ = 0;
};

}  // namespace
}  // namespace fakecri::fuzz

// Protobuf logs every string field with invalid UTF-8 it parses; the
// fuzzers feed it thousands a second.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fakecri::fuzz;
  {
    World world;
    world.Prelude();
    for (const CriCall& call : DecodeCalls(data, size)) world.Run(call);
    world.Teardown();
  }
  EmptyLogRoot();
  return 0;
}
