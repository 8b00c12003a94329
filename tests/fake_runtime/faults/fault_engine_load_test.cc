// Loading many rules: each Add must cost about O(log n), not a rebuild of
// every index (issue 16: 10,000 rules took 2.8 s and 20,000 took 12.6 s).
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_engine.h"
#include "testing/load_fault_rules.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::SelectorRule;

TEST(FaultEngineLoad, ThirtyThousandRulesAddedOneByOneLoadInSeconds) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  constexpr int kRules = 30'000;
  // Measures this process's CPU time (the cost of loading, not simulated
  // time; and not wall time, which a loaded CI machine stretches).
  const std::clock_t start = std::clock();
  for (int i = 0; i < kRules; ++i) {
    ASSERT_TRUE(engine.Add(SelectorRule(i)).ok());
  }
  const double cpu_seconds =
      static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  EXPECT_EQ(engine.size(), static_cast<size_t>(kRules));
  // Linear loading takes well under a second (also under sanitizers); the
  // quadratic one took minutes for this many.
  EXPECT_LT(cpu_seconds, 5.0);
  // The index still answers by id and in natural order.
  ASSERT_TRUE(engine.Get("f29999").has_value());
  EXPECT_EQ(engine.List().front().rule.id, "f1");
  EXPECT_EQ(engine.List().back().rule.id, "f30000");
  ASSERT_TRUE(engine.Remove("f15000").ok());
  EXPECT_FALSE(engine.Get("f15000").has_value());
  EXPECT_EQ(engine.size(), static_cast<size_t>(kRules - 1));
}

TEST(FaultEngineLoad, RulesInsertedOutOfIdOrderMatchInIdOrder) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  for (const char* id : {"r10", "r2", "r1", "r30", "r3"}) {
    FaultRule r;
    r.id = id;
    r.hop = Hop::kCri;
    r.operation = "Version";
    r.effect.kind = FindEffect("error");
    ASSERT_TRUE(engine.Add(r).ok());
  }
  FaultPoint p{.hop = Hop::kCri, .operation = "Version"};
  std::vector<FaultHit> hits = engine.Match(p);
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].rule_id, "r1");
  EXPECT_EQ(hits[1].rule_id, "r2");
  EXPECT_EQ(hits[2].rule_id, "r3");
  EXPECT_EQ(hits[3].rule_id, "r10");
  EXPECT_EQ(hits[4].rule_id, "r30");
  FaultRule dup;
  dup.id = "r2";
  dup.hop = Hop::kCri;
  dup.effect.kind = FindEffect("error");
  EXPECT_EQ(engine.Add(dup).status().code(), absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace fakecri::faults
