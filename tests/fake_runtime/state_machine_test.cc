// Every (state, operation) pair of the two state machines, both as the pure
// transition function and as the RPCs a client sends; and every state change
// the manager makes, seen as the one transition record (and CRI events) the
// transition path writes for it.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "fake_runtime/store/container_state.h"
#include "fake_runtime/store/sandbox_state.h"
#include "testing/manager_fixture.h"
#include "testing/status_matchers.h"

namespace fakecri::testing {
namespace {

using runtime::ContainerOp;
using runtime::ContainerState;
using runtime::ContainerTransition;
using runtime::SandboxOp;
using runtime::SandboxState;
using runtime::SandboxTransition;
using Code = absl::StatusCode;

// nullopt: the object does not exist yet.
constexpr std::nullopt_t kNone = std::nullopt;

struct ContainerRow {
  std::optional<ContainerState> from;
  ContainerOp op;
  Code code;
  ContainerState to;
};

TEST(ContainerStateMachine, EveryStateOperationPairIsDefined) {
  using S = ContainerState;
  using O = ContainerOp;
  const ContainerRow rows[] = {
      {kNone, O::kCreate, Code::kOk, S::kCreated},
      {S::kCreated, O::kCreate, Code::kAlreadyExists, S::kCreated},
      {S::kRunning, O::kCreate, Code::kAlreadyExists, S::kRunning},
      {S::kExited, O::kCreate, Code::kAlreadyExists, S::kExited},
      {S::kUnknown, O::kCreate, Code::kAlreadyExists, S::kUnknown},
      {kNone, O::kStart, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kStart, Code::kOk, S::kRunning},
      {S::kRunning, O::kStart, Code::kUnknown, S::kRunning},
      {S::kExited, O::kStart, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kStart, Code::kUnknown, S::kUnknown},
      {kNone, O::kStartFailed, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kStartFailed, Code::kOk, S::kExited},
      {S::kRunning, O::kStartFailed, Code::kUnknown, S::kRunning},
      {S::kExited, O::kStartFailed, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kStartFailed, Code::kUnknown, S::kUnknown},
      {kNone, O::kStop, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kStop, Code::kOk, S::kCreated},
      {S::kRunning, O::kStop, Code::kOk, S::kExited},
      {S::kExited, O::kStop, Code::kOk, S::kExited},
      {S::kUnknown, O::kStop, Code::kOk, S::kExited},
      {kNone, O::kExit, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kExit, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kExit, Code::kOk, S::kExited},
      {S::kExited, O::kExit, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kExit, Code::kOk, S::kExited},
      {kNone, O::kRemove, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kRemove, Code::kOk, S::kExited},
      {S::kRunning, O::kRemove, Code::kOk, S::kExited},
      {S::kExited, O::kRemove, Code::kOk, S::kExited},
      {S::kUnknown, O::kRemove, Code::kOk, S::kExited},
      {kNone, O::kStatus, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kStatus, Code::kOk, S::kCreated},
      {S::kRunning, O::kStatus, Code::kOk, S::kRunning},
      {S::kExited, O::kStatus, Code::kOk, S::kExited},
      {S::kUnknown, O::kStatus, Code::kOk, S::kUnknown},
      {kNone, O::kUpdateResources, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kUpdateResources, Code::kOk, S::kCreated},
      {S::kRunning, O::kUpdateResources, Code::kOk, S::kRunning},
      {S::kExited, O::kUpdateResources, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kUpdateResources, Code::kUnknown, S::kUnknown},
      {kNone, O::kReopenLog, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kReopenLog, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kReopenLog, Code::kOk, S::kRunning},
      {S::kExited, O::kReopenLog, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kReopenLog, Code::kUnknown, S::kUnknown},
      {kNone, O::kExecSync, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kExecSync, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kExecSync, Code::kOk, S::kRunning},
      {S::kExited, O::kExecSync, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kExecSync, Code::kUnknown, S::kUnknown},
      {kNone, O::kRuntimeLost, Code::kNotFound, S::kCreated},
      {S::kCreated, O::kRuntimeLost, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kRuntimeLost, Code::kOk, S::kUnknown},
      {S::kExited, O::kRuntimeLost, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kRuntimeLost, Code::kUnknown, S::kUnknown},
  };
  // (none + 4 states) x 11 operations, each exactly once.
  ASSERT_EQ(std::size(rows), 55u);
  std::set<std::pair<int, int>> seen;
  for (const auto& row : rows) {
    EXPECT_TRUE(seen.emplace(row.from ? static_cast<int>(*row.from) : -1,
                             static_cast<int>(row.op))
                    .second);
    auto got = ContainerTransition(row.from, row.op);
    SCOPED_TRACE(std::string(row.from ? runtime::ContainerStateName(*row.from)
                                      : "(none)") +
                 " + " + std::string(runtime::ContainerOpName(row.op)));
    EXPECT_EQ(got.status().code(), row.code) << got.status();
    if (got.ok()) {
      EXPECT_EQ(*got, row.to);
    }
  }
}

TEST(ContainerStateMachine, WrongStateErrorsUseContainerdWording) {
  auto got = ContainerTransition(ContainerState::kRunning, ContainerOp::kStart);
  EXPECT_THAT(
      got, StatusIs(Code::kUnknown, "container is in CONTAINER_RUNNING state"));
  EXPECT_THAT(
      ContainerTransition(ContainerState::kExited, ContainerOp::kReopenLog),
      StatusIs(Code::kUnknown, "container is not running"));
}

TEST(SandboxStateMachine, EveryStateOperationPairIsDefined) {
  using S = SandboxState;
  using O = SandboxOp;
  const std::tuple<std::optional<S>, O, Code, S> rows[] = {
      {kNone, O::kRun, Code::kOk, S::kReady},
      {S::kReady, O::kRun, Code::kAlreadyExists, S::kReady},
      {S::kNotReady, O::kRun, Code::kAlreadyExists, S::kNotReady},
      {kNone, O::kStop, Code::kNotFound, S::kReady},
      {S::kReady, O::kStop, Code::kOk, S::kNotReady},
      {S::kNotReady, O::kStop, Code::kOk, S::kNotReady},
      {kNone, O::kRemove, Code::kNotFound, S::kReady},
      {S::kReady, O::kRemove, Code::kOk, S::kNotReady},
      {S::kNotReady, O::kRemove, Code::kOk, S::kNotReady},
      {kNone, O::kStatus, Code::kNotFound, S::kReady},
      {S::kReady, O::kStatus, Code::kOk, S::kReady},
      {S::kNotReady, O::kStatus, Code::kOk, S::kNotReady},
      {kNone, O::kCreateContainer, Code::kNotFound, S::kReady},
      {S::kReady, O::kCreateContainer, Code::kOk, S::kReady},
      {S::kNotReady, O::kCreateContainer, Code::kUnknown, S::kNotReady},
      {kNone, O::kStartContainer, Code::kNotFound, S::kReady},
      {S::kReady, O::kStartContainer, Code::kOk, S::kReady},
      {S::kNotReady, O::kStartContainer, Code::kUnknown, S::kNotReady},
      {kNone, O::kPortForward, Code::kNotFound, S::kReady},
      {S::kReady, O::kPortForward, Code::kOk, S::kReady},
      {S::kNotReady, O::kPortForward, Code::kUnknown, S::kNotReady},
  };
  // (none + 2 states) x 7 operations, each exactly once.
  ASSERT_EQ(std::size(rows), 21u);
  std::set<std::pair<int, int>> seen;
  for (const auto& [from, op, code, to] : rows) {
    EXPECT_TRUE(
        seen.emplace(from ? static_cast<int>(*from) : -1, static_cast<int>(op))
            .second);
    SCOPED_TRACE(
        std::string(from ? runtime::SandboxStateName(*from) : "(none)") +
        " + " + std::string(runtime::SandboxOpName(op)));
    auto got = SandboxTransition(from, op);
    EXPECT_EQ(got.status().code(), code);
    if (got.ok()) {
      EXPECT_EQ(*got, to);
    }
  }
}

// The same table, driven through the manager's RPCs: a container is put in
// each reachable state, then every container RPC is sent to it.
enum class Rpc {
  kStart,
  kStop,
  kRemove,
  kStatus,
  kUpdateResources,
  kReopenLog,
  kExecSync,
  kStats
};

class ContainerRpcTable : public ManagerTest {
 protected:
  // Returns the id of a container in `state` (CREATED, RUNNING or EXITED).
  std::string ContainerIn(v1::ContainerState state) {
    std::string pod = RunPod("p");
    PullBusybox();
    std::string id = CreateContainer(pod, "p", "c");
    if (state != v1::CONTAINER_CREATED) {
      EXPECT_OK(Start(id));
    }
    if (state == v1::CONTAINER_EXITED) {
      EXPECT_OK(Stop(id, 0));
    }
    return id;
  }

  absl::Status Send(Rpc rpc, const std::string& id) {
    switch (rpc) {
      case Rpc::kStart:
        return Start(id);
      case Rpc::kStop:
        return Stop(id, 5);
      case Rpc::kRemove:
        return Remove(id);
      case Rpc::kStatus:
        return Status(id).status();
      case Rpc::kUpdateResources: {
        v1::UpdateContainerResourcesRequest req;
        req.set_container_id(id);
        req.mutable_linux()->set_cpu_shares(512);
        v1::UpdateContainerResourcesResponse resp;
        return mgr_.UpdateContainerResources(ctx_, req, &resp);
      }
      case Rpc::kReopenLog: {
        v1::ReopenContainerLogRequest req;
        req.set_container_id(id);
        v1::ReopenContainerLogResponse resp;
        return mgr_.ReopenContainerLog(ctx_, req, &resp);
      }
      case Rpc::kExecSync: {
        v1::ExecSyncRequest req;
        req.set_container_id(id);
        req.add_cmd("true");
        v1::ExecSyncResponse resp;
        return ExecSync(req, &resp);
      }
      case Rpc::kStats: {
        v1::ContainerStatsRequest req;
        req.set_container_id(id);
        v1::ContainerStatsResponse resp;
        return mgr_.ContainerStats(ctx_, req, &resp);
      }
    }
    return absl::InternalError("unreachable");
  }
};

struct RpcRow {
  v1::ContainerState from;
  Rpc rpc;
  Code code;
  int to;  // v1::ContainerState after, or -1 for "removed"
};

TEST_F(ContainerRpcTable, EveryStateRpcPairGivesTheContainerdResult) {
  const RpcRow rows[] = {
      {v1::CONTAINER_CREATED, Rpc::kStart, Code::kOk, v1::CONTAINER_RUNNING},
      {v1::CONTAINER_RUNNING, Rpc::kStart, Code::kUnknown,
       v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kStart, Code::kUnknown, v1::CONTAINER_EXITED},
      {v1::CONTAINER_CREATED, Rpc::kStop, Code::kOk, v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kStop, Code::kOk, v1::CONTAINER_EXITED},
      {v1::CONTAINER_EXITED, Rpc::kStop, Code::kOk, v1::CONTAINER_EXITED},
      {v1::CONTAINER_CREATED, Rpc::kRemove, Code::kOk, -1},
      {v1::CONTAINER_RUNNING, Rpc::kRemove, Code::kOk, -1},
      {v1::CONTAINER_EXITED, Rpc::kRemove, Code::kOk, -1},
      {v1::CONTAINER_CREATED, Rpc::kStatus, Code::kOk, v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kStatus, Code::kOk, v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kStatus, Code::kOk, v1::CONTAINER_EXITED},
      {v1::CONTAINER_CREATED, Rpc::kUpdateResources, Code::kOk,
       v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kUpdateResources, Code::kOk,
       v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kUpdateResources, Code::kUnknown,
       v1::CONTAINER_EXITED},
      {v1::CONTAINER_CREATED, Rpc::kReopenLog, Code::kUnknown,
       v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kReopenLog, Code::kOk,
       v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kReopenLog, Code::kUnknown,
       v1::CONTAINER_EXITED},
      // ExecSync runs in a running container only (containerd: Unknown
      // "container is in CONTAINER_... state" otherwise).
      {v1::CONTAINER_CREATED, Rpc::kExecSync, Code::kUnknown,
       v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kExecSync, Code::kOk, v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kExecSync, Code::kUnknown,
       v1::CONTAINER_EXITED},
      {v1::CONTAINER_CREATED, Rpc::kStats, Code::kOk, v1::CONTAINER_CREATED},
      {v1::CONTAINER_RUNNING, Rpc::kStats, Code::kOk, v1::CONTAINER_RUNNING},
      {v1::CONTAINER_EXITED, Rpc::kStats, Code::kOk, v1::CONTAINER_EXITED},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(v1::ContainerState_Name(row.from) + " rpc #" +
                 std::to_string(static_cast<int>(row.rpc)));
    // A fresh pod per row: tear down what the previous row left.
    for (const auto& p : ListPods()) ASSERT_OK(RemovePod(p.id()));
    std::string id = ContainerIn(row.from);
    std::string before = Snapshot();
    absl::Status st = Send(row.rpc, id);
    EXPECT_EQ(st.code(), row.code) << st;
    auto after = Status(id);
    if (row.to == -1) {
      EXPECT_THAT(after, StatusIs(Code::kNotFound, "not found"));
    } else {
      ASSERT_OK(after);
      EXPECT_EQ(after->state(), row.to);
    }
    if (!st.ok()) {
      EXPECT_EQ(before, Snapshot()) << "a failed call changed state";
    }
  }
}

TEST_F(ContainerRpcTable, UnknownIdsGiveNotFoundExceptForIdempotentCalls) {
  const std::string missing(64, 'f');
  EXPECT_THAT(Start(missing), StatusIs(Code::kNotFound, "not found"));
  EXPECT_THAT(Status(missing), StatusIs(Code::kNotFound, "not found"));
  EXPECT_THAT(Send(Rpc::kUpdateResources, missing),
              StatusIs(Code::kNotFound, ""));
  EXPECT_THAT(Send(Rpc::kReopenLog, missing), StatusIs(Code::kNotFound, ""));
  EXPECT_THAT(Send(Rpc::kExecSync, missing), StatusIs(Code::kNotFound, ""));
  EXPECT_THAT(Send(Rpc::kStats, missing), StatusIs(Code::kNotFound, ""));
  EXPECT_OK(Stop(missing, 0));
  EXPECT_OK(Remove(missing));
  EXPECT_OK(StopPod(missing));
  EXPECT_OK(RemovePod(missing));
  EXPECT_THAT(PodStatus(missing), StatusIs(Code::kNotFound, "not found"));
}

// Every state change the manager makes goes through its transition path:
// exactly one transition record with the right from/to, then the CRI
// events that describe it, nothing when the machine refuses.
class TransitionPath : public ManagerTest {
 protected:
  // Transition records ("T <subject> <detail>") and CRI events ("E <type>")
  // about `id` from `from_seq` on, in log order.
  std::vector<std::string> History(const std::string& id,
                                   uint64_t from_seq = 0) {
    std::vector<std::string> out;
    for (const auto& e : log_.Since(from_seq)) {
      if (e->object_id != id) continue;
      if (e->kind == runtime::EventKind::kTransition) {
        out.push_back("T " + e->subject + " " + e->detail);
      } else if (e->kind == runtime::EventKind::kCriEvent) {
        out.push_back("E " + e->subject);
      }
    }
    return out;
  }
  uint64_t Next() { return log_.LastSeq() + 1; }

  // A busybox container in `pod` running `cmd`, created but not started.
  std::string Create(const std::string& pod, const std::string& name,
                     std::vector<std::string> cmd) {
    auto req = CreateRequest(pod, "p", name);
    req.mutable_config()->clear_command();
    req.mutable_config()->clear_args();
    for (auto& arg : cmd) req.mutable_config()->add_command(arg);
    v1::CreateContainerResponse resp;
    EXPECT_OK(mgr_.CreateContainer(ctx_, req, &resp));
    return resp.container_id();
  }
};

TEST_F(TransitionPath, RunPodSandboxIsOneTransitionFromNoneThenTwoEvents) {
  const uint64_t seq = Next();
  const std::string pod = RunPod("p");
  auto ip = PodStatus(pod);
  ASSERT_OK(ip);
  EXPECT_EQ(History(pod, seq),
            (std::vector<std::string>{
                "T sandbox none -> SANDBOX_READY (name p_default_uid-p_0, ip " +
                    ip->network().ip() + ")",
                "E CONTAINER_CREATED_EVENT", "E CONTAINER_STARTED_EVENT"}));
}

TEST_F(TransitionPath, StopPodSandboxIsOneTransitionAndAgainNothing) {
  const std::string pod = RunPod("p");
  const uint64_t seq = Next();
  ASSERT_OK(StopPod(pod));
  ASSERT_OK(StopPod(pod));
  EXPECT_EQ(History(pod, seq),
            (std::vector<std::string>{
                "T sandbox SANDBOX_READY -> SANDBOX_NOTREADY (network torn "
                "down)",
                "E CONTAINER_STOPPED_EVENT"}));
  // The event shows the state and fields the transition set.
  auto events = CriEvents(seq);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].pod_sandbox_status().state(), v1::SANDBOX_NOTREADY);
  EXPECT_EQ(events[0].pod_sandbox_status().network().ip(), "");
}

TEST_F(TransitionPath, CreateContainerIsOneTransitionFromNoneWithEvent) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const uint64_t seq = Next();
  const std::string id = Create(pod, "c", {"sleep", "3600"});
  const std::vector<std::string> want = {
      "T container none -> CONTAINER_CREATED (name c_p_default_uid-p_0, "
      "image docker.io/library/busybox:latest)",
      "E CONTAINER_CREATED_EVENT"};
  EXPECT_EQ(History(id, seq), want);
  auto events = CriEvents(seq);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].containers_statuses_size(), 1);
  EXPECT_EQ(events[0].containers_statuses(0).state(), v1::CONTAINER_CREATED);
}

TEST_F(TransitionPath, StartIsOneTransitionWithStartedEvent) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const std::string id = Create(pod, "c", {"sleep", "3600"});
  const uint64_t seq = Next();
  ASSERT_OK(Start(id));
  auto st = Status(id);
  ASSERT_OK(st);
  auto history = History(id, seq);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].rfind(
                "T container CONTAINER_CREATED -> CONTAINER_RUNNING (pid ", 0),
            0u)
      << history[0];
  EXPECT_EQ(history[1], "E CONTAINER_STARTED_EVENT");
  auto events = CriEvents(seq);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].containers_statuses_size(), 1);
  EXPECT_EQ(events[0].containers_statuses(0).state(), v1::CONTAINER_RUNNING);
  EXPECT_EQ(events[0].containers_statuses(0).started_at(), st->started_at());
}

TEST_F(TransitionPath, StartFailureIsOneTransitionToExitedWithoutEvent) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const std::string id = Create(pod, "c", {"/app/server"});
  const uint64_t seq = Next();
  EXPECT_THAT(Start(id), StatusIs(Code::kUnknown, "failed to start"));
  EXPECT_EQ(History(id, seq),
            (std::vector<std::string>{
                "T container CONTAINER_CREATED -> CONTAINER_EXITED (start "
                "failed: failed to create containerd task: failed to create "
                "shim task: OCI runtime create failed: runc create failed: "
                "unable to start container process: exec: \"/app/server\": "
                "stat /app/server: no such file or directory: unknown)"}));
  auto st = Status(id);
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(st->reason(), "StartError");
  EXPECT_EQ(st->exit_code(), 128);
}

TEST_F(TransitionPath, ExitIsOneTransitionWithStoppedEvent) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const std::string id = Create(pod, "c", {"sh", "-c", "sleep 2; exit 3"});
  ASSERT_OK(Start(id));
  const uint64_t seq = Next();
  clock_.AdvanceBy(3 * runtime::kSecond);
  EXPECT_EQ(History(id, seq),
            (std::vector<std::string>{
                "T container CONTAINER_RUNNING -> CONTAINER_EXITED (exit code "
                "3)",
                "E CONTAINER_STOPPED_EVENT"}));
  auto events = CriEvents(seq);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_EQ(events[0].containers_statuses_size(), 1);
  EXPECT_EQ(events[0].containers_statuses(0).state(), v1::CONTAINER_EXITED);
  EXPECT_EQ(events[0].containers_statuses(0).exit_code(), 3);
  EXPECT_EQ(events[0].containers_statuses(0).reason(), "Error");
  // Stopping the exited container changes nothing and records nothing.
  const uint64_t after = Next();
  ASSERT_OK(Stop(id, 0));
  EXPECT_TRUE(History(id, after).empty());
}

TEST_F(TransitionPath, InjectedRestartLosesOnlyRunningContainersOnce) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const std::string created = Create(pod, "created", {"sleep", "3600"});
  const std::string running = Create(pod, "running", {"sleep", "3600"});
  const std::string exited = Create(pod, "exited", {"sleep", "3600"});
  ASSERT_OK(Start(running));
  ASSERT_OK(Start(exited));
  ASSERT_OK(Stop(exited, 0));
  const uint64_t seq = Next();
  mgr_.Restart(absl::UnavailableError("restarting"), true);
  EXPECT_EQ(History(running, seq),
            (std::vector<std::string>{
                "T container CONTAINER_RUNNING -> CONTAINER_UNKNOWN (runtime "
                "restarted; task state lost)"}));
  EXPECT_TRUE(History(created, seq).empty());
  EXPECT_TRUE(History(exited, seq).empty());
  EXPECT_TRUE(CriEvents(seq).empty());
  // A second restart finds the task lost already: the machine refuses, so
  // nothing changes and nothing is recorded; without containers_unknown
  // nothing is touched either.
  const uint64_t again = Next();
  mgr_.Restart(absl::UnavailableError("restarting"), true);
  mgr_.Restart(absl::UnavailableError("restarting"), false);
  EXPECT_TRUE(History(running, again).empty());
  auto st = Status(running);
  ASSERT_OK(st);
  EXPECT_EQ(st->state(), v1::CONTAINER_UNKNOWN);
  EXPECT_EQ(Status(created)->state(), v1::CONTAINER_CREATED);
  EXPECT_EQ(Status(exited)->state(), v1::CONTAINER_EXITED);
}

TEST_F(TransitionPath, StoppingAnUnknownContainerIsOneTransitionToExited) {
  const std::string pod = RunPod("p");
  PullBusybox();
  const std::string id = Create(pod, "c", {"sleep", "3600"});
  ASSERT_OK(Start(id));
  mgr_.Restart(absl::UnavailableError("restarting"), true);
  const uint64_t seq = Next();
  ASSERT_OK(Stop(id, 0));
  auto history = History(id, seq);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(
      history[0].rfind(
          "T container CONTAINER_UNKNOWN -> CONTAINER_EXITED (exit code ", 0),
      0u)
      << history[0];
  EXPECT_EQ(history[1], "E CONTAINER_STOPPED_EVENT");
  EXPECT_EQ(Status(id)->state(), v1::CONTAINER_EXITED);
}

}  // namespace
}  // namespace fakecri::testing
