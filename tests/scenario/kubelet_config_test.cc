// File: kubelet_config_test.cc
// generateContainerConfig's checks before CreateContainer: the image's
// user from ImageStatus (getImageUser) against runAsNonRoot
// (verifyRunAsNonRoot). A failed check is CreateContainerConfigError, the
// runtime never sees a CreateContainer, and the kubelet retries.
#include "scenario/kubelet_fixture.h"

namespace fakecri::scenario::testing {
namespace {

constexpr char kUidImage[] = "registry.k8s.io/e2e-test-images/nonroot:1.4";
constexpr char kNamedImage[] =
    "gcr.io/k8s-staging-cri-tools/test-image-user-username:latest";

PodSpec NonRootPod(const std::string& name, const std::string& image,
                   std::optional<int64_t> run_as_user = std::nullopt) {
  ContainerSpec c;
  c.name = "app";
  c.image = image;
  c.command = {"sh", "-c", "sleep 3600"};
  c.security_context.run_as_non_root = true;
  c.security_context.run_as_user = run_as_user;
  PodSpec p;
  p.name = name;
  p.containers.push_back(std::move(c));
  return p;
}

TEST_F(KubeletTest, RunAsNonRootWithARootImageIsCreateContainerConfigError) {
  StartAll();
  ASSERT_TRUE(kubelet_->AddPod(NonRootPod("root", "busybox:1.36")).ok());
  RunTo(35);
  const PodView v = MustPod("root");
  EXPECT_EQ(v.phase, "Pending");
  EXPECT_EQ(v.status, "CreateContainerConfigError");
  ASSERT_EQ(v.containers.size(), 1u);
  EXPECT_EQ(v.containers[0].state, "waiting");
  EXPECT_EQ(v.containers[0].reason, "CreateContainerConfigError");
  EXPECT_EQ(v.containers[0].message,
            absl::StrCat("container has runAsNonRoot and image will run as "
                         "root (pod: \"root_default(",
                         v.uid, ")\", container: app)"));
  EXPECT_TRUE(Calls("CreateContainer").empty());
  // Retried every 10 s (the pod worker's back-off), one record for the
  // unchanged error.
  EXPECT_GE(Calls("ImageStatus").size(), 6u);
  auto records = KubeletRecords("sync");
  int config_errors = 0;
  for (const auto& r : records) {
    if (r->detail.find("CreateContainerConfigError") != std::string::npos) {
      ++config_errors;
    }
  }
  EXPECT_EQ(config_errors, 1);
}

TEST_F(KubeletTest, RunAsNonRootWithANamedImageUserCannotBeVerified) {
  StartAll();
  ASSERT_TRUE(kubelet_->AddPod(NonRootPod("named", kNamedImage)).ok());
  RunTo(5);
  const PodView v = MustPod("named");
  ASSERT_EQ(v.containers.size(), 1u);
  EXPECT_EQ(v.containers[0].reason, "CreateContainerConfigError");
  EXPECT_NE(v.containers[0].message.find(
                "image has non-numeric user (www-data), cannot verify user "
                "is non-root"),
            std::string::npos)
      << v.containers[0].message;
}

TEST_F(KubeletTest, RunAsUserZeroBreaksTheNonRootPolicy) {
  StartAll();
  ASSERT_TRUE(kubelet_->AddPod(NonRootPod("zero", kUidImage, 0)).ok());
  RunTo(5);
  const PodView v = MustPod("zero");
  ASSERT_EQ(v.containers.size(), 1u);
  EXPECT_EQ(v.containers[0].reason, "CreateContainerConfigError");
  EXPECT_NE(
      v.containers[0].message.find("container's runAsUser breaks non-root"),
      std::string::npos)
      << v.containers[0].message;
}

TEST_F(KubeletTest, NonRootImagesAndUsersStartAndTheUserIsSent) {
  StartAll();
  ASSERT_TRUE(kubelet_->AddPod(NonRootPod("uid", kUidImage)).ok());
  ASSERT_TRUE(
      kubelet_->AddPod(NonRootPod("explicit", "busybox:1.36", 1000)).ok());
  RunTo(5);
  EXPECT_EQ(MustPod("uid").status, "Running");
  EXPECT_EQ(MustPod("explicit").status, "Running");

  // The CreateContainer requests carried the image's uid, or runAsUser.
  auto stub =
      ::runtime::v1::RuntimeService::NewStub(server_->InProcessChannel());
  grpc::ClientContext ctx;
  ::runtime::v1::ListContainersRequest req;
  ::runtime::v1::ListContainersResponse resp;
  ASSERT_TRUE(stub->ListContainers(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.containers_size(), 2);
  for (const auto& c : resp.containers()) {
    grpc::ClientContext sctx;
    ::runtime::v1::ContainerStatusRequest sreq;
    sreq.set_container_id(c.id());
    sreq.set_verbose(true);
    ::runtime::v1::ContainerStatusResponse sresp;
    ASSERT_TRUE(stub->ContainerStatus(&sctx, sreq, &sresp).ok());
    const int64_t want =
        c.labels().at("io.kubernetes.pod.name") == "uid" ? 1234 : 1000;
    EXPECT_EQ(sresp.status().user().linux().uid(), want)
        << c.labels().at("io.kubernetes.pod.name");
  }
  driver_->Rebase();
}

}  // namespace
}  // namespace fakecri::scenario::testing
