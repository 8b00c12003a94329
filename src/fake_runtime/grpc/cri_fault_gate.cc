#include "fake_runtime/grpc/cri_fault_gate.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/cri/api.h"
#include "fake_runtime/faults/fault_outcome.h"
#include "fake_runtime/images/reference.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;
using faults::Hop;

namespace {

// "nginx" -> "docker.io/library/nginx:latest"; selectors match either form.
std::string NormalisedImage(const std::string& ref) {
  auto parsed = ParseImageReference(ref);
  return parsed.ok() ? parsed->String() : ref;
}

// A string field of `msg` by name, or "".
std::string StringField(const google::protobuf::Message& msg,
                        const char* name) {
  const auto* f = msg.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->is_repeated() ||
      f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return msg.GetReflection()->GetString(msg, f);
}

}  // namespace

absl::Status RestartingError(std::string_view rule_id) {
  return absl::UnavailableError(
      absl::StrCat("connection error: the runtime is restarting (injected "
                   "fault ",
                   ToAbsl(rule_id), ")"));
}

CriFaultGate::CriFaultGate(faults::FaultEngine* engine, Clock& clock,
                           ContainerManager& mgr)
    : engine_(engine), clock_(clock), mgr_(mgr) {}

FaultTarget CriFaultGate::TargetOf(const google::protobuf::Message& req) {
  FaultTarget t;
  if (const auto* r = dynamic_cast<const v1::RunPodSandboxRequest*>(&req)) {
    t.SetPod(r->config().metadata(), r->config().labels());
    t.handler = r->runtime_handler();
    return t;
  }
  if (const auto* r = dynamic_cast<const v1::CreateContainerRequest*>(&req)) {
    t = mgr_.SandboxFaultTarget(r->pod_sandbox_id());
    if (t.pod_name.empty() && r->has_sandbox_config()) {
      t.SetPod(r->sandbox_config().metadata(), r->sandbox_config().labels());
    }
    t.container_name = r->config().metadata().name();
    t.image = NormalisedImage(r->config().image().image());
    return t;
  }
  if (const auto* r = dynamic_cast<const v1::PullImageRequest*>(&req)) {
    if (r->has_sandbox_config())
      t.SetPod(r->sandbox_config().metadata(), r->sandbox_config().labels());
    t.image = NormalisedImage(r->image().image());
    t.bytes = mgr_.images().PullSize(r->image().image());
    return t;
  }
  if (std::string id = StringField(req, "container_id"); !id.empty()) {
    return mgr_.ContainerFaultTarget(id);
  }
  if (std::string id = StringField(req, "pod_sandbox_id"); !id.empty()) {
    return mgr_.SandboxFaultTarget(id);
  }
  if (const auto* f = req.GetDescriptor()->FindFieldByName("image");
      f != nullptr &&
      f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
      !f->is_repeated()) {
    t.image = NormalisedImage(
        StringField(req.GetReflection()->GetMessage(req, f), "image"));
  }
  return t;
}

CriFaultGate::Decision CriFaultGate::Check(
    absl::string_view rpc, const google::protobuf::Message& req) {
  Decision d;
  if (auto outage = Outage()) {
    d.error = *outage;
    return d;
  }
  if (engine_ == nullptr) return d;
  const bool pull = rpc == "PullImage" && engine_->HasRules(Hop::kImagePull);
  if (!engine_->HasRules(Hop::kCri) && !pull) return d;
  const FaultTarget target = TargetOf(req);
  std::vector<faults::FaultHit> hits =
      engine_->Match(target.Point(Hop::kCri, ToStd(rpc)));
  if (pull) {
    for (auto& h : engine_->Match(target.Point(Hop::kImagePull, "pull"))) {
      hits.push_back(std::move(h));
    }
  }
  faults::FaultOutcome out = faults::OutcomeOf(hits);
  if (out.restart) {
    if (restart_) restart_(*out.restart);
    d.error = RestartingError(out.restart->rule_id);
    return d;
  }
  d.delay = out.delay;
  d.hang = out.hang;
  d.error = std::move(out.error);
  return d;
}

void CriFaultGate::BeginOutage(TimeNs until, std::string message) {
  fakecri::MutexLock l(&mu_);
  down_until_ = std::max(down_until_, until);
  down_message_ = std::move(message);
  down_.store(true, std::memory_order_release);
}

std::optional<absl::Status> CriFaultGate::Outage() {
  if (!down_.load(std::memory_order_acquire)) return std::nullopt;
  const TimeNs now = clock_.Now();
  fakecri::MutexLock l(&mu_);
  if (now >= down_until_) {
    down_.store(false, std::memory_order_release);
    return std::nullopt;
  }
  return absl::UnavailableError(down_message_);
}

uint64_t CriFaultGate::Hold(Canceller fn) {
  fakecri::MutexLock l(&mu_);
  const uint64_t token = next_token_++;
  held_.emplace(token, std::move(fn));
  return token;
}

void CriFaultGate::Release(uint64_t token) {
  fakecri::MutexLock l(&mu_);
  held_.erase(token);
}

void CriFaultGate::FailHeld(const absl::Status& status) {
  std::map<uint64_t, Canceller> held;
  {
    fakecri::MutexLock l(&mu_);
    held = std::exchange(held_, {});
  }
  for (auto& [token, fn] : held) fn(status);
}

}  // namespace fakecri::runtime
