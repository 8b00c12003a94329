// File: fault_engine.h
// FaultEngine: the rule set and the question every hop asks before it
// acts — "which faults apply to this call?" (Match). Rules are data
// (fault_rule.h); the engine compiles their globs, keeps their counters
// and gives each rule its own random streams, derived from the engine seed
// and the rule id, so adding a rule never changes another rule's draws and
// a run replays from its seed. Time windows use the runtime's Clock only.
#ifndef FAKECRI_FAULTS_FAULT_ENGINE_H_
#define FAKECRI_FAULTS_FAULT_ENGINE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/clock/clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/faults/fault_enums.h"
#include "fake_runtime/faults/fault_hit.h"
#include "fake_runtime/faults/fault_point.h"
#include "fake_runtime/faults/fault_rule.h"
#include "fake_runtime/faults/matcher.h"

namespace fakecri::faults {

// A rule as List() reports it.
struct RuleStatus {
  FaultRule rule = {};   // id filled in
  uint64_t matches = 0;  // calls that matched where, targets and window
  uint64_t hits = 0;     // applications
  runtime::TimeNs added_at = 0;
  // The rule's time window on the clock: [active_from, active_until).
  runtime::TimeNs active_from = 0;
  std::optional<runtime::TimeNs> active_until = std::nullopt;
};

// Thread-safe. Match() may be called from any hop concurrently; the
// observer runs on the calling thread after the engine's lock is released.
class FaultEngine {
 public:
  using Observer = std::function<void(const FaultHit&)>;

  FaultEngine(uint64_t seed, runtime::Clock& clock);
  ~FaultEngine();
  FaultEngine(const FaultEngine&) = delete;
  FaultEngine& operator=(const FaultEngine&) = delete;

  // Validates and adds `rule`. Returns its id: rule.id when given (then it
  // must be unused: AlreadyExists otherwise), else "f<N>" with the next
  // unused N. Ids are never reused by the counter, Clear() included. The
  // rule's time window starts from clock.Now() at this call.
  // A rule's random streams derive from (seed, id): other rules never
  // shift its draws, but an auto id depends on how many rules were added
  // before it, so rules that must keep their draws when others are
  // inserted ahead of them should carry explicit ids.
  // Rules on hop runtime / operation "tick" fire only when the integrator
  // calls Match at a tick, e.g. at RuleStatus::active_from.
  absl::StatusOr<std::string> Add(FaultRule rule);
  // Adds every rule or none (same checks as Add, plus: two rules of the
  // batch may not share an id). Returns the ids in order.
  absl::StatusOr<std::vector<std::string>> AddAll(std::vector<FaultRule> rules);
  // NotFound when no rule has that id.
  absl::Status Remove(std::string_view id);
  void Clear();

  // Rules in id order (natural: f2 before f10) with their counters.
  std::vector<RuleStatus> List();
  std::optional<RuleStatus> Get(std::string_view id);
  size_t size();

  // The effects that apply to `point`, one per firing rule, in id order.
  // Updates the counters of every rule that matched (first, every, times)
  // and draws from the rules' own streams (probability, latencies). With
  // no rule on the point's hop it takes no lock; with rules but no match it
  // neither allocates nor draws.
  std::vector<FaultHit> Match(const FaultPoint& point);

  // Called once per hit (for the event log / console); replaces any
  // previous observer; an empty function removes it.
  void SetObserver(Observer fn);

  // Like Match, for one rule only (a rule added at run time that applies
  // to objects that already exist, e.g. a crash for running containers).
  std::optional<FaultHit> MatchRule(std::string_view id,
                                    const FaultPoint& point);

  // True when some rule is on `hop`: lets a hop skip building its point.
  bool HasRules(Hop hop) const {
    return hop_rules_[static_cast<size_t>(hop)].load(
               std::memory_order_acquire) != 0;
  }

  // Called after each Add (outside the engine's lock), e.g. to schedule a
  // rule's "tick" or apply it to running containers.
  using AddObserver = std::function<void(const RuleStatus&)>;
  void SetAddObserver(AddObserver fn);

  uint64_t seed() const { return seed_; }

 private:
  struct Compiled;

  // Rebuilds by_hop_ and by_id_ after rules were removed.
  void Reindex() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Puts one new rule into rules_, by_id_ and by_hop_ at its id's place:
  // O(log n) to find it plus moving pointers, so loading n rules one Add
  // at a time stays near-linear (a full Reindex per Add was quadratic).
  void Insert(std::unique_ptr<Compiled> rule)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  RuleStatus StatusOf(const Compiled& c) const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const uint64_t seed_;
  runtime::Clock& clock_;
  fakecri::Mutex mu_;
  // What Match scans: per hop, in id order, the matchers packed together
  // (a rule with its random streams is kilobytes; scanning those would
  // touch new cache lines for every rule).
  struct Entry {
    RuleMatcher matcher;
    Compiled* rule = nullptr;
  };

  // Sorted by natural id order; unique_ptr keeps rules in place for
  // by_hop_.
  std::vector<std::unique_ptr<Compiled>> rules_ ABSL_GUARDED_BY(mu_);
  std::array<std::vector<Entry>, kHopCount> by_hop_ ABSL_GUARDED_BY(mu_);
  // Rules by id, for Add's uniqueness checks, Get and Remove.
  absl::flat_hash_map<std::string, Compiled*> by_id_ ABSL_GUARDED_BY(mu_);
  // Per hop, the label keys bound to LabelCache slots so far (a key's
  // index is its slot); kept so Insert binds a new rule alone.
  std::array<std::vector<std::string>, kHopCount> label_keys_
      ABSL_GUARDED_BY(mu_);
  // Rules per hop, readable without the lock: a hop with no rules (the
  // common case) skips locking entirely.
  std::array<std::atomic<uint32_t>, kHopCount> hop_rules_ = {};
  uint64_t next_auto_id_ ABSL_GUARDED_BY(mu_) = 1;
  // Shared so Match can take it out of the lock without copying whatever
  // the function captured.
  std::shared_ptr<const Observer> observer_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const AddObserver> add_observer_ ABSL_GUARDED_BY(mu_);
};

// Natural order of rule ids: digit runs compare as numbers ("f2" < "f10").
bool RuleIdLess(std::string_view a, std::string_view b);

}  // namespace fakecri::faults

#endif  // FAKECRI_FAULTS_FAULT_ENGINE_H_
