// File: fault_load_bench.cc
// fault_load_bench: loading N fault rules one Add at a time, as `serve
// --faults` and `fakecri ctl fault add` do (issue 16: quadratic before).
//   BM_AddRules/N   N rules with selectors on two hops, auto ids
// Target: linear, i.e. time per rule flat as N grows.
#include <benchmark/benchmark.h>

#include <string>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/fault_engine.h"
#include "testing/load_fault_rules.h"

namespace fakecri::bench {
namespace {

using faults::FaultEngine;

void BM_AddRules(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    runtime::VirtualClock clock;
    FaultEngine engine(1, clock);
    for (int i = 0; i < n; ++i) {
      if (!engine.Add(testing::SelectorRule(i)).ok()) std::abort();
    }
    benchmark::DoNotOptimize(engine.size());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_AddRules)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(20'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fakecri::bench

BENCHMARK_MAIN();
