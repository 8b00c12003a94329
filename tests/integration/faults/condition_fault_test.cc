// not_ready: RuntimeReady / NetworkReady false in the Status RPC.
#include <gmock/gmock.h>

#include "integration/faults/fault_fixture.h"

namespace fakecri::testing {
namespace {

using runtime::kSecond;

class ConditionFault : public FaultTest {
 protected:
  v1::RuntimeCondition Condition(const std::string& type) {
    v1::StatusResponse resp;
    EXPECT_TRUE(rt_->Status(Ctx().get(), {}, &resp).ok());
    for (const auto& c : resp.status().conditions()) {
      if (c.type() == type) return c;
    }
    ADD_FAILURE() << "no condition " << type;
    return {};
  }
};

TEST_F(ConditionFault, NetworkNotReadyWithContainerdWordsForAWindow) {
  AddFaults(R"y(
  - hop: runtime
    operation: status
    effect: {not_ready: NetworkReady}
    when: {until: 30s}
)y");
  v1::RuntimeCondition net = Condition("NetworkReady");
  EXPECT_FALSE(net.status());
  EXPECT_EQ(net.reason(), "NetworkPluginNotReady");
  EXPECT_EQ(net.message(),
            "Network plugin returns error: cni plugin not initialized");
  EXPECT_TRUE(Condition("RuntimeReady").status());
  vclock().AdvanceBy(30 * kSecond);
  EXPECT_TRUE(Condition("NetworkReady").status());
}

TEST_F(ConditionFault, DurationKeepsTheConditionFalseAfterOneHit) {
  AddFaults(R"y(
  - hop: runtime
    operation: status
    effect: {not_ready: {condition: RuntimeReady, reason: ShimDown, message: "shim is gone", duration: 10s}}
    when: {times: 1}
)y");
  v1::RuntimeCondition rt = Condition("RuntimeReady");
  EXPECT_FALSE(rt.status());
  EXPECT_EQ(rt.reason(), "ShimDown");
  vclock().AdvanceBy(9 * kSecond);
  EXPECT_FALSE(Condition("RuntimeReady").status());
  vclock().AdvanceBy(1 * kSecond);
  EXPECT_TRUE(Condition("RuntimeReady").status());
  EXPECT_EQ(FaultHits().size(), 1u);
}

}  // namespace
}  // namespace fakecri::testing
