// File: fault_match_bench.cc
// fault_match_bench: what FaultEngine::Match costs the hop that asks.
//   BM_NoRuleOnHop           no rule on the call's hop (lock-free exit)
//   BM_NoMatchOtherOps/100   100 CRI rules on other RPCs (operation check)
//   BM_NoMatchSelectors/100  100 rules on this RPC whose pod / image /
//                            label selectors all miss (worst no-match case)
//   BM_OneMatch/100          the same 100 rules plus one that fires with a
//                            sampled latency (allocation of the hit)
// Target: <= 2 us per call with 100 rules and none matching.
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/fault_engine.h"

namespace fakecri::bench {
namespace {

using faults::FaultEngine;
using faults::FaultPoint;
using faults::FaultRule;
using faults::FindEffect;
using faults::Hop;
using faults::LabelsView;
using faults::LatencyDistribution;

constexpr int64_t kMs = 1'000'000;

const char* const kOtherRpcs[] = {
    "RunPodSandbox", "StopPodSandbox",  "RemovePodSandbox", "StartContainer",
    "StopContainer", "RemoveContainer", "ExecSync",         "PullImage",
    "ListImages",    "ImageStatus"};

const std::map<std::string, std::string>& PodLabels() {
  static const auto* labels = new std::map<std::string, std::string>{
      {"app", "web"}, {"tier", "frontend"}, {"team", "shop"}};
  return *labels;
}

FaultPoint CreateContainerPoint() {
  return FaultPoint{.hop = Hop::kCri,
                    .operation = "CreateContainer",
                    .pod_name = "web-7d9f-abcde",
                    .pod_namespace = "production",
                    .pod_uid = "0b7c7a5e-4a1f-4f7e-9f25-0c1d2e3f4a5b",
                    .labels = LabelsView::Of(PodLabels()),
                    .container_name = "nginx",
                    .image = "docker.io/library/nginx:1.27",
                    .handler = "runc"};
}

// Rules that reach the selectors for CreateContainer and miss there, each
// on a different selector so every kind of check is exercised.
void AddSelectorMisses(FaultEngine& engine, int n) {
  for (int i = 0; i < n; ++i) {
    FaultRule r;
    r.hop = Hop::kCri;
    r.operation = i % 2 == 0 ? "CreateContainer" : "*Container";
    r.effect.kind = FindEffect("latency");
    r.effect.delay = LatencyDistribution::Fixed(10 * kMs);
    switch (i % 4) {
      case 0:
        r.match.pod_name = "db-" + std::to_string(i) + "-*";
        break;
      case 1:
        r.match.pod_namespace = "production";
        r.match.image = "*redis*";
        break;
      case 2:
        r.match.labels = {{"app", "web"}, {"tier", "back*"}};
        break;
      case 3:
        r.match.container_name = "side?car";
        break;
    }
    if (!engine.Add(r).ok()) std::abort();
  }
}

void BM_NoRuleOnHop(benchmark::State& state) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  FaultRule r;
  r.hop = Hop::kOci;
  r.effect.kind = FindEffect("hang");
  if (!engine.Add(r).ok()) std::abort();
  const FaultPoint p = CreateContainerPoint();
  for (auto _ : state) benchmark::DoNotOptimize(engine.Match(p));
}
BENCHMARK(BM_NoRuleOnHop);

void BM_NoMatchOtherOps(benchmark::State& state) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  for (int i = 0; i < state.range(0); ++i) {
    FaultRule r;
    r.hop = Hop::kCri;
    r.operation = kOtherRpcs[i % 10];
    r.effect.kind = FindEffect("error");
    if (!engine.Add(r).ok()) std::abort();
  }
  const FaultPoint p = CreateContainerPoint();
  for (auto _ : state) benchmark::DoNotOptimize(engine.Match(p));
}
BENCHMARK(BM_NoMatchOtherOps)->Arg(100);

void BM_NoMatchSelectors(benchmark::State& state) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  AddSelectorMisses(engine, static_cast<int>(state.range(0)));
  const FaultPoint p = CreateContainerPoint();
  for (auto _ : state) benchmark::DoNotOptimize(engine.Match(p));
}
BENCHMARK(BM_NoMatchSelectors)->Arg(100);

void BM_OneMatch(benchmark::State& state) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  AddSelectorMisses(engine, static_cast<int>(state.range(0)));
  FaultRule hit;
  hit.hop = Hop::kCri;
  hit.operation = "CreateContainer";
  hit.match.image = "nginx:*";
  hit.effect.kind = FindEffect("latency");
  hit.effect.delay = LatencyDistribution::Uniform(10 * kMs, 50 * kMs);
  if (!engine.Add(hit).ok()) std::abort();
  const FaultPoint p = CreateContainerPoint();
  for (auto _ : state) {
    std::vector<faults::FaultHit> hits = engine.Match(p);
    if (hits.size() != 1) std::abort();
    benchmark::DoNotOptimize(hits);
  }
}
BENCHMARK(BM_OneMatch)->Arg(100);

}  // namespace
}  // namespace fakecri::bench

BENCHMARK_MAIN();
