// File: remote_faults.cc
// The fault commands of a running fakecri, through fakecri.v1.Control.
#include <grpcpp/grpcpp.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "fakecri/control_api.h"
#include "gui/sources/fault_backend.h"

namespace fakecri::gui {
namespace {

namespace pb = ::fakecri::v1;

absl::Status FromGrpc(const grpc::Status& st) {
  if (st.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(st.error_code()),
                      st.error_message());
}

class RemoteFaults : public FaultBackend {
 public:
  RemoteFaults(std::shared_ptr<grpc::Channel> channel, int timeout_ms)
      : stub_(pb::Control::NewStub(std::move(channel))),
        timeout_ms_(timeout_ms) {}

  absl::StatusOr<std::vector<std::string>> Add(
      const std::string& yaml) override {
    pb::AddFaultRequest req;
    req.set_yaml(yaml);
    req.set_source_name("fault form");
    pb::AddFaultResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto st = FromGrpc(stub_->AddFault(&ctx, req, &resp)); !st.ok()) {
      return st;
    }
    return std::vector<std::string>(resp.ids().begin(), resp.ids().end());
  }

  absl::Status Remove(const std::string& id) override {
    pb::RemoveFaultRequest req;
    req.set_id(id);
    pb::RemoveFaultResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    return FromGrpc(stub_->RemoveFault(&ctx, req, &resp));
  }

  absl::StatusOr<std::vector<FaultRuleInfo>> List() override {
    pb::ListFaultsResponse resp;
    grpc::ClientContext ctx;
    SetDeadline(ctx);
    if (auto st = FromGrpc(stub_->ListFaults(&ctx, {}, &resp)); !st.ok()) {
      return st;
    }
    std::vector<FaultRuleInfo> out;
    out.reserve(resp.faults_size());
    for (const pb::FaultStatus& f : resp.faults()) {
      FaultRuleInfo info;
      info.id = f.rule().id();
      info.summary = f.description();
      info.matches = f.matches();
      info.hits = f.hits();
      info.added_at = f.added_at_ns();
      out.push_back(std::move(info));
    }
    return out;
  }

 private:
  void SetDeadline(grpc::ClientContext& ctx) const {
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::milliseconds(timeout_ms_));
  }

  std::unique_ptr<pb::Control::Stub> stub_;
  int timeout_ms_;
};

}  // namespace

std::unique_ptr<FaultBackend> NewRemoteFaults(
    std::shared_ptr<grpc::Channel> channel, int timeout_ms) {
  return std::make_unique<RemoteFaults>(std::move(channel), timeout_ms);
}

}  // namespace fakecri::gui
