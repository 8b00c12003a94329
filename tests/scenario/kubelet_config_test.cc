// File: kubelet_config_test.cc
// generateContainerConfig's checks before CreateContainer: the image's
// user from ImageStatus (getImageUser) against runAsNonRoot
// (verifyRunAsNonRoot). A failed check is CreateContainerConfigError, the
// runtime never sees a CreateContainer, and the kubelet retries. And the
// config itself: container ports as sandbox port mappings.
#include "scenario/kubelet/pod_config.h"
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
  const auto containers = RuntimeContainers();
  ASSERT_EQ(containers.size(), 2u);
  for (const auto& c : containers) {
    const int64_t want =
        c.labels().at("io.kubernetes.pod.name") == "uid" ? 1234 : 1000;
    EXPECT_EQ(RuntimeContainerStatus(c.id()).user().linux().uid(), want)
        << c.labels().at("io.kubernetes.pod.name");
  }
  driver_->Rebase();
}

TEST(KubeletPodConfig, PortsBecomeSandboxPortMappingsAndAContainerAnnotation) {
  auto port = [](std::string name, int32_t container, int32_t host,
                 std::string protocol, std::string host_ip) {
    ContainerPort p;
    p.name = std::move(name);
    p.container_port = container;
    p.host_port = host;
    p.protocol = std::move(protocol);
    p.host_ip = std::move(host_ip);
    return p;
  };
  PodSpec pod;
  pod.name = "web";
  ContainerSpec init;
  init.name = "init";
  init.image = "busybox:1.36";
  init.ports.push_back(port("", 9000, 0, "TCP", ""));
  pod.init_containers.push_back(init);
  ContainerSpec c;
  c.name = "app";
  c.image = "nginx:1.25";
  c.ports.push_back(port("http", 80, 8080, "TCP", ""));
  c.ports.push_back(port("", 53, 0, "UDP", "127.0.0.1"));
  pod.containers.push_back(c);

  // Regular containers' ports only, hostPort 0 included.
  const auto sandbox = kubelet::SandboxConfig(pod, "uid-1", 0, "/logs");
  ASSERT_EQ(sandbox.port_mappings_size(), 2);
  EXPECT_EQ(sandbox.port_mappings(0).container_port(), 80);
  EXPECT_EQ(sandbox.port_mappings(0).host_port(), 8080);
  EXPECT_EQ(sandbox.port_mappings(0).protocol(), ::runtime::v1::TCP);
  EXPECT_EQ(sandbox.port_mappings(1).protocol(), ::runtime::v1::UDP);
  EXPECT_EQ(sandbox.port_mappings(1).host_ip(), "127.0.0.1");

  const auto cfg = kubelet::ContainerConfig(pod, c, "uid-1", 0, "sha256:x");
  EXPECT_EQ(cfg.annotations().at("io.kubernetes.container.ports"),
            R"([{"name":"http","hostPort":8080,"containerPort":80,)"
            R"("protocol":"TCP"},{"containerPort":53,"protocol":"UDP",)"
            R"("hostIP":"127.0.0.1"}])");
  const auto no_ports =
      kubelet::ContainerConfig(pod, pod.init_containers[0], "uid-1", 0, "x");
  EXPECT_EQ(no_ports.annotations().count("io.kubernetes.container.ports"), 1u);
  ContainerSpec bare = c;
  bare.ports.clear();
  EXPECT_EQ(kubelet::ContainerConfig(pod, bare, "uid-1", 0, "x")
                .annotations()
                .count("io.kubernetes.container.ports"),
            0u);
}

}  // namespace
}  // namespace fakecri::scenario::testing
