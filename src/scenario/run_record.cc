// File: run_record.cc
#include "scenario/run_record.h"

#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "fakecri/cri.h"

namespace fakecri::scenario {

RunRecord::RunRecord(std::vector<std::shared_ptr<const Event>> events,
                     TimeNs start)
    : events_(std::move(events)), start_(start) {
  // Names first: a call may be answered before the event that names its
  // object (StartContainer's CONTAINER_STARTED_EVENT, for instance).
  std::unordered_map<uint64_t, std::string> created_by_span;
  for (const auto& e : events_) {
    if (e->kind == EventKind::kCriEvent && !e->cri_event_bytes.empty()) {
      runtime::v1::ContainerEventResponse ev;
      if (!ev.ParseFromString(e->cri_event_bytes)) continue;
      if (ev.has_pod_sandbox_status()) {
        const auto& md = ev.pod_sandbox_status().metadata();
        Learn(ev.pod_sandbox_status().id(),
              Owner{md.namespace_(), md.name(), ""});
        for (const auto& cs : ev.containers_statuses()) {
          Learn(cs.id(),
                Owner{md.namespace_(), md.name(), cs.metadata().name()});
        }
      }
    } else if (e->kind == EventKind::kTransition &&
               e->detail.rfind("none -> ", 0) == 0 && e->parent_span_id != 0) {
      created_by_span.emplace(e->parent_span_id, e->object_id);
    }
  }
  std::unordered_map<uint64_t, size_t> open;
  for (const auto& e : events_) {
    if (e->kind == EventKind::kRpcIn) {
      CriCall c;
      c.rpc = e->subject;
      c.span = e->span_id;
      c.seq_in = e->seq;
      c.start = e->time_ns;
      c.object_id = e->object_id;
      open[e->span_id] = calls_.size();
      call_by_span_[e->span_id] = calls_.size();
      calls_.push_back(std::move(c));
    } else if (e->kind == EventKind::kRpcOut) {
      auto it = open.find(e->span_id);
      if (it == open.end()) continue;  // its request fell out of the log
      CriCall& c = calls_[it->second];
      c.answered = true;
      c.end = e->time_ns;
      c.code = e->status_code;
      c.message = e->detail;
      open.erase(it);
    }
  }
  for (CriCall& c : calls_) {
    if (auto it = created_by_span.find(c.span); it != created_by_span.end()) {
      c.created_id = it->second;
    }
    // A call naming a sandbox but creating a container (CreateContainer)
    // belongs to that container.
    c.owner = OwnerOf(c.created_id);
    if (c.owner == nullptr) c.owner = OwnerOf(c.object_id);
  }
}

void RunRecord::Learn(const std::string& id, Owner o) {
  if (id.empty()) return;
  auto [it, inserted] = owners_.emplace(id, std::move(o));
  if (inserted && !it->second.container.empty()) {
    container_order_.push_back(id);
  }
}

const CriCall* RunRecord::CallOf(uint64_t span) const {
  auto it = call_by_span_.find(span);
  return it == call_by_span_.end() ? nullptr : &calls_[it->second];
}

const Owner* RunRecord::OwnerOf(const std::string& id) const {
  if (id.empty()) return nullptr;
  auto it = owners_.find(id);
  return it == owners_.end() ? nullptr : &it->second;
}

std::string RunRecord::Describe(const std::string& id) const {
  const Owner* o = OwnerOf(id);
  if (o == nullptr) return "";
  if (o->container.empty()) return absl::StrCat(o->pod_namespace, "/", o->pod);
  return absl::StrCat(o->pod_namespace, "/", o->pod, "/", o->container);
}

std::string RunRecord::HandlerOf(const std::string& oci_subject) {
  return oci_subject.substr(0, oci_subject.find('.'));
}

std::vector<std::string> RunRecord::ContainerIds(
    const std::string& pod_namespace, const std::string& pod,
    const std::string& container) const {
  std::vector<std::string> out;
  for (const auto& id : container_order_) {
    const Owner& o = owners_.at(id);
    if (o.pod_namespace == pod_namespace && o.pod == pod &&
        o.container == container) {
      out.push_back(id);
    }
  }
  return out;
}

}  // namespace fakecri::scenario
