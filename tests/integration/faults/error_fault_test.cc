// Injected gRPC errors at the CRI hop, as a client sees them over the
// socket: code, containerd-like default message, selectors, `first`,
// `times`, and the event-log record of each hit.
#include <gmock/gmock.h>

#include "fake_runtime/faults/effects/effect_registry.h"
#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ErrorFault : public FaultTest {};

TEST_F(ErrorFault, PullFailsWithTheCodeForTheFirstTwoCallsOnly) {
  AddFaults(R"y(
  - id: flaky-registry
    hop: cri
    operation: PullImage
    match: {image: "nginx*"}
    effect: {error: UNAVAILABLE}
    when: {times: 2}
)y");
  grpc::Status first = Pull("nginx:1.25");
  EXPECT_EQ(first.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(first.error_message(),
              HasSubstr("failed to pull and unpack image "
                        "\"docker.io/library/nginx:1.25\""));
  EXPECT_EQ(Pull("busybox").error_code(), grpc::StatusCode::OK);
  EXPECT_EQ(Pull("nginx:1.25").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(Pull("nginx:1.25").ok());
  EXPECT_THAT(FaultHits(), ElementsAre(HasSubstr("flaky-registry"),
                                       HasSubstr("flaky-registry")));
}

TEST_F(ErrorFault, FailedCallChangesNoState) {
  AddFaults(R"y(
  - hop: cri
    operation: RunPodSandbox
    match: {pod: "web-*"}
    effect: {error: {code: RESOURCE_EXHAUSTED, message: "no room for {pod}"}}
)y");
  v1::RunPodSandboxRequest req;
  *req.mutable_config() = Pod("web-1");
  v1::RunPodSandboxResponse resp;
  grpc::Status st = rt_->RunPodSandbox(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(st.error_message(), "no room for web-1");
  v1::ListPodSandboxResponse list;
  ASSERT_TRUE(
      rt_->ListPodSandbox(Ctx().get(), v1::ListPodSandboxRequest(), &list)
          .ok());
  EXPECT_EQ(list.items_size(), 0);
  // Another pod is not selected.
  EXPECT_FALSE(RunPod("db-1").empty());
}

TEST_F(ErrorFault, LabelSelectorMatchesPodLabelsForContainerCalls) {
  AddFaults(R"y(
  - hop: cri
    operation: StartContainer
    match: {labels: {app: web}, container: app}
    effect: {error: {code: INTERNAL}}
)y");
  const std::string web = RunPod("web", {{"app", "web"}});
  const std::string db = RunPod("db", {{"app", "db"}});
  ASSERT_TRUE(Pull("busybox").ok());
  std::string a, b;
  ASSERT_TRUE(Create(web, "app", "busybox", {"sleep", "60"}, &a).ok());
  ASSERT_TRUE(Create(db, "app", "busybox", {"sleep", "60"}, &b).ok());
  EXPECT_EQ(StartContainer(a).error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_TRUE(StartContainer(b).ok());
  EXPECT_EQ(Status(a).state(), v1::CONTAINER_CREATED);
  auto hits = FaultHits();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_THAT(hits[0], HasSubstr("pod e2e/web container app"));
}

TEST_F(ErrorFault, EveryNthCallFailsAndRemovedRuleStopsFiring) {
  auto ids = AddFaults(R"y(
  - hop: cri
    operation: Version
    effect: {error: {code: UNKNOWN}}
    when: {every: 3}
)y");
  std::vector<int> codes;
  for (int i = 0; i < 6; ++i) {
    v1::VersionResponse resp;
    codes.push_back(
        rt_->Version(Ctx().get(), v1::VersionRequest(), &resp).error_code());
  }
  EXPECT_THAT(codes, ElementsAre(0, 0, 2, 0, 0, 2));
  ASSERT_TRUE(server_->faults().Remove(ids[0]).ok());
  v1::VersionResponse resp;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(rt_->Version(Ctx().get(), v1::VersionRequest(), &resp).ok());
  }
}

TEST_F(ErrorFault, GlobOnRpcNamesSelectsSeveralCalls) {
  AddFaults(R"y(
  - hop: cri
    operation: "List*"
    effect: {error: {code: UNAVAILABLE}}
)y");
  v1::ListContainersResponse c;
  EXPECT_EQ(rt_->ListContainers(Ctx().get(), {}, &c).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  v1::ListImagesResponse i;
  EXPECT_EQ(img_->ListImages(Ctx().get(), {}, &i).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  v1::VersionResponse v;
  EXPECT_TRUE(rt_->Version(Ctx().get(), {}, &v).ok());
}

TEST_F(ErrorFault, ManagerStepErrorFailsRunPodSandbox) {
  AddFaults(R"y(
  - hop: manager
    operation: setup_network
    effect: {error: {code: UNKNOWN, message: "plugin type=\"calico\" failed (add): connection refused"}}
)y");
  v1::RunPodSandboxRequest req;
  *req.mutable_config() = Pod("p");
  v1::RunPodSandboxResponse resp;
  grpc::Status st = rt_->RunPodSandbox(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_THAT(st.error_message(),
              HasSubstr("failed to setup network for sandbox"));
  EXPECT_THAT(st.error_message(), HasSubstr("calico"));
  // The name was released: a retry without the rule works.
  server_->faults().Clear();
  EXPECT_TRUE(rt_->RunPodSandbox(Ctx().get(), req, &resp).ok());
}

TEST_F(ErrorFault, RuleBuiltInCppFiresLikeOneFromYaml) {
  faults::FaultRule rule;
  rule.id = "cpp";
  rule.hop = faults::Hop::kCri;
  rule.operation = "ImageStatus";
  rule.match.image = "redis:*";
  rule.effect.kind = faults::FindEffect("error");
  rule.effect.code = absl::StatusCode::kPermissionDenied;
  rule.when.first = 1;
  ASSERT_TRUE(InternalsForTest(*server_).fault_engine().Add(rule).ok());
  v1::ImageStatusRequest req;
  req.mutable_image()->set_image("redis:7");
  v1::ImageStatusResponse resp;
  grpc::Status st = img_->ImageStatus(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(st.error_message(),
              HasSubstr("failed to get image \"docker.io/library/redis:7\""));
  EXPECT_TRUE(img_->ImageStatus(Ctx().get(), req, &resp).ok());
  auto listed = server_->faults().Get("cpp");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->hits, 1u);
  EXPECT_EQ(listed->matches, 2u);
}

}  // namespace
}  // namespace fakecri::testing
