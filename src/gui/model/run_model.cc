// File: run_model.cc
// Folding records: each kind has one handler; the call-flow rows are
// appended as the records arrive, so a row's index is its place in the
// diagram and no later record moves it.
#include "gui/model/run_model.h"

#include <algorithm>
#include <array>

#include "fakecri/cri.h"

namespace fakecri::gui {
namespace {

constexpr std::array<std::string_view, 6> kImageRpcs = {
    "ListImages", "StreamImages", "ImageStatus",
    "PullImage",  "RemoveImage",  "ImageFsInfo"};

// Left-to-right order of the OCI runtime lanes.
int HandlerRank(std::string_view handler) {
  if (handler == "runc") return 0;
  if (handler == "runsc") return 1;
  if (handler == "kata") return 2;
  return 3;
}

bool LooksLikeHexId(std::string_view id) {
  if (id.size() < 32) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// The parts of a fault record's summary: "fault R fired on HOP OPERATION
// (TARGET): EFFECT ..." (faults::FaultHit::Summary).
struct FaultSummary {
  std::string hop, operation, effect, handler;
};
FaultSummary ParseFaultSummary(std::string_view s) {
  FaultSummary out;
  const size_t on = s.find(" fired on ");
  if (on == std::string_view::npos) return out;
  std::string_view rest = s.substr(on + 10);
  const size_t sp = rest.find(' ');
  out.hop = std::string(rest.substr(0, sp));
  if (sp == std::string_view::npos) return out;
  rest = rest.substr(sp + 1);
  const size_t open = rest.find(" (");
  out.operation = std::string(rest.substr(0, open));
  if (open == std::string_view::npos) return out;
  const size_t close = rest.find("): ", open);
  if (close == std::string_view::npos) return out;
  std::string_view target = rest.substr(open + 2, close - open - 2);
  if (size_t h = target.find("handler "); h != std::string_view::npos) {
    std::string_view v = target.substr(h + 8);
    out.handler = std::string(v.substr(0, v.find(' ')));
  }
  std::string_view effect = rest.substr(close + 3);
  out.effect = std::string(effect.substr(0, effect.find_first_of(" :,")));
  return out;
}

// A fault that answers the call at the CRI server, before the container
// manager sees it.
bool StopsAtCriServer(const FaultMark& f) {
  return f.hop == "cri" &&
         (f.effect == "error" || f.effect == "hang" || f.effect == "restart");
}

}  // namespace

CriService ServiceOf(std::string_view rpc) {
  for (std::string_view r : kImageRpcs) {
    if (r == rpc) return CriService::kImage;
  }
  return CriService::kRuntime;
}

const char* ItemKindName(ItemKind k) {
  switch (k) {
    case ItemKind::kRequest:
      return "request";
    case ItemKind::kReply:
      return "reply";
    case ItemKind::kOciCall:
      return "oci call";
    case ItemKind::kCriEvent:
      return "CRI event";
    case ItemKind::kFault:
      return "fault";
    case ItemKind::kKubelet:
      return "kubelet";
  }
  return "?";
}

RunModel::RunModel() {
  lanes_.push_back(Lane{LaneKind::kClient, "CRI client", "", ""});
  lanes_.push_back(Lane{LaneKind::kCriServer, "CRI server",
                        "gRPC RuntimeService + ImageService", ""});
  lanes_.push_back(Lane{LaneKind::kContainerManager, "container manager",
                        "image + runtime service", ""});
  RebuildColumns();
}

LaneId RunModel::OciLane(std::string_view handler) const {
  for (LaneId i = 0; i < lanes_.size(); ++i) {
    if (lanes_[i].kind == LaneKind::kOciRuntime &&
        lanes_[i].handler == handler) {
      return i;
    }
  }
  return kNoLane;
}

LaneId RunModel::EnsureOciLane(const std::string& handler) {
  if (LaneId id = OciLane(handler); id != kNoLane) return id;
  lanes_.push_back(
      Lane{LaneKind::kOciRuntime, handler, "OCI runtime", handler});
  RebuildColumns();
  return static_cast<LaneId>(lanes_.size() - 1);
}

LaneId RunModel::EnsureProcessesLane() {
  if (processes_lane_ != kNoLane) return processes_lane_;
  lanes_.push_back(Lane{LaneKind::kProcesses, "container processes",
                        "pause + app processes", ""});
  processes_lane_ = static_cast<LaneId>(lanes_.size() - 1);
  RebuildColumns();
  return processes_lane_;
}

void RunModel::RebuildColumns() {
  columns_.resize(lanes_.size());
  for (LaneId i = 0; i < lanes_.size(); ++i) columns_[i] = i;
  // Stable: lanes of one rank keep their order of first use.
  std::stable_sort(columns_.begin(), columns_.end(), [&](LaneId a, LaneId b) {
    const Lane& la = lanes_[a];
    const Lane& lb = lanes_[b];
    if (la.kind != lb.kind) return la.kind < lb.kind;
    if (la.kind == LaneKind::kOciRuntime) {
      return HandlerRank(la.handler) < HandlerRank(lb.handler);
    }
    return false;
  });
}

ItemId RunModel::AddItem(ItemKind kind, LaneId from, LaneId via, LaneId to,
                         const Event& e, uint32_t ref) {
  FlowItem it;
  it.kind = kind;
  it.from = from;
  it.via = via;
  it.to = to;
  it.seq = e.seq;
  it.time =
      items_.empty() ? e.time_ns : std::max(items_.back().time, e.time_ns);
  it.ref = ref;
  items_.push_back(it);
  return static_cast<ItemId>(items_.size() - 1);
}

void RunModel::Ingest(const Event& e) {
  if (e.seq != 0) {
    if (last_seq_ != 0 && e.seq <= last_seq_) return;
    if (last_seq_ != 0 && e.seq > last_seq_ + 1) {
      missing_ += e.seq - last_seq_ - 1;
    }
    if (first_seq_ == 0) first_seq_ = e.seq;
    last_seq_ = e.seq;
  }
  if (events_ingested_ == 0) first_time_ = e.time_ns;
  last_time_ = std::max(last_time_, e.time_ns);
  ++events_ingested_;
  switch (e.kind) {
    case EventKind::kRpcIn:
      OnRpcIn(e);
      break;
    case EventKind::kRpcOut:
      OnRpcOut(e);
      break;
    case EventKind::kOciCall:
      OnOciCall(e);
      break;
    case EventKind::kTransition:
      OnTransition(e);
      break;
    case EventKind::kCriEvent:
      OnCriEvent(e);
      break;
    case EventKind::kFault:
      OnFault(e);
      break;
    case EventKind::kKubelet:
      OnKubelet(e);
      break;
    case EventKind::kInfo:
      break;  // start-up lines: the Inspector has nothing to show for them
  }
}

void RunModel::OnRpcIn(const Event& e) {
  const CallId id = static_cast<CallId>(calls_.size());
  Call& c = calls_.emplace_back();
  c.kind = CallKind::kCri;
  c.span = e.span_id;
  c.parent_span = e.parent_span_id;
  c.name = e.subject;
  c.service = ServiceOf(e.subject);
  c.object_id = e.object_id;
  c.start = e.time_ns;
  c.end = e.time_ns;
  c.request = e.payload;
  if (c.is_stream()) {
    // The stream is the CRI server's own: the manager is not asked.
    ++open_streams_;
    c.request_item = AddItem(ItemKind::kRequest, client_lane(), kNoLane,
                             cri_server_lane(), e, id);
  } else {
    c.request_item = AddItem(ItemKind::kRequest, client_lane(),
                             cri_server_lane(), manager_lane(), e, id);
  }
  by_span_[e.span_id] = id;
  open_.push_back(id);
}

void RunModel::OnRpcOut(const Event& e) {
  CallId id;
  if (auto it = by_span_.find(e.span_id); it != by_span_.end()) {
    id = it->second;
  } else {
    // The request fell out of the log before we read it.
    id = static_cast<CallId>(calls_.size());
    Call& c = calls_.emplace_back();
    c.kind = CallKind::kCri;
    c.span = e.span_id;
    c.name = e.subject;
    c.service = ServiceOf(e.subject);
    c.object_id = e.object_id;
    c.start = e.time_ns - e.latency_ns;
    by_span_[e.span_id] = id;
  }
  Call& c = calls_[id];
  if (c.answered) return;  // one answer per call
  c.answered = true;
  c.end = e.time_ns;
  c.status_code = e.status_code;
  c.message = e.detail;
  c.latency_ns = e.latency_ns;
  c.response = e.payload;
  std::erase(open_, id);
  bool at_server = c.is_stream();
  for (uint32_t f : c.faults)
    at_server = at_server || StopsAtCriServer(faults_[f]);
  if (c.is_stream() && open_streams_ > 0) --open_streams_;
  c.reply_item = at_server ? AddItem(ItemKind::kReply, cri_server_lane(),
                                     kNoLane, client_lane(), e, id)
                           : AddItem(ItemKind::kReply, manager_lane(),
                                     cri_server_lane(), client_lane(), e, id);
}

void RunModel::OnOciCall(const Event& e) {
  const CallId id = static_cast<CallId>(calls_.size());
  Call& c = calls_.emplace_back();
  c.kind = CallKind::kOci;
  c.span = e.span_id;
  c.parent_span = e.parent_span_id;
  const size_t dot = e.subject.find('.');
  c.handler = dot == std::string::npos ? e.subject : e.subject.substr(0, dot);
  c.name = dot == std::string::npos ? e.subject : e.subject.substr(dot + 1);
  c.object_id = e.object_id;
  c.start = e.time_ns;
  c.end = e.time_ns;
  c.answered = true;
  c.status_code = e.status_code;
  c.message = e.detail;
  c.latency_ns = e.latency_ns;
  if (auto it = by_span_.find(e.parent_span_id);
      it != by_span_.end() && e.parent_span_id != 0) {
    c.parent = it->second;
  }
  by_span_[e.span_id] = id;
  const std::string op = c.name;
  const CallId parent = c.parent;
  const LaneId oci = EnsureOciLane(c.handler);
  ItemId item;
  if (op == "exit") {
    // The task's process ended: the runtime's shim reports it upwards.
    item = AddItem(ItemKind::kOciCall, EnsureProcessesLane(), oci,
                   manager_lane(), e, id);
  } else if (op == "start" || op == "kill" || op == "exec") {
    // These reach the process itself: started, signalled, joined.
    item = AddItem(ItemKind::kOciCall, manager_lane(), oci,
                   EnsureProcessesLane(), e, id);
  } else {
    item = AddItem(ItemKind::kOciCall, manager_lane(), kNoLane, oci, e, id);
  }
  calls_[id].request_item = item;
  if (parent != kNoCall) calls_[parent].children.push_back(id);
}

void RunModel::OnTransition(const Event& e) {
  CallId call = kNoCall;
  if (auto it = by_span_.find(e.parent_span_id);
      it != by_span_.end() && e.parent_span_id != 0) {
    call = it->second;
    // An OCI hop's transition belongs to the CRI call above it.
    if (calls_[call].kind == CallKind::kOci && calls_[call].parent != kNoCall) {
      call = calls_[call].parent;
    }
  }
  if (call != kNoCall) {
    calls_[call].transitions.push_back(
        CausedTransition{e.subject, e.object_id, e.detail, e.seq, e.time_ns});
  }
  std::optional<TransitionText> t = ParseTransitionDetail(e.detail);
  if (!t.has_value()) return;
  if (!objects_.AddTransition(e.subject, e.object_id, *t, e.seq, e.time_ns,
                              call)) {
    return;
  }
  if (call == kNoCall) return;
  Call& c = calls_[call];
  if (t->from == "none" && c.kind == CallKind::kCri) {
    c.created_id = e.object_id;
    // CreateContainer names the sandbox in its request: the new container
    // belongs to it.
    if (e.subject == "container" && c.name == "CreateContainer") {
      objects_.NameContainer(e.object_id, c.object_id, "", 0);
    }
  }
  if (e.subject == "image" && t->from == "absent") {
    constexpr std::string_view kSandboxImage = "pulled sandbox image ";
    if (t->why.starts_with(kSandboxImage)) {
      objects_.NameImage(e.object_id, t->why.substr(kSandboxImage.size()));
    } else if (c.name == "PullImage") {
      objects_.NameImage(e.object_id, c.object_id);
    }
  }
}

void RunModel::OnCriEvent(const Event& e) {
  const uint32_t ref = static_cast<uint32_t>(cri_events_.size());
  CriEventMark& m = cri_events_.emplace_back();
  m.seq = e.seq;
  m.time = e.time_ns;
  m.type = e.subject;
  m.container_id = e.object_id;
  if (!e.cri_event_bytes.empty()) {
    runtime::v1::ContainerEventResponse ev;
    if (ev.ParseFromString(e.cri_event_bytes)) {
      if (m.container_id.empty()) m.container_id = ev.container_id();
      if (ev.has_pod_sandbox_status()) {
        const auto& sb = ev.pod_sandbox_status();
        const auto& md = sb.metadata();
        objects_.NameSandbox(sb.id(), md.namespace_(), md.name(), md.uid(),
                             md.attempt());
        for (const auto& cs : ev.containers_statuses()) {
          objects_.NameContainer(cs.id(), sb.id(), cs.metadata().name(),
                                 cs.metadata().attempt());
          if (!cs.image_ref().empty() && !cs.image().image().empty()) {
            objects_.NameImage(cs.image_ref(), cs.image().image());
          }
        }
      }
    }
  }
  if (open_streams_ > 0) {
    m.item = AddItem(ItemKind::kCriEvent, cri_server_lane(), kNoLane,
                     client_lane(), e, ref);
  }
}

CallId RunModel::OpenCallFor(std::string_view hop,
                             std::string_view operation) const {
  auto newest = [&](auto pred) -> CallId {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      if (pred(calls_[*it])) return *it;
    }
    return kNoCall;
  };
  if (hop == "cri" || hop == "image_pull") {
    const std::string_view rpc = hop == "image_pull" ? "PullImage" : operation;
    return newest([&](const Call& c) { return c.name == rpc; });
  }
  if (hop == "events") {
    return newest([](const Call& c) { return c.is_stream(); });
  }
  if (hop == "process") {
    return newest([](const Call& c) { return c.name == "StartContainer"; });
  }
  if (hop == "runtime") {
    if (operation != "status") return kNoCall;  // "tick": a timer
    return newest([](const Call& c) { return c.name == "Status"; });
  }
  // manager, oci: the step runs inside the call that is executing.
  return newest([](const Call& c) { return !c.is_stream(); });
}

void RunModel::OnFault(const Event& e) {
  const uint32_t ref = static_cast<uint32_t>(faults_.size());
  FaultMark& f = faults_.emplace_back();
  FaultSummary s = ParseFaultSummary(e.detail);
  f.seq = e.seq;
  f.time = e.time_ns;
  f.rule = e.subject;
  f.hop = s.hop;
  f.operation = s.operation;
  f.effect = s.effect;
  f.target = e.object_id;
  f.detail = e.detail;
  f.status_code = e.status_code;
  f.delay_ns = e.latency_ns;
  f.call = OpenCallFor(f.hop, f.operation);
  LaneId lane = manager_lane();
  if (f.hop == "cri" || f.hop == "events") {
    lane = cri_server_lane();
  } else if (f.hop == "oci") {
    std::string handler = s.handler;
    if (handler.empty()) handler = "runc";  // the default handler ""
    lane = EnsureOciLane(handler);
  } else if (f.hop == "process") {
    lane = EnsureProcessesLane();
  }
  f.item = AddItem(ItemKind::kFault, lane, kNoLane, lane, e, ref);
  if (f.call != kNoCall) {
    Call& c = calls_[f.call];
    c.faults.push_back(ref);
    // Answered at the gate: the request never reaches the manager.
    if (StopsAtCriServer(f) && c.request_item != kNoItem) {
      FlowItem& req = items_[c.request_item];
      req.via = kNoLane;
      req.to = cri_server_lane();
    }
  }
}

void RunModel::OnKubelet(const Event& e) {
  if (!has_kubelet_) {
    has_kubelet_ = true;
    lanes_[client_lane()].title = "kubelet";
    lanes_[client_lane()].subtitle = "node agent (CRI client)";
  }
  const uint32_t ref = static_cast<uint32_t>(notes_.size());
  KubeletNote& n = notes_.emplace_back();
  n.seq = e.seq;
  n.time = e.time_ns;
  n.subject = e.subject;
  n.object_id = e.object_id;
  n.detail = e.detail;
  n.item = AddItem(ItemKind::kKubelet, client_lane(), kNoLane, client_lane(), e,
                   ref);
}

const Call* RunModel::FindSpan(uint64_t span) const {
  auto it = by_span_.find(span);
  return it == by_span_.end() ? nullptr : &calls_[it->second];
}

CallId RunModel::CallOf(ItemId item) const {
  if (item >= items_.size()) return kNoCall;
  const FlowItem& it = items_[item];
  switch (it.kind) {
    case ItemKind::kRequest:
    case ItemKind::kReply:
    case ItemKind::kOciCall:
      return it.ref;
    case ItemKind::kFault:
      return faults_[it.ref].call;
    case ItemKind::kCriEvent:
    case ItemKind::kKubelet:
      return kNoCall;
  }
  return kNoCall;
}

std::string RunModel::Describe(std::string_view object_id) const {
  if (const ObjectRecord* o = objects_.Find(object_id); o != nullptr) {
    return o->Describe();
  }
  if (LooksLikeHexId(object_id)) return std::string(object_id.substr(0, 12));
  return std::string(object_id);
}

size_t RunModel::ItemsUpTo(TimeNs t) const {
  auto it = std::upper_bound(
      items_.begin(), items_.end(), t,
      [](TimeNs v, const FlowItem& item) { return v < item.time; });
  return static_cast<size_t>(it - items_.begin());
}

ItemId RunModel::NextRequest(ItemId from) const {
  for (size_t i = from; i < items_.size(); ++i) {
    if (items_[i].kind == ItemKind::kRequest) return static_cast<ItemId>(i);
  }
  return static_cast<ItemId>(items_.size());
}

std::map<std::string, uint64_t> RunModel::FaultHitsByRule() const {
  std::map<std::string, uint64_t> out;
  for (const FaultMark& f : faults_) ++out[f.rule];
  return out;
}

size_t RunModel::ApproxBytes() const {
  auto str = [](const std::string& s) {
    return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond SSO
  };
  size_t n = calls_.capacity() * sizeof(Call) +
             items_.capacity() * sizeof(FlowItem) +
             faults_.capacity() * sizeof(FaultMark) +
             notes_.capacity() * sizeof(KubeletNote) +
             cri_events_.capacity() * sizeof(CriEventMark);
  for (const Call& c : calls_) {
    n += str(c.name) + str(c.handler) + str(c.object_id) + str(c.created_id) +
         str(c.message) + str(c.request) + str(c.response) +
         c.children.capacity() * sizeof(CallId) +
         c.faults.capacity() * sizeof(uint32_t) +
         c.transitions.capacity() * sizeof(CausedTransition);
    for (const CausedTransition& t : c.transitions) {
      n += str(t.subject) + str(t.object_id) + str(t.detail);
    }
  }
  for (const KubeletNote& k : notes_) n += str(k.detail) + str(k.object_id);
  for (const CriEventMark& m : cri_events_) n += str(m.container_id);
  for (const ObjectRecord& o : objects_.objects()) {
    n += sizeof(ObjectRecord) + str(o.id) +
         o.transitions.capacity() * sizeof(Transition);
  }
  // The span index: a node per call, about 32 bytes with its bucket.
  n += by_span_.size() * 32;
  return n;
}

}  // namespace fakecri::gui
