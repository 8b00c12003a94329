// The unary control RPCs (faults, snapshot, clock) and the bookkeeping of
// WatchEvents streams. Every handler answers at once: nothing here waits
// except AdvanceClock, which runs the timers it makes due.
#include "fake_runtime/control/control_service.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/control/event_proto.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/control/watch_reactor.h"
#include "fake_runtime/faults/fault_yaml.h"
#include "fake_runtime/grpc/status_conversion.h"

namespace fakecri::control {
namespace {

namespace v1 = ::runtime::v1;

template <typename Body>
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* ctx,
                                 Body&& body) {
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(runtime::ToGrpcStatus(body()));
  return reactor;
}

}  // namespace

ControlService::ControlService(faults::FaultEngine& faults,
                               runtime::EventLog& log, runtime::Clock& clock,
                               runtime::ContainerManager& manager,
                               uint64_t seed)
    : faults_(faults),
      log_(log),
      clock_(clock),
      manager_(manager),
      seed_(seed) {
  constexpr std::string_view kService = "fakecri.v1.Control";
  AnswerParseErrors(kService, "AddFault", &ControlService::AddFault);
  AnswerParseErrors(kService, "RemoveFault", &ControlService::RemoveFault);
  AnswerParseErrors(kService, "ListFaults", &ControlService::ListFaults);
  AnswerParseErrors(kService, "ClearFaults", &ControlService::ClearFaults);
  AnswerParseErrors(kService, "GetSnapshot", &ControlService::GetSnapshot);
  AnswerParseErrors(kService, "PauseClock", &ControlService::PauseClock);
  AnswerParseErrors(kService, "ResumeClock", &ControlService::ResumeClock);
  AnswerParseErrors(kService, "AdvanceClock", &ControlService::AdvanceClock);
  AnswerParseErrors(kService, "SetClockScale", &ControlService::SetClockScale);
  AnswerParseErrors(kService, "GetClock", &ControlService::GetClock);
  AnswerParseErrors(kService, "WatchEvents", &ControlService::WatchEvents);
}

ControlService::~ControlService() = default;

// ---- faults -----------------------------------------------------------------

absl::Status ControlService::AddFaults(const pb::AddFaultRequest& req,
                                       pb::AddFaultResponse* resp) {
  std::vector<faults::FaultRule> rules;
  switch (req.source_case()) {
    case pb::AddFaultRequest::kRule: {
      auto rule = RuleFromProto(req.rule());
      if (!rule.ok()) return rule.status();
      rules.push_back(std::move(*rule));
      break;
    }
    case pb::AddFaultRequest::kYaml: {
      auto parsed = faults::ParseFaultsYaml(
          req.yaml(),
          req.source_name().empty() ? "request" : req.source_name());
      if (!parsed.ok()) return parsed.status();
      rules = std::move(*parsed);
      break;
    }
    default:
      return absl::InvalidArgumentError(
          "AddFault needs a rule or the text of a fault file (yaml)");
  }

  // All or none (the engine checks every rule and id first).
  ASSIGN_OR_RETURN(std::vector<std::string> ids, faults_.AddAll(rules));
  for (size_t i = 0; i < ids.size(); ++i) {
    rules[i].id = ids[i];
    resp->add_ids(ids[i]);
    resp->add_descriptions(faults::Describe(rules[i]));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ControlService::AddFault(
    grpc::CallbackServerContext* ctx, const pb::AddFaultRequest* req,
    pb::AddFaultResponse* resp) {
  return Answer(ctx, [&] { return AddFaults(*req, resp); });
}

grpc::ServerUnaryReactor* ControlService::RemoveFault(
    grpc::CallbackServerContext* ctx, const pb::RemoveFaultRequest* req,
    pb::RemoveFaultResponse*) {
  return Answer(ctx, [&] {
    fakecri::MutexLock l(&faults_mu_);
    return faults_.Remove(req->id());
  });
}

grpc::ServerUnaryReactor* ControlService::ListFaults(
    grpc::CallbackServerContext* ctx, const pb::ListFaultsRequest*,
    pb::ListFaultsResponse* resp) {
  return Answer(ctx, [&] {
    for (const faults::RuleStatus& s : faults_.List()) {
      *resp->add_faults() = StatusToProto(s);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ControlService::ClearFaults(
    grpc::CallbackServerContext* ctx, const pb::ClearFaultsRequest*,
    pb::ClearFaultsResponse* resp) {
  return Answer(ctx, [&] {
    fakecri::MutexLock l(&faults_mu_);
    resp->set_removed(static_cast<uint32_t>(faults_.size()));
    faults_.Clear();
    return absl::OkStatus();
  });
}

// ---- snapshot ---------------------------------------------------------------

grpc::ServerUnaryReactor* ControlService::GetSnapshot(
    grpc::CallbackServerContext* ctx, const pb::GetSnapshotRequest*,
    pb::GetSnapshotResponse* resp) {
  return Answer(ctx, [&]() -> absl::Status {
    // Read the sequence number first: everything listed is at least as new.
    resp->set_last_event_seq(log_.LastSeq());
    const runtime::CallContext call{};
    v1::ListPodSandboxResponse pods;
    if (absl::Status s = manager_.ListPodSandbox(call, {}, &pods); !s.ok()) {
      return s;
    }
    resp->mutable_sandboxes()->Swap(pods.mutable_items());
    v1::ListContainersResponse containers;
    if (absl::Status s = manager_.ListContainers(call, {}, &containers);
        !s.ok()) {
      return s;
    }
    resp->mutable_containers()->Swap(containers.mutable_containers());
    v1::ListImagesResponse images;
    if (absl::Status s = manager_.ListImages(call, {}, &images); !s.ok()) {
      return s;
    }
    resp->mutable_images()->Swap(images.mutable_images());
    for (const faults::RuleStatus& s : faults_.List()) {
      *resp->add_faults() = StatusToProto(s);
    }
    FillClock(resp->mutable_clock());
    resp->set_seed(seed_);
    return absl::OkStatus();
  });
}

// ---- clock ------------------------------------------------------------------

void ControlService::FillClock(pb::ClockState* out) {
  out->set_now_ns(clock_.Now());
  out->set_kind(clock_.Kind());
  out->set_paused(clock_.Paused());
  out->set_scale(clock_.Scale());
}

grpc::ServerUnaryReactor* ControlService::PauseClock(
    grpc::CallbackServerContext* ctx, const pb::PauseClockRequest*,
    pb::ClockResponse* resp) {
  return Answer(ctx, [&] {
    absl::Status s = clock_.Pause();
    if (s.ok()) FillClock(resp->mutable_clock());
    return s;
  });
}

grpc::ServerUnaryReactor* ControlService::ResumeClock(
    grpc::CallbackServerContext* ctx, const pb::ResumeClockRequest*,
    pb::ClockResponse* resp) {
  return Answer(ctx, [&] {
    absl::Status s = clock_.Resume();
    if (s.ok()) FillClock(resp->mutable_clock());
    return s;
  });
}

grpc::ServerUnaryReactor* ControlService::AdvanceClock(
    grpc::CallbackServerContext* ctx, const pb::AdvanceClockRequest* req,
    pb::ClockResponse* resp) {
  return Answer(ctx, [&] {
    // Runs due timers on this thread (virtual clock) or waits for the
    // timer thread (real clock); this thread holds no runtime lock.
    absl::Status s = clock_.Advance(req->duration_ns());
    if (s.ok()) FillClock(resp->mutable_clock());
    return s;
  });
}

grpc::ServerUnaryReactor* ControlService::SetClockScale(
    grpc::CallbackServerContext* ctx, const pb::SetClockScaleRequest* req,
    pb::ClockResponse* resp) {
  return Answer(ctx, [&] {
    absl::Status s = clock_.SetScale(req->scale());
    if (s.ok()) FillClock(resp->mutable_clock());
    return s;
  });
}

grpc::ServerUnaryReactor* ControlService::GetClock(
    grpc::CallbackServerContext* ctx, const pb::GetClockRequest*,
    pb::ClockResponse* resp) {
  return Answer(ctx, [&] {
    FillClock(resp->mutable_clock());
    return absl::OkStatus();
  });
}

// ---- events -----------------------------------------------------------------

grpc::ServerWriteReactor<pb::WatchEventsResponse>* ControlService::WatchEvents(
    grpc::CallbackServerContext*, const pb::WatchEventsRequest* req) {
  absl::StatusOr<KindMask> kinds = ParseKinds(req->kinds());
  auto r = std::make_shared<WatchReactor>(this, log_,
                                          kinds.ok() ? *kinds : kAllKinds);
  r->self_ = r;
  bool closing;
  {
    fakecri::MutexLock l(&streams_mu_);
    closing = shutting_down_;
    if (!closing && kinds.ok()) streams_.emplace(r.get(), r);
  }
  if (!kinds.ok()) {
    r->End(runtime::ToGrpcStatus(kinds.status()));
  } else if (closing) {
    r->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "runtime is shutting down"));
  } else {
    r->Start(req->since_seq());
  }
  return r.get();
}

void ControlService::Forget(WatchReactor* r) {
  fakecri::MutexLock l(&streams_mu_);
  streams_.erase(r);
}

void ControlService::EndStreams(const grpc::Status& status) {
  std::vector<std::shared_ptr<WatchReactor>> open;
  {
    fakecri::MutexLock l(&streams_mu_);
    shutting_down_ = true;
    for (auto& [ptr, r] : streams_) open.push_back(r);
  }
  // The shared pointers keep each reactor alive even if it finishes now.
  for (auto& r : open) r->End(status);
}

}  // namespace fakecri::control
