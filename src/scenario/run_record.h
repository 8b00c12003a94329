// File: run_record.h
// What a run left in the event log, indexed for the outputs and the
// expectations: each CRI call (request and answer paired by span), and the
// pod and container each sandbox / container id belongs to. Names come
// from the CRI events the runtime published (their pod sandbox and
// container statuses carry the metadata the kubelet sent) and from the
// transitions a call caused, so only what any CRI client could see is used.
#ifndef FAKECRI_SCENARIO_RUN_RECORD_H_
#define FAKECRI_SCENARIO_RUN_RECORD_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fakecri/clock.h"
#include "fakecri/event_log.h"

namespace fakecri::scenario {

struct Owner {
  std::string pod_namespace, pod, container;  // container "" for a sandbox
};

struct CriCall {
  std::string rpc;
  uint64_t span = 0;
  uint64_t seq_in = 0;
  TimeNs start = 0, end = 0;  // end = 0 while unanswered
  bool answered = false;
  int code = 0;  // gRPC code
  std::string message;
  std::string object_id;         // as the request named it
  std::string created_id;        // the sandbox/container the call created
  const Owner* owner = nullptr;  // by object or created id, when known
  DurationNs latency() const { return end - start; }
};

class RunRecord {
 public:
  // `start`: the run's time zero (offsets are measured from it).
  RunRecord(std::vector<std::shared_ptr<const Event>> events, TimeNs start);

  const std::vector<std::shared_ptr<const Event>>& events() const {
    return events_;
  }
  TimeNs start() const { return start_; }
  // In call order (by request).
  const std::vector<CriCall>& calls() const { return calls_; }
  // The call of a CRI span (rpc_in/rpc_out span id); null when unknown.
  const CriCall* CallOf(uint64_t span) const;
  // Pod/container of a sandbox or container id; null when unknown.
  const Owner* OwnerOf(const std::string& id) const;
  // "ns/pod/container" or "ns/pod" text for an id, "" when unknown.
  std::string Describe(const std::string& id) const;
  // The handler ("runc", "kata", ...) of an OCI call subject "kata.start".
  static std::string HandlerOf(const std::string& oci_subject);
  // Container ids of pod/container, in creation order.
  std::vector<std::string> ContainerIds(const std::string& pod_namespace,
                                        const std::string& pod,
                                        const std::string& container) const;

 private:
  void Learn(const std::string& id, Owner o);

  std::vector<std::shared_ptr<const Event>> events_;
  TimeNs start_;
  std::vector<CriCall> calls_;
  std::map<uint64_t, size_t> call_by_span_;  // index into calls_
  std::map<std::string, Owner> owners_;
  std::vector<std::string> container_order_;  // ids in first-seen order
};

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_RUN_RECORD_H_
