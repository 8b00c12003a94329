// Every (state, operation) pair of the two state machines, both as the pure
// transition function and as the RPCs a client sends.
#include <gtest/gtest.h>

#include <tuple>

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

struct ContainerRow {
  ContainerState from;
  ContainerOp op;
  Code code;
  ContainerState to;
};

TEST(ContainerStateMachine, EveryStateOperationPairIsDefined) {
  using S = ContainerState;
  using O = ContainerOp;
  const ContainerRow rows[] = {
      {S::kCreated, O::kStart, Code::kOk, S::kRunning},
      {S::kRunning, O::kStart, Code::kUnknown, S::kRunning},
      {S::kExited, O::kStart, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kStart, Code::kUnknown, S::kUnknown},
      {S::kCreated, O::kStartFailed, Code::kOk, S::kExited},
      {S::kRunning, O::kStartFailed, Code::kUnknown, S::kRunning},
      {S::kExited, O::kStartFailed, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kStartFailed, Code::kUnknown, S::kUnknown},
      {S::kCreated, O::kStop, Code::kOk, S::kCreated},
      {S::kRunning, O::kStop, Code::kOk, S::kExited},
      {S::kExited, O::kStop, Code::kOk, S::kExited},
      {S::kUnknown, O::kStop, Code::kOk, S::kExited},
      {S::kCreated, O::kExit, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kExit, Code::kOk, S::kExited},
      {S::kExited, O::kExit, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kExit, Code::kOk, S::kExited},
      {S::kCreated, O::kRemove, Code::kOk, S::kExited},
      {S::kRunning, O::kRemove, Code::kOk, S::kExited},
      {S::kExited, O::kRemove, Code::kOk, S::kExited},
      {S::kUnknown, O::kRemove, Code::kOk, S::kExited},
      {S::kCreated, O::kStatus, Code::kOk, S::kCreated},
      {S::kRunning, O::kStatus, Code::kOk, S::kRunning},
      {S::kExited, O::kStatus, Code::kOk, S::kExited},
      {S::kUnknown, O::kStatus, Code::kOk, S::kUnknown},
      {S::kCreated, O::kUpdateResources, Code::kOk, S::kCreated},
      {S::kRunning, O::kUpdateResources, Code::kOk, S::kRunning},
      {S::kExited, O::kUpdateResources, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kUpdateResources, Code::kUnknown, S::kUnknown},
      {S::kCreated, O::kReopenLog, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kReopenLog, Code::kOk, S::kRunning},
      {S::kExited, O::kReopenLog, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kReopenLog, Code::kUnknown, S::kUnknown},
      {S::kCreated, O::kExecSync, Code::kUnknown, S::kCreated},
      {S::kRunning, O::kExecSync, Code::kOk, S::kRunning},
      {S::kExited, O::kExecSync, Code::kUnknown, S::kExited},
      {S::kUnknown, O::kExecSync, Code::kUnknown, S::kUnknown},
  };
  // 4 states x 9 operations, each exactly once.
  ASSERT_EQ(std::size(rows), 36u);
  for (const auto& row : rows) {
    auto got = ContainerTransition(row.from, row.op);
    SCOPED_TRACE(std::string(runtime::ContainerStateName(row.from)) + " + " +
                 std::string(runtime::ContainerOpName(row.op)));
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
  const std::tuple<S, O, Code, S> rows[] = {
      {S::kReady, O::kStop, Code::kOk, S::kNotReady},
      {S::kNotReady, O::kStop, Code::kOk, S::kNotReady},
      {S::kReady, O::kRemove, Code::kOk, S::kNotReady},
      {S::kNotReady, O::kRemove, Code::kOk, S::kNotReady},
      {S::kReady, O::kStatus, Code::kOk, S::kReady},
      {S::kNotReady, O::kStatus, Code::kOk, S::kNotReady},
      {S::kReady, O::kCreateContainer, Code::kOk, S::kReady},
      {S::kNotReady, O::kCreateContainer, Code::kUnknown, S::kNotReady},
      {S::kReady, O::kStartContainer, Code::kOk, S::kReady},
      {S::kNotReady, O::kStartContainer, Code::kUnknown, S::kNotReady},
      {S::kReady, O::kPortForward, Code::kOk, S::kReady},
      {S::kNotReady, O::kPortForward, Code::kUnknown, S::kNotReady},
  };
  for (const auto& [from, op, code, to] : rows) {
    SCOPED_TRACE(std::string(runtime::SandboxStateName(from)) + " + " +
                 std::string(runtime::SandboxOpName(op)));
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

}  // namespace
}  // namespace fakecri::testing
