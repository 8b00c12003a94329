// File: backoff.cc
#include "scenario/kubelet/backoff.h"

#include <algorithm>

namespace fakecri::scenario::kubelet {

DurationNs Backoff::Get(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.delay;
}

TimeNs Backoff::LastUpdate(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.last_update;
}

void Backoff::Next(const std::string& key, TimeNs event_time, TimeNs now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, event_time)) {
    entries_[key] = Entry{initial_, now};
    return;
  }
  it->second.delay = std::min(it->second.delay * 2, max_);
  it->second.last_update = now;
}

bool Backoff::InBackOffSince(const std::string& key, TimeNs event_time,
                             TimeNs now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, event_time)) return false;
  return now - event_time < it->second.delay;
}

bool Backoff::InBackOffSinceUpdate(const std::string& key, TimeNs now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || Expired(it->second, now)) return false;
  return now - it->second.last_update < it->second.delay;
}

}  // namespace fakecri::scenario::kubelet
