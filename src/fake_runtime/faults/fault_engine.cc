// File: fault_engine.cc
// Rule compilation, the Match loop and the when-conditions. Match is on
// the path of every CRI call and hop, so the loop checks the cheapest
// things first (hop via the index, then the operation glob, then the
// selectors, then the clock) and allocates only for a hit.
#include "fake_runtime/faults/fault_engine.h"

#include <algorithm>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_runtime/common/random.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/faults/distribution.h"
#include "fake_runtime/faults/effects/effect_registry.h"
#include "fake_runtime/faults/messages.h"

namespace fakecri::faults {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// `after: 2562047h` is a valid duration; its window start must not wrap.
runtime::TimeNs SaturatingAdd(runtime::TimeNs t, DurationNs d) {
  constexpr runtime::TimeNs kMax = std::numeric_limits<runtime::TimeNs>::max();
  return d > kMax - t ? kMax : t + d;
}

}  // namespace

bool RuleIdLess(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      const size_t zi = i;
      const size_t zj = j;
      while (i < a.size() && a[i] == '0') ++i;
      while (j < b.size() && b[j] == '0') ++j;
      const size_t si = i;
      const size_t sj = j;
      while (i < a.size() && IsDigit(a[i])) ++i;
      while (j < b.size() && IsDigit(b[j])) ++j;
      if (i - si != j - sj) return i - si < j - sj;
      if (const int c = a.substr(si, i - si).compare(b.substr(sj, j - sj))) {
        return c < 0;
      }
      if (si - zi != sj - zj) return si - zi < sj - zj;  // "f1" < "f01"
    } else {
      if (a[i] != b[j]) {
        return static_cast<unsigned char>(a[i]) <
               static_cast<unsigned char>(b[j]);
      }
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

// A rule ready for matching, with its counters and streams.
struct FaultEngine::Compiled {
  Compiled(FaultRule r, uint64_t seed, runtime::TimeNs now)
      : rule(std::move(r)),
        matcher(rule),
        gate(seed, StrCat("fault/", rule.id)),
        sample(seed, StrCat("fault/", rule.id, "/sample")),
        added_at(now),
        active_from(SaturatingAdd(now, rule.when.after)) {
    if (rule.when.until) active_until = SaturatingAdd(now, *rule.when.until);
    windowed = rule.when.after > 0 || rule.when.until.has_value();
  }

  bool InWindow(runtime::TimeNs now) const {
    return now >= active_from && (!active_until || now < *active_until);
  }

  // The when-conditions, for a call that matched; counts it.
  bool Fires() {
    const When& w = rule.when;
    const uint64_t n = ++matches;
    if (w.first > 0 && n > static_cast<uint64_t>(w.first)) return false;
    if (w.every > 1 && n % static_cast<uint64_t>(w.every) != 0) return false;
    if (w.times > 0 && hits >= static_cast<uint64_t>(w.times)) return false;
    if (w.probability < 1.0) {
      // p = 0 draws nothing: a disabled rule does not advance its stream.
      if (!(w.probability > 0.0) || !(UnitUniform(gate) < w.probability)) {
        return false;
      }
    }
    ++hits;
    return true;
  }

  FaultHit Resolve(const FaultPoint& p) {
    const Effect& e = rule.effect;
    FaultHit h;
    h.rule_id = rule.id;
    h.kind = e.kind;
    h.hop = p.hop;
    h.operation = std::string(p.operation);
    h.target = DescribeTarget(p);
    h.hit_number = hits;
    if (e.kind != nullptr)
      e.kind->resolve(e, ResolveContext{rule, p, sample}, h);
    return h;
  }

  FaultRule rule;
  RuleMatcher matcher;  // the master copy; by_hop_ holds packed copies
  bool windowed = false;
  // Two streams: the gate (probability) and the effect's samples, so that
  // changing a rule's probability does not change its latencies.
  runtime::RandomStream gate;
  runtime::RandomStream sample;
  uint64_t matches = 0;
  uint64_t hits = 0;
  runtime::TimeNs added_at = 0;
  runtime::TimeNs active_from = 0;
  std::optional<runtime::TimeNs> active_until;
};

FaultEngine::FaultEngine(uint64_t seed, runtime::Clock& clock)
    : seed_(seed), clock_(clock) {}

FaultEngine::~FaultEngine() = default;

absl::StatusOr<std::string> FaultEngine::Add(FaultRule rule) {
  std::vector<FaultRule> one;
  one.push_back(std::move(rule));
  ASSIGN_OR_RETURN(std::vector<std::string> ids, AddAll(std::move(one)));
  return ids.front();
}

absl::StatusOr<std::vector<std::string>> FaultEngine::AddAll(
    std::vector<FaultRule> rules) {
  for (const FaultRule& rule : rules) {
    if (absl::Status s = Validate(rule); !s.ok()) return s;
  }
  const runtime::TimeNs now = clock_.Now();
  std::vector<std::string> ids;
  std::shared_ptr<const AddObserver> on_add;
  std::vector<RuleStatus> added;
  {
    MutexLock lock(&mu_);
    auto taken = [&](const std::string& id) ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return by_id_.contains(id);
    };
    // Every check before the first rule goes in: all or none.
    std::set<std::string, std::less<>> batch;
    for (const FaultRule& rule : rules) {
      if (rule.id.empty()) continue;
      if (taken(rule.id)) {
        return absl::AlreadyExistsError(
            StrCat("a fault with id '", rule.id, "' already exists"));
      }
      if (!batch.insert(rule.id).second) {
        return absl::InvalidArgumentError(
            StrCat("two rules have the id '", rule.id, "'"));
      }
    }
    for (FaultRule& rule : rules) {
      if (rule.id.empty()) {
        do {
          rule.id = StrCat("f", next_auto_id_++);
        } while (taken(rule.id) || batch.contains(rule.id));
      }
      ids.push_back(rule.id);
      Insert(std::make_unique<Compiled>(std::move(rule), seed_, now));
    }
    on_add = add_observer_;
    if (on_add) {
      for (const std::string& id : ids) added.push_back(StatusOf(*by_id_[id]));
    }
  }
  if (on_add) {
    for (const RuleStatus& r : added) (*on_add)(r);
  }
  return ids;
}

void FaultEngine::SetAddObserver(AddObserver fn) {
  std::shared_ptr<const AddObserver> observer =
      fn ? std::make_shared<const AddObserver>(std::move(fn)) : nullptr;
  MutexLock lock(&mu_);
  add_observer_ = std::move(observer);
}

std::optional<FaultHit> FaultEngine::MatchRule(std::string_view id,
                                               const FaultPoint& point) {
  std::optional<FaultHit> hit;
  std::shared_ptr<const Observer> observer;
  {
    MutexLock lock(&mu_);
    const size_t hop = static_cast<size_t>(point.hop);
    if (hop >= kHopCount) return hit;
    const int op_index = OperationIndex(point.hop, point.operation);
    LabelCache labels(point.labels);
    for (const Entry& e : by_hop_[hop]) {
      Compiled* c = e.rule;
      if (c->rule.id != id) continue;
      if (!e.matcher.Matches(point, op_index, labels)) break;
      if (c->windowed && !c->InWindow(clock_.Now())) break;
      if (!c->Fires()) break;
      hit = c->Resolve(point);
      observer = observer_;
      break;
    }
  }
  if (observer) (*observer)(*hit);
  return hit;
}

absl::Status FaultEngine::Remove(std::string_view id) {
  MutexLock lock(&mu_);
  const auto found = by_id_.find(ToAbsl(id));
  if (found == by_id_.end()) {
    return absl::NotFoundError(StrCat("no fault with id '", id, "'"));
  }
  const Compiled* victim = found->second;
  rules_.erase(std::find_if(rules_.begin(), rules_.end(),
                            [&](const auto& c) { return c.get() == victim; }));
  Reindex();
  return absl::OkStatus();
}

void FaultEngine::Clear() {
  MutexLock lock(&mu_);
  rules_.clear();
  Reindex();
}

void FaultEngine::Insert(std::unique_ptr<Compiled> rule) {
  Compiled* c = rule.get();
  auto id_less = [](const std::string& a, const Compiled* b) {
    return RuleIdLess(a, b->rule.id);
  };
  // Auto ids and files in id order append, so the moves are rare.
  const auto pos = std::upper_bound(
      rules_.begin(), rules_.end(), c->rule.id,
      [&](const std::string& a, const std::unique_ptr<Compiled>& b) {
        return id_less(a, b.get());
      });
  rules_.insert(pos, std::move(rule));
  by_id_.emplace(c->rule.id, c);
  const size_t hop = static_cast<size_t>(c->rule.hop);
  Entry e{.matcher = c->matcher, .rule = c};
  e.matcher.BindLabelSlots(label_keys_[hop]);
  std::vector<Entry>& list = by_hop_[hop];
  const auto at = std::upper_bound(
      list.begin(), list.end(), c->rule.id,
      [&](const std::string& a, const Entry& b) { return id_less(a, b.rule); });
  list.insert(at, std::move(e));
  hop_rules_[hop].store(static_cast<uint32_t>(list.size()),
                        std::memory_order_release);
}

void FaultEngine::Reindex() {
  for (auto& list : by_hop_) list.clear();
  for (auto& keys : label_keys_) keys.clear();
  by_id_.clear();
  for (const auto& c : rules_) {
    const size_t hop = static_cast<size_t>(c->rule.hop);
    Entry e{.matcher = c->matcher, .rule = c.get()};
    e.matcher.BindLabelSlots(label_keys_[hop]);
    by_hop_[hop].push_back(std::move(e));
    by_id_.emplace(c->rule.id, c.get());
  }
  for (size_t i = 0; i < kHopCount; ++i) {
    hop_rules_[i].store(static_cast<uint32_t>(by_hop_[i].size()),
                        std::memory_order_release);
  }
}

RuleStatus FaultEngine::StatusOf(const Compiled& c) const {
  return RuleStatus{.rule = c.rule,
                    .matches = c.matches,
                    .hits = c.hits,
                    .added_at = c.added_at,
                    .active_from = c.active_from,
                    .active_until = c.active_until};
}

std::vector<RuleStatus> FaultEngine::List() {
  ReaderMutexLock lock(&mu_);
  std::vector<RuleStatus> out;
  out.reserve(rules_.size());
  for (const auto& c : rules_) out.push_back(StatusOf(*c));
  return out;
}

std::optional<RuleStatus> FaultEngine::Get(std::string_view id) {
  ReaderMutexLock lock(&mu_);
  const auto found = by_id_.find(ToAbsl(id));
  if (found == by_id_.end()) return std::nullopt;
  return StatusOf(*found->second);
}

size_t FaultEngine::size() {
  ReaderMutexLock lock(&mu_);
  return rules_.size();
}

void FaultEngine::SetObserver(Observer fn) {
  std::shared_ptr<const Observer> observer =
      fn ? std::make_shared<const Observer>(std::move(fn)) : nullptr;
  MutexLock lock(&mu_);
  observer_ = std::move(observer);
}

std::vector<FaultHit> FaultEngine::Match(const FaultPoint& point) {
  std::vector<FaultHit> hits;
  const size_t hop = static_cast<size_t>(point.hop);
  if (hop >= kHopCount ||
      hop_rules_[hop].load(std::memory_order_acquire) == 0) {
    return hits;
  }
  std::shared_ptr<const Observer> observer;
  {
    MutexLock lock(&mu_);
    std::optional<runtime::TimeNs> now;
    const int op_index = OperationIndex(point.hop, point.operation);
    LabelCache labels(point.labels);
    for (const Entry& e : by_hop_[hop]) {
      if (!e.matcher.Matches(point, op_index, labels)) continue;
      Compiled* c = e.rule;
      if (c->windowed) {
        if (!now) now = clock_.Now();
        if (!c->InWindow(*now)) continue;
      }
      if (!c->Fires()) continue;
      hits.push_back(c->Resolve(point));
    }
    if (!hits.empty()) observer = observer_;
  }
  if (observer) {
    for (const FaultHit& h : hits) (*observer)(h);
  }
  return hits;
}

}  // namespace fakecri::faults
