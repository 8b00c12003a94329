// File: backoff.h
// client-go's flowcontrol.Backoff as the kubelet configures it (crash-loop
// and image-pull back-off): per key, the delay starts at `initial`,
// doubles at each Next up to `max`, no jitter, and an entry whose last
// update is more than `reset` before the event is forgotten (the kubelet's
// 10 minutes of running).
#ifndef FAKECRI_SCENARIO_KUBELET_BACKOFF_H_
#define FAKECRI_SCENARIO_KUBELET_BACKOFF_H_

#include <map>
#include <string>

#include "fakecri/clock.h"

namespace fakecri::scenario::kubelet {

// Not thread-safe (the kubelet's lock).
class Backoff {
 public:
  Backoff(DurationNs initial, DurationNs max, DurationNs reset)
      : initial_(initial), max_(max), reset_(reset) {}

  // The current delay of `key` (0 if none).
  DurationNs Get(const std::string& key) const;
  // Records a failure at `now`; `event_time` decides whether the old
  // entry expired (then the delay starts over at `initial`).
  void Next(const std::string& key, TimeNs event_time, TimeNs now);
  // Crash loops: still backing off `now` for a container that finished at
  // `event_time` (now - event_time < delay).
  bool InBackOffSince(const std::string& key, TimeNs event_time,
                      TimeNs now) const;
  // Image pulls: still backing off at `now` since the last failure.
  bool InBackOffSinceUpdate(const std::string& key, TimeNs now) const;
  // When the back-off of `key` that started at `since` ends.
  TimeNs Until(const std::string& key, TimeNs since) const {
    return since + Get(key);
  }
  TimeNs LastUpdate(const std::string& key) const;
  void Reset(const std::string& key) { entries_.erase(key); }

 private:
  struct Entry {
    DurationNs delay = 0;
    TimeNs last_update = 0;
  };
  bool Expired(const Entry& e, TimeNs event_time) const {
    return event_time - e.last_update > reset_;
  }
  DurationNs initial_, max_, reset_;
  std::map<std::string, Entry> entries_;
};

}  // namespace fakecri::scenario::kubelet

#endif  // FAKECRI_SCENARIO_KUBELET_BACKOFF_H_
