// File: fault_engine_test.cc
// FaultEngine: rule management, hop / operation / selector matching, the
// when-conditions (first, every, times, probability, time windows on a
// virtual clock), resolved effects, and determinism from the seed.
#include "fake_runtime/faults/fault_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "testing/status_matchers.h"

namespace fakecri::faults {
namespace {

using ::fakecri::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr DurationNs kMs = 1'000'000;
constexpr DurationNs kS = 1'000'000'000;

FaultRule Rule(Hop hop, std::string operation, const EffectSpec* kind) {
  FaultRule r;
  r.hop = hop;
  r.operation = std::move(operation);
  r.effect.kind = kind;
  return r;
}

FaultRule PullLatency(LatencyDistribution d) {
  FaultRule r = Rule(Hop::kCri, "PullImage", FindEffect("latency"));
  r.effect.delay = d;
  return r;
}

FaultPoint Pull(std::string_view image = "docker.io/library/nginx:1.25") {
  return FaultPoint{.hop = Hop::kCri, .operation = "PullImage", .image = image};
}

std::vector<std::string> Ids(const std::vector<FaultHit>& hits) {
  std::vector<std::string> out;
  for (const FaultHit& h : hits) out.push_back(h.rule_id);
  return out;
}

// 1-based numbers of the calls (out of `calls`) on which `point` was hit.
std::vector<int> HitCalls(FaultEngine& engine, const FaultPoint& point,
                          int calls) {
  std::vector<int> out;
  for (int i = 1; i <= calls; ++i) {
    if (!engine.Match(point).empty()) out.push_back(i);
  }
  return out;
}

class FaultEngineTest : public ::testing::Test {
 protected:
  std::string MustAdd(FaultRule r) {
    absl::StatusOr<std::string> id = engine_.Add(std::move(r));
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : "";
  }

  runtime::VirtualClock clock_;
  FaultEngine engine_{42, clock_};
};

TEST_F(FaultEngineTest, AssignsSequentialIdsAndHonoursGivenOnes) {
  EXPECT_EQ(MustAdd(PullLatency({})), "f1");
  FaultRule named = PullLatency({});
  named.id = "slow-pulls";
  EXPECT_EQ(MustAdd(named), "slow-pulls");
  EXPECT_THAT(engine_.Add(named),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       "a fault with id 'slow-pulls' already exists"));
  named.id = "f2";
  EXPECT_EQ(MustAdd(named), "f2");
  EXPECT_EQ(MustAdd(PullLatency({})), "f3");  // f2 is taken
  EXPECT_EQ(engine_.size(), 4u);
}

TEST_F(FaultEngineTest, RejectsInvalidRulesWithTheValidationMessage) {
  FaultRule r = PullLatency({});
  r.operation = "PulImage";
  EXPECT_THAT(engine_.Add(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                       "operation 'PulImage' matches no"));
  EXPECT_EQ(engine_.size(), 0u);
}

TEST_F(FaultEngineTest, RemovesAndClearsRulesButNeverReusesIds) {
  MustAdd(PullLatency({}));
  MustAdd(PullLatency({}));
  EXPECT_OK(engine_.Remove("f1"));
  EXPECT_THAT(engine_.Remove("f1"),
              StatusIs(absl::StatusCode::kNotFound, "no fault with id 'f1'"));
  EXPECT_THAT(engine_.Match(Pull()), SizeIs(1));
  engine_.Clear();
  EXPECT_THAT(engine_.Match(Pull()), IsEmpty());
  EXPECT_EQ(MustAdd(PullLatency({})), "f3");
}

TEST_F(FaultEngineTest, ListsRulesInNaturalIdOrderWithCounters) {
  for (int i = 0; i < 10; ++i) MustAdd(PullLatency({}));
  FaultRule b = PullLatency({});
  b.id = "b";
  b.when.every = 2;
  MustAdd(b);
  engine_.Match(Pull());
  engine_.Match(Pull());
  engine_.Match(FaultPoint{.hop = Hop::kCri, .operation = "ListImages"});
  std::vector<std::string> ids;
  for (const RuleStatus& s : engine_.List()) ids.push_back(s.rule.id);
  EXPECT_THAT(ids, ElementsAre("b", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
                               "f8", "f9", "f10"));
  const std::optional<RuleStatus> sb = engine_.Get("b");
  ASSERT_TRUE(sb.has_value());
  EXPECT_EQ(sb->matches, 2u);
  EXPECT_EQ(sb->hits, 1u);
  EXPECT_EQ(engine_.Get("f10")->hits, 2u);
  EXPECT_TRUE(RuleIdLess("f9", "f10"));
  EXPECT_TRUE(RuleIdLess("f1", "f01"));
  EXPECT_FALSE(RuleIdLess("f10", "f10"));
}

TEST_F(FaultEngineTest, MatchesTheHopAndTheOperationGlob) {
  MustAdd(PullLatency({}));
  FaultRule any_image = Rule(Hop::kCri, "*Image*", FindEffect("hang"));
  MustAdd(any_image);
  FaultRule oci = Rule(Hop::kOci, "start", FindEffect("oci_failure"));
  MustAdd(oci);
  EXPECT_THAT(Ids(engine_.Match(Pull())), ElementsAre("f1", "f2"));
  EXPECT_THAT(Ids(engine_.Match({.hop = Hop::kCri, .operation = "ListImages"})),
              ElementsAre("f2"));
  EXPECT_THAT(engine_.Match({.hop = Hop::kCri, .operation = "StartContainer"}),
              IsEmpty());
  // An RPC the hop's table does not list still goes through the globs.
  EXPECT_THAT(
      Ids(engine_.Match({.hop = Hop::kCri, .operation = "PullImageV2"})),
      ElementsAre("f2"));
  EXPECT_THAT(Ids(engine_.Match({.hop = Hop::kOci, .operation = "start"})),
              ElementsAre("f3"));
  EXPECT_THAT(engine_.Match({.hop = Hop::kOci, .operation = "create"}),
              IsEmpty());
  EXPECT_THAT(engine_.Match({.hop = Hop::kProcess, .operation = "start"}),
              IsEmpty());
}

TEST_F(FaultEngineTest, SelectorsAreAndedGlobs) {
  FaultRule r = Rule(Hop::kCri, "CreateContainer", FindEffect("hang"));
  r.match.pod_name = "web-*";
  r.match.pod_namespace = "prod";
  r.match.container_name = "nginx";
  r.match.labels = {{"app", "web*"}, {"tier", "front"}};
  MustAdd(r);
  const std::map<std::string, std::string> labels = {{"app", "webshop"},
                                                     {"tier", "front"}};
  const std::map<std::string, std::string> other_tier = {{"app", "webshop"},
                                                         {"tier", "back"}};
  const std::map<std::string, std::string> no_tier = {{"app", "webshop"}};
  FaultPoint p{.hop = Hop::kCri,
               .operation = "CreateContainer",
               .pod_name = "web-1",
               .pod_namespace = "prod",
               .labels = LabelsView::Of(labels),
               .container_name = "nginx"};
  EXPECT_THAT(engine_.Match(p), SizeIs(1));
  FaultPoint q = p;
  q.pod_name = "db-1";
  EXPECT_THAT(engine_.Match(q), IsEmpty());
  q = p;
  q.pod_namespace = "staging";
  EXPECT_THAT(engine_.Match(q), IsEmpty());
  q = p;
  q.container_name = "sidecar";
  EXPECT_THAT(engine_.Match(q), IsEmpty());
  q = p;
  q.labels = LabelsView::Of(other_tier);
  EXPECT_THAT(engine_.Match(q), IsEmpty());
  q.labels = LabelsView::Of(no_tier);
  EXPECT_THAT(engine_.Match(q), IsEmpty());
  q.labels = {};
  EXPECT_THAT(engine_.Match(q), IsEmpty());
}

TEST_F(FaultEngineTest, ManyDistinctLabelKeysAllMatchCorrectly) {
  // More keys than the per-call label cache has slots.
  std::map<std::string, std::string> labels;
  for (int i = 0; i < 20; ++i) {
    FaultRule r = Rule(Hop::kCri, "RunPodSandbox", FindEffect("hang"));
    r.match.labels = {{"k" + std::to_string(i), "v*"}};
    MustAdd(r);
    labels["k" + std::to_string(i)] = "v" + std::to_string(i);
  }
  FaultPoint p{.hop = Hop::kCri,
               .operation = "RunPodSandbox",
               .labels = LabelsView::Of(labels)};
  EXPECT_THAT(engine_.Match(p), SizeIs(20));
  labels.erase("k19");
  labels["k3"] = "x";
  const std::vector<std::string> ids = Ids(engine_.Match(p));
  EXPECT_THAT(ids, SizeIs(18));
  EXPECT_THAT(ids, ::testing::Not(::testing::Contains("f4")));
  EXPECT_THAT(ids, ::testing::Not(::testing::Contains("f20")));
}

TEST_F(FaultEngineTest, ImageSelectorsMatchTheFamiliarFormToo) {
  FaultRule r = PullLatency({});
  r.match.image = "nginx:*";
  MustAdd(r);
  FaultRule org = PullLatency({});
  org.match.image = "myorg/app:v1";
  MustAdd(org);
  FaultRule full = PullLatency({});
  full.match.image = "registry.k8s.io/pause:*";
  MustAdd(full);
  EXPECT_THAT(Ids(engine_.Match(Pull("docker.io/library/nginx:1.25"))),
              ElementsAre("f1"));
  EXPECT_THAT(Ids(engine_.Match(Pull("nginx:1.25"))), ElementsAre("f1"));
  EXPECT_THAT(Ids(engine_.Match(Pull("docker.io/myorg/app:v1"))),
              ElementsAre("f2"));
  EXPECT_THAT(Ids(engine_.Match(Pull("registry.k8s.io/pause:3.10"))),
              ElementsAre("f3"));
  EXPECT_THAT(engine_.Match(Pull("quay.io/nginx:1.25")), IsEmpty());
}

TEST_F(FaultEngineTest, AnEmptyHandlerIsRunc) {
  FaultRule r = Rule(Hop::kOci, "create", FindEffect("oci_failure"));
  r.match.handler = "runc";
  MustAdd(r);
  EXPECT_THAT(engine_.Match({.hop = Hop::kOci, .operation = "create"}),
              SizeIs(1));
  EXPECT_THAT(engine_.Match(
                  {.hop = Hop::kOci, .operation = "create", .handler = "kata"}),
              IsEmpty());
}

TEST_F(FaultEngineTest, FirstNFiresOnTheFirstNMatchingCallsOnly) {
  FaultRule r = PullLatency({});
  r.match.image = "nginx:*";
  r.when.first = 3;
  MustAdd(r);
  // Calls that do not match are not counted.
  engine_.Match(Pull("busybox:latest"));
  EXPECT_THAT(HitCalls(engine_, Pull(), 6), ElementsAre(1, 2, 3));
}

TEST_F(FaultEngineTest, EveryNthFiresOnEveryNthMatchingCall) {
  FaultRule r = PullLatency({});
  r.when.every = 3;
  MustAdd(r);
  EXPECT_THAT(HitCalls(engine_, Pull(), 10), ElementsAre(3, 6, 9));
}

TEST_F(FaultEngineTest, TimesCapsTheHitsAndCombinesWithEvery) {
  FaultRule r = PullLatency({});
  r.when.every = 2;
  r.when.times = 2;
  MustAdd(r);
  EXPECT_THAT(HitCalls(engine_, Pull(), 10), ElementsAre(2, 4));
  EXPECT_EQ(engine_.Get("f1")->matches, 10u);
  EXPECT_EQ(engine_.Get("f1")->hits, 2u);
}

TEST_F(FaultEngineTest, ProbabilityFiresAboutThatOften) {
  FaultRule r = PullLatency({});
  r.when.probability = 0.3;
  MustAdd(r);
  FaultRule never = PullLatency({});
  never.when.probability = 0;
  MustAdd(never);
  int f1 = 0;
  int f2 = 0;
  for (int i = 0; i < 20'000; ++i) {
    for (const FaultHit& h : engine_.Match(Pull())) {
      (h.rule_id == "f1" ? f1 : f2)++;
    }
  }
  EXPECT_NEAR(f1 / 20'000.0, 0.3, 0.015);
  EXPECT_EQ(f2, 0);
}

TEST_F(FaultEngineTest,
       TimeWindowsFollowTheRuntimeClockFromWhenTheRuleWasAdded) {
  clock_.AdvanceBy(100 * kS);  // the window is relative to Add, not t=0
  FaultRule r = PullLatency({});
  r.when.after = 30 * kS;
  r.when.until = 90 * kS;
  MustAdd(r);
  const std::optional<RuleStatus> s = engine_.Get("f1");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->active_from, s->added_at + 30 * kS);
  EXPECT_EQ(s->active_until, s->added_at + 90 * kS);

  EXPECT_THAT(engine_.Match(Pull()), IsEmpty());
  clock_.AdvanceBy(30 * kS - 1);
  EXPECT_THAT(engine_.Match(Pull()), IsEmpty());
  clock_.AdvanceBy(1);
  EXPECT_THAT(engine_.Match(Pull()), SizeIs(1));
  clock_.AdvanceBy(60 * kS - 1);
  EXPECT_THAT(engine_.Match(Pull()), SizeIs(1));
  clock_.AdvanceBy(1);
  EXPECT_THAT(engine_.Match(Pull()), IsEmpty());
  // Calls outside the window are not matching calls.
  EXPECT_EQ(engine_.Get("f1")->matches, 2u);
}

TEST_F(FaultEngineTest, ErrorsUseContainerdWordingUnlessAMessageIsGiven) {
  FaultRule r = Rule(Hop::kCri, "PullImage", FindEffect("error"));
  r.effect.code = absl::StatusCode::kUnavailable;
  MustAdd(r);
  std::vector<FaultHit> hits = engine_.Match(Pull("docker.io/library/x:1"));
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].code, absl::StatusCode::kUnavailable);
  EXPECT_EQ(hits[0].message,
            "failed to pull and unpack image \"docker.io/library/x:1\": "
            "failed to resolve reference \"docker.io/library/x:1\": "
            "unexpected status from HEAD request: 503 Service Unavailable");

  engine_.Clear();
  FaultRule custom = Rule(Hop::kManager, "setup_network", FindEffect("error"));
  custom.effect.message = "{rule}: no IP for {namespace}/{pod} ({unknown})";
  MustAdd(custom);
  hits = engine_.Match({.hop = Hop::kManager,
                        .operation = "setup_network",
                        .pod_name = "web",
                        .pod_namespace = "prod"});
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].code, absl::StatusCode::kUnknown);
  EXPECT_EQ(hits[0].message, "f2: no IP for prod/web ({unknown})");

  FaultRule generic = Rule(Hop::kManager, "mount_rootfs", FindEffect("error"));
  MustAdd(generic);
  hits = engine_.Match({.hop = Hop::kManager, .operation = "mount_rootfs"});
  ASSERT_THAT(hits, SizeIs(1));
  EXPECT_EQ(hits[0].message, "mount_rootfs: injected fault");
}

TEST_F(FaultEngineTest, ResolvesEachEffectForTheCall) {
  FaultRule pull = Rule(Hop::kImagePull, "pull", FindEffect("latency"));
  pull.effect.delay = LatencyDistribution::Fixed(kS).WithPerMib(10 * kMs);
  MustAdd(pull);
  FaultRule start = Rule(Hop::kOci, "start", FindEffect("oci_failure"));
  MustAdd(start);
  FaultRule create = Rule(Hop::kOci, "create", FindEffect("oci_failure"));
  MustAdd(create);
  FaultRule oom = Rule(Hop::kProcess, "start", FindEffect("oom_kill"));
  oom.effect.delay = LatencyDistribution::Fixed(30 * kS);
  oom.match.container_name = "hog";
  MustAdd(oom);
  FaultRule loop = Rule(Hop::kProcess, "start", FindEffect("crash_loop"));
  loop.match.container_name = "app";
  MustAdd(loop);
  FaultRule nr = Rule(Hop::kRuntime, "status", FindEffect("not_ready"));
  nr.effect.condition = Condition::kNetworkReady;
  nr.effect.duration = 20 * kS;
  MustAdd(nr);
  FaultRule restart = Rule(Hop::kRuntime, "tick", FindEffect("restart"));
  restart.effect.outage = 5 * kS;
  restart.effect.containers_unknown = true;
  MustAdd(restart);
  FaultRule end = Rule(Hop::kEvents, "send", FindEffect("end_stream"));
  MustAdd(end);

  std::vector<FaultHit> h = engine_.Match(
      {.hop = Hop::kImagePull, .operation = "pull", .bytes = 50 * 1024 * 1024});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].delay, 1500 * kMs);

  h = engine_.Match(
      {.hop = Hop::kOci, .operation = "start", .handler = "kata"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].code, absl::StatusCode::kUnknown);
  EXPECT_EQ(h[0].exit_code, 128);
  EXPECT_EQ(h[0].reason, "StartError");
  EXPECT_THAT(h[0].message, ::testing::HasSubstr("kata create failed"));

  h = engine_.Match({.hop = Hop::kOci, .operation = "create"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].reason, "");
  EXPECT_EQ(h[0].message,
            "OCI runtime create failed: runc create failed: injected fault: "
            "unknown");

  h = engine_.Match(
      {.hop = Hop::kProcess, .operation = "start", .container_name = "hog"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].exit_code, 137);
  EXPECT_EQ(h[0].reason, "OOMKilled");
  EXPECT_EQ(h[0].delay, 30 * kS);

  for (int i = 0; i < 3; ++i) {  // every start
    h = engine_.Match(
        {.hop = Hop::kProcess, .operation = "start", .container_name = "app"});
    ASSERT_THAT(h, SizeIs(1));
    EXPECT_EQ(h[0].kind, FindEffect("crash_loop"));
    EXPECT_EQ(h[0].exit_code, 1);
    EXPECT_EQ(h[0].delay, 0);
    EXPECT_EQ(h[0].hit_number, static_cast<uint64_t>(i + 1));
  }

  h = engine_.Match({.hop = Hop::kRuntime, .operation = "status"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].condition, Condition::kNetworkReady);
  EXPECT_EQ(h[0].reason, "NetworkPluginNotReady");
  EXPECT_EQ(h[0].message,
            "Network plugin returns error: cni plugin not initialized");
  EXPECT_EQ(h[0].duration, 20 * kS);

  h = engine_.Match({.hop = Hop::kRuntime, .operation = "tick"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].outage, 5 * kS);
  EXPECT_TRUE(h[0].containers_unknown);

  h = engine_.Match({.hop = Hop::kEvents, .operation = "send"});
  ASSERT_THAT(h, SizeIs(1));
  EXPECT_EQ(h[0].code, absl::StatusCode::kOk);
}

TEST_F(FaultEngineTest, ReportsEveryHitToTheObserverWithASummary) {
  FaultRule r = Rule(Hop::kCri, "PullImage", FindEffect("error"));
  r.id = "bad-registry";
  r.effect.code = absl::StatusCode::kNotFound;
  r.effect.message = "{image} not found";
  MustAdd(r);
  MustAdd(PullLatency(LatencyDistribution::Fixed(250 * kMs)));
  std::vector<std::string> seen;
  engine_.SetObserver([&](const FaultHit& h) { seen.push_back(h.Summary()); });
  engine_.Match({.hop = Hop::kCri,
                 .operation = "PullImage",
                 .pod_name = "web-1",
                 .pod_namespace = "default",
                 .image = "nginx:1.25"});
  EXPECT_THAT(seen,
              ElementsAre("fault bad-registry fired on cri PullImage (pod "
                          "default/web-1 image nginx:1.25): error NOT_FOUND "
                          "\"nginx:1.25 not found\"",
                          "fault f1 fired on cri PullImage (pod "
                          "default/web-1 image nginx:1.25): latency +250ms"));
  engine_.SetObserver(nullptr);
  engine_.Match(Pull());
  EXPECT_THAT(seen, SizeIs(2));
}

// A mixed workload of calls, for the determinism tests.
std::vector<std::string> RunCalls(FaultEngine& engine, int calls) {
  std::vector<std::string> out;
  const char* images[] = {"nginx:1", "busybox:1", "redis:7"};
  for (int i = 0; i < calls; ++i) {
    FaultPoint p = Pull(images[i % 3]);
    for (const FaultHit& h : engine.Match(p)) out.push_back(h.Summary());
  }
  return out;
}

void AddNoisyRules(FaultEngine& engine) {
  FaultRule slow = PullLatency(LatencyDistribution::Normal(2 * kS, kS / 2));
  slow.id = "slow";
  slow.when.probability = 0.5;
  ASSERT_OK(engine.Add(slow));
  FaultRule flaky = Rule(Hop::kCri, "Pull*", FindEffect("error"));
  flaky.id = "flaky";
  flaky.when.probability = 0.2;
  flaky.match.image = "nginx:*";
  ASSERT_OK(engine.Add(flaky));
}

TEST(FaultEngineDeterminism, SameSeedRulesAndCallsGiveTheSameHits) {
  runtime::VirtualClock clock_a;
  runtime::VirtualClock clock_b;
  FaultEngine a(7, clock_a);
  FaultEngine b(7, clock_b);
  AddNoisyRules(a);
  AddNoisyRules(b);
  const std::vector<std::string> run_a = RunCalls(a, 500);
  EXPECT_EQ(run_a, RunCalls(b, 500));
  EXPECT_GT(run_a.size(), 200u);

  runtime::VirtualClock clock_c;
  FaultEngine c(8, clock_c);
  AddNoisyRules(c);
  EXPECT_NE(run_a, RunCalls(c, 500));
}

// The hits of rule `id` only.
std::vector<std::string> Only(const std::vector<std::string>& summaries,
                              const std::string& id) {
  std::vector<std::string> out;
  for (const std::string& s : summaries) {
    if (s.starts_with("fault " + id + " ")) out.push_back(s);
  }
  return out;
}

TEST(FaultEngineDeterminism, AddingARuleLeavesOtherRulesDrawsUnchanged) {
  runtime::VirtualClock clock_a;
  runtime::VirtualClock clock_b;
  FaultEngine a(7, clock_a);
  FaultEngine b(7, clock_b);
  AddNoisyRules(a);
  // b has one more rule on the same calls, added first, drawing from its
  // own stream at every call.
  FaultRule extra = PullLatency(LatencyDistribution::Exponential(kS));
  extra.when.probability = 0.7;
  ASSERT_OK(b.Add(extra));
  AddNoisyRules(b);
  const std::vector<std::string> run_a = RunCalls(a, 500);
  const std::vector<std::string> run_b = RunCalls(b, 500);
  EXPECT_NE(run_a, run_b);
  for (const char* id : {"slow", "flaky"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(Only(run_a, id), Only(run_b, id));
    EXPECT_FALSE(Only(run_a, id).empty());
  }
}

TEST(FaultEngineDeterminism, CallsThatDoNotMatchDrawNothing) {
  runtime::VirtualClock clock_a;
  runtime::VirtualClock clock_b;
  FaultEngine a(3, clock_a);
  FaultEngine b(3, clock_b);
  AddNoisyRules(a);
  AddNoisyRules(b);
  std::vector<std::string> run_a;
  std::vector<std::string> run_b;
  for (int i = 0; i < 300; ++i) {
    for (const FaultHit& h : a.Match(Pull())) run_a.push_back(h.Summary());
    b.Match({.hop = Hop::kCri, .operation = "ListImages"});
    b.Match({.hop = Hop::kOci, .operation = "start"});
    for (const FaultHit& h : b.Match(Pull())) run_b.push_back(h.Summary());
  }
  EXPECT_EQ(run_a, run_b);
}

TEST(FaultEngineConcurrency, CountersHoldUnderConcurrentMatches) {
  runtime::VirtualClock clock;
  FaultEngine engine(1, clock);
  FaultRule r = PullLatency(LatencyDistribution::Uniform(0, kS));
  r.when.times = 1000;
  ASSERT_OK(engine.Add(r));
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        hits += static_cast<int>(engine.Match(Pull()).size());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(hits.load(), 1000);
  EXPECT_EQ(engine.Get("f1")->matches, 4000u);
}

}  // namespace
}  // namespace fakecri::faults
