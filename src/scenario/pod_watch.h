// File: pod_watch.h
// `kubectl get pods --watch` for a run's timeline: one line each time a
// pod's READY, STATUS or RESTARTS changes, or it goes away.
//   +12.000s pod       web            0/1   Init:0/2            0
#ifndef FAKECRI_SCENARIO_POD_WATCH_H_
#define FAKECRI_SCENARIO_POD_WATCH_H_

#include <map>
#include <string>
#include <vector>

#include "fakecri/clock.h"
#include "scenario/kubelet/kubelet.h"

namespace fakecri::scenario {

class PodWatch {
 public:
  // The lines for what changed since the last call, pods in the order
  // given (then the ones gone, by name). `offset` is the run's time.
  std::vector<std::string> Changes(const std::vector<PodView>& pods,
                                   DurationNs offset);

 private:
  std::map<std::string, std::string> last_;  // ns/name -> shown columns
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_POD_WATCH_H_
