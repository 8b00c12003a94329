// File: run_model.h
// The GUI's whole picture of a run, folded from the event log one record
// at a time: the calls (a CRI call is its rpc_in/rpc_out pair, an OCI hop
// is an oci_call record under it), the rows of the call-flow diagram, the
// lanes in use, the faults that fired and the call each one hit, the
// kubelet's own decisions, the GetContainerEvents messages, and every
// object's transition history (object_history.h).
//
// The GUI owns no copy of the runtime's state that it could get wrong:
// this is the only state it has, and it is a function of the records it
// was given. Records come from the embedded runtime's EventLog, the
// control API's WatchEvents stream or an event-log JSON-lines file
// (replay_reader.h); all three give fakecri::Event.
//
// Not thread-safe: feed it from the thread that draws.
#ifndef FAKECRI_GUI_MODEL_RUN_MODEL_H_
#define FAKECRI_GUI_MODEL_RUN_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fakecri/clock.h"
#include "fakecri/event_log.h"
#include "gui/model/lanes.h"
#include "gui/model/object_history.h"

namespace fakecri::gui {

// Index into RunModel::items(): one row of the call-flow diagram.
using ItemId = uint32_t;
inline constexpr ItemId kNoItem = ~ItemId{0};

enum class CallKind : uint8_t {
  kCri,  // a CRI RPC: client -> CRI server -> container manager
  kOci,  // container manager -> OCI runtime (runc.create, kata.start, ...)
};

// Which CRI service answers a call (the container manager's two faces).
enum class CriService : uint8_t { kNone, kRuntime, kImage };
// ImageService RPCs (PullImage, ImageStatus, ...) are kImage, every other
// CRI RPC kRuntime.
CriService ServiceOf(std::string_view rpc);

// A transition record under a call's span, as the call caused it.
struct CausedTransition {
  std::string subject;    // "sandbox", "container", "image", "runtime"
  std::string object_id;  // may be empty ("runtime")
  std::string detail;     // "none -> SANDBOX_READY"
  uint64_t seq = 0;
  TimeNs time = 0;
};

struct Call {
  CallKind kind = CallKind::kCri;
  uint64_t span = 0;
  uint64_t parent_span = 0;
  // kCri: the RPC ("RunPodSandbox"). kOci: the operation ("create",
  // "start", "kill", "exec", "exit", "delete").
  std::string name;
  std::string handler;  // kOci: "runc", "runsc", "kata"
  CriService service = CriService::kNone;
  // The sandbox / container / image the request named (kCri), or the
  // task's container or sandbox id (kOci).
  std::string object_id;
  // kCri: the sandbox or container this call created ("none -> ..."
  // under its span), "" otherwise.
  std::string created_id;
  CallId parent = kNoCall;  // kOci: the CRI call it ran under
  TimeNs start = 0;
  TimeNs end = 0;         // kCri: when answered; kOci: = start
  bool answered = false;  // kCri: rpc_out seen (kOci: always true)
  int status_code = 0;    // gRPC code (0 = OK)
  // kCri: the error message of the reply; kOci: the record's detail
  // ("container task created", "signal 15", an error message).
  std::string message;
  int64_t latency_ns = 0;
  // Protobuf text format of the request (rpc_in) and response (rpc_out)
  // when the runtime recorded payloads (ServerOptions::record_payloads);
  // "" otherwise.
  std::string request, response;
  std::vector<CallId> children;  // kCri: its OCI hops, in order
  std::vector<CausedTransition> transitions;
  std::vector<uint32_t> faults;   // indices into RunModel::faults()
  ItemId request_item = kNoItem;  // kOci: its only row
  ItemId reply_item = kNoItem;

  bool ok() const { return status_code == 0; }
  bool faulted() const { return !faults.empty(); }
  // GetContainerEvents: a long-lived server stream.
  bool is_stream() const { return name == "GetContainerEvents"; }
};

// An injected fault that fired (a `fault` record).
struct FaultMark {
  uint64_t seq = 0;
  TimeNs time = 0;
  std::string rule;       // the rule id (record subject)
  std::string hop;        // "cri", "image_pull", "manager", "oci", ...
  std::string operation;  // "PullImage", "start", ...
  std::string effect;     // "error", "latency", "crash", "oom_kill", ...
  std::string target;     // record object_id: the call's target
  std::string detail;     // the runtime's one-line summary
  int status_code = 0;
  int64_t delay_ns = 0;
  // The call it hit: for hops cri / image_pull, the newest unanswered CRI
  // call of that RPC; for other hops, the newest unanswered CRI call
  // (fault records carry no span; the hop runs inside that call). kNoCall
  // for hits outside any call (a timed restart).
  CallId call = kNoCall;
  ItemId item = kNoItem;
};

// A kubelet decision (`kubelet` record): back-off, probe result, ...
struct KubeletNote {
  uint64_t seq = 0;
  TimeNs time = 0;
  std::string subject;  // "backoff", "probe", "start", ...
  std::string object_id;
  std::string detail;
  ItemId item = kNoItem;
};

// A GetContainerEvents message (`cri_event` record).
struct CriEventMark {
  uint64_t seq = 0;
  TimeNs time = 0;
  std::string type;          // "CONTAINER_STARTED_EVENT", ...
  std::string container_id;  // the event's container (or sandbox) id
  // kNoItem when no GetContainerEvents stream was open: nobody received it,
  // so the diagram draws no arrow.
  ItemId item = kNoItem;
};

enum class ItemKind : uint8_t {
  kRequest,   // a CRI call arrives: client -> CRI server -> manager
  kReply,     // its answer: manager -> CRI server -> client
  kOciCall,   // manager -> OCI runtime (-> processes for start/kill/exec);
              // "exit" runs the other way: processes -> runtime -> manager
  kCriEvent,  // a GetContainerEvents message: CRI server -> client
  kFault,     // an injected fault: a mark on the lane of its hop
  kKubelet,   // a kubelet decision: a mark on the client lane
};
// "request", "reply", "oci call", "CRI event", "fault", "kubelet".
const char* ItemKindName(ItemKind k);

// One row of the call-flow diagram, in log order.
struct FlowItem {
  ItemKind kind = ItemKind::kRequest;
  // The arrow goes from -> via -> to; via is kNoLane for a direct arrow.
  // A mark (kFault, kKubelet) has from == to.
  LaneId from = kNoLane, via = kNoLane, to = kNoLane;
  uint64_t seq = 0;
  // The record's time, never earlier than the item before it (so items
  // can be searched by time).
  TimeNs time = 0;
  // kRequest / kReply / kOciCall: a CallId; kCriEvent: index into
  // cri_events(); kFault: faults(); kKubelet: kubelet_notes().
  uint32_t ref = 0;
};

class RunModel {
 public:
  RunModel();

  // Folds one record in. Records must come in seq order; a record whose
  // seq is not above the last one folded is ignored (a re-opened
  // WatchEvents stream may repeat some), except seq 0 (unnumbered).
  // A reply whose request fell out of the log becomes a call with an
  // unknown start (= its end).
  void Ingest(const Event& e);

  const std::vector<Lane>& lanes() const { return lanes_; }
  // Lane ids in drawing order, left to right: client, CRI server,
  // container manager, OCI runtimes (runc, runsc, kata, then others by
  // first use), container processes (once a task was started).
  const std::vector<LaneId>& LaneColumns() const { return columns_; }
  LaneId client_lane() const { return 0; }
  LaneId cri_server_lane() const { return 1; }
  LaneId manager_lane() const { return 2; }
  LaneId processes_lane() const { return processes_lane_; }  // or kNoLane
  LaneId OciLane(std::string_view handler) const;            // or kNoLane
  // A kubelet record was seen: the client lane is titled "kubelet".
  bool has_kubelet() const { return has_kubelet_; }

  const std::vector<Call>& calls() const { return calls_; }
  const std::vector<FlowItem>& items() const { return items_; }
  const std::vector<FaultMark>& faults() const { return faults_; }
  const std::vector<KubeletNote>& kubelet_notes() const { return notes_; }
  const std::vector<CriEventMark>& cri_events() const { return cri_events_; }
  const ObjectHistory& objects() const { return objects_; }

  // The call of a span id; nullptr when unknown.
  const Call* FindSpan(uint64_t span) const;
  // The call an item belongs to (kRequest, kReply, kOciCall, and a fault
  // that hit a call); kNoCall otherwise.
  CallId CallOf(ItemId item) const;
  // "ns/pod/container", "ns/pod", an image reference, or the id's first
  // 12 characters when nothing named it.
  std::string Describe(std::string_view object_id) const;

  // The number of items whose time is <= t (binary search).
  size_t ItemsUpTo(TimeNs t) const;
  // The first kRequest item at index >= from; items().size() if none.
  ItemId NextRequest(ItemId from) const;

  // Hits seen in the log per fault rule id.
  std::map<std::string, uint64_t> FaultHitsByRule() const;

  uint64_t events_ingested() const { return events_ingested_; }
  uint64_t first_seq() const { return first_seq_; }
  uint64_t last_seq() const { return last_seq_; }
  TimeNs first_time() const { return first_time_; }
  TimeNs last_time() const { return last_time_; }
  // Records missing between folded ones (seq jumps): the log dropped them
  // before the viewer read them.
  uint64_t missing_records() const { return missing_; }
  // Rough heap bytes held (for the memory-per-call figure).
  size_t ApproxBytes() const;

 private:
  ItemId AddItem(ItemKind kind, LaneId from, LaneId via, LaneId to,
                 const Event& e, uint32_t ref);
  LaneId EnsureOciLane(const std::string& handler);
  LaneId EnsureProcessesLane();
  void RebuildColumns();
  void OnRpcIn(const Event& e);
  void OnRpcOut(const Event& e);
  void OnOciCall(const Event& e);
  void OnTransition(const Event& e);
  void OnCriEvent(const Event& e);
  void OnFault(const Event& e);
  void OnKubelet(const Event& e);
  CallId OpenCallFor(std::string_view hop, std::string_view operation) const;

  std::vector<Lane> lanes_;
  std::vector<LaneId> columns_;
  LaneId processes_lane_ = kNoLane;
  bool has_kubelet_ = false;

  std::vector<Call> calls_;
  std::vector<FlowItem> items_;
  std::vector<FaultMark> faults_;
  std::vector<KubeletNote> notes_;
  std::vector<CriEventMark> cri_events_;
  ObjectHistory objects_;

  std::unordered_map<uint64_t, CallId> by_span_;
  // Unanswered CRI calls, oldest first (few at a time).
  std::vector<CallId> open_;
  // Open GetContainerEvents streams.
  int open_streams_ = 0;

  uint64_t events_ingested_ = 0;
  uint64_t first_seq_ = 0, last_seq_ = 0;
  TimeNs first_time_ = 0, last_time_ = 0;
  uint64_t missing_ = 0;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_RUN_MODEL_H_
