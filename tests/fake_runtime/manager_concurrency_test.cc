// Eight threads running full lifecycles against one ContainerManager, with a
// reader listing and an event subscriber running alongside: nothing lost,
// duplicated or leaked. This is the suite the TSan preset runs (gRPC's and
// abseil's Debian builds are not TSan-instrumented, so the socket version of
// this test, tests/integration/concurrency_test.cc, runs in normal builds).
#include <atomic>
#include <optional>
#include <set>
#include <thread>

#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "testing/manager_fixture.h"
#include "testing/status_matchers.h"

namespace fakecri::testing {
namespace {

class ManagerConcurrency : public ManagerTest {};

TEST_F(ManagerConcurrency,
       EightThreadsThousandLifecyclesEachLeaveNothingBehind) {
  constexpr int kThreads = 8;
  constexpr int kLifecycles = 1000;
  PullBusybox();
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::atomic<uint64_t> events_seen{0};
  auto sub = log_.Subscribe([&](const auto& e) {
    if (e->kind == runtime::EventKind::kCriEvent) ++events_seen;
  });
  fakecri::Mutex mu;
  std::set<std::string> ids;

  // A reader that lists while the writers work, as the kubelet's PLEG does.
  std::thread reader([&] {
    while (!done) {
      v1::ListContainersResponse c;
      v1::ListPodSandboxResponse p;
      v1::ListContainerStatsResponse s;
      if (!mgr_.ListContainers(ctx_, {}, &c).ok()) ++failures;
      if (!mgr_.ListPodSandbox(ctx_, {}, &p).ok()) ++failures;
      if (!mgr_.ListContainerStats(ctx_, {}, &s).ok()) ++failures;
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      CallContext c;
      auto ok = [&](const absl::Status& st) {
        if (!st.ok()) ++failures;
        return st.ok();
      };
      for (int i = 0; i < kLifecycles; ++i) {
        const std::string name =
            "t" + std::to_string(t) + "-" + std::to_string(i);
        v1::RunPodSandboxRequest run;
        *run.mutable_config() = PodConfig(name);
        v1::RunPodSandboxResponse ran;
        if (!ok(mgr_.RunPodSandbox(c, run, &ran))) return;
        v1::CreateContainerResponse cr;
        if (!ok(mgr_.CreateContainer(
                c, CreateRequest(ran.pod_sandbox_id(), name, "app"), &cr))) {
          return;
        }
        v1::StartContainerRequest start;
        start.set_container_id(cr.container_id());
        v1::StartContainerResponse sr;
        ok(mgr_.StartContainer(c, start, &sr));
        v1::ContainerStatusRequest csr;
        csr.set_container_id(cr.container_id());
        v1::ContainerStatusResponse cs;
        ok(mgr_.ContainerStatus(c, csr, &cs));
        if (cs.status().state() != v1::CONTAINER_RUNNING) ++failures;
        v1::StopContainerRequest stop;
        stop.set_container_id(cr.container_id());
        v1::StopContainerResponse st;
        // timeout 0 kills at once: the call completes before returning.
        std::optional<absl::Status> stopped;
        mgr_.StopContainer(c, stop, &st,
                           [&](absl::Status s) { stopped = std::move(s); });
        ok(stopped.value_or(absl::InternalError("StopContainer pending")));
        v1::RemoveContainerRequest rm;
        rm.set_container_id(cr.container_id());
        v1::RemoveContainerResponse rr;
        ok(mgr_.RemoveContainer(c, rm, &rr));
        v1::StopPodSandboxRequest sps;
        sps.set_pod_sandbox_id(ran.pod_sandbox_id());
        v1::StopPodSandboxResponse spr;
        ok(mgr_.StopPodSandbox(c, sps, &spr));
        v1::RemovePodSandboxRequest rps;
        rps.set_pod_sandbox_id(ran.pod_sandbox_id());
        v1::RemovePodSandboxResponse rpr;
        ok(mgr_.RemovePodSandbox(c, rps, &rpr));
        fakecri::MutexLock l(&mu);
        ids.insert(ran.pod_sandbox_id());
        ids.insert(cr.container_id());
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  log_.Unsubscribe(sub);

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kLifecycles * 2))
      << "duplicate ids";
  // 8 CRI events per lifecycle: sandbox CREATED, STARTED, STOPPED, DELETED;
  // container CREATED, STARTED, STOPPED, DELETED.
  EXPECT_EQ(events_seen.load(),
            static_cast<uint64_t>(kThreads * kLifecycles * 8));
  auto counts = mgr_.CountsForTest();
  EXPECT_EQ(counts.sandboxes + counts.containers + counts.names + counts.ips +
                counts.tasks,
            0u);
}

}  // namespace
}  // namespace fakecri::testing
