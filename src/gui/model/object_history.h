// File: object_history.h
// Pods, sandboxes, containers and images as the event log tells their
// story: each object's transitions, in order, so the view can show every
// object as it was at any moment of the run (the timeline's scrubber).
// Folded from `transition` records (detail "FROM -> TO" or
// "FROM -> TO (why)") and from the CRI events, whose pod sandbox status
// names the pod and its containers. Nothing here is a copy of the
// runtime's state: it is what the log said.
#ifndef FAKECRI_GUI_MODEL_OBJECT_HISTORY_H_
#define FAKECRI_GUI_MODEL_OBJECT_HISTORY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakecri/clock.h"

namespace fakecri::gui {

// Index into RunModel::calls(), or kNoCall.
using CallId = uint32_t;
inline constexpr CallId kNoCall = ~CallId{0};

enum class ObjectKind : uint8_t { kSandbox, kContainer, kImage };
// "sandbox", "container", "image" (the transition records' subjects).
const char* ObjectKindName(ObjectKind k);

// "FROM -> TO" or "FROM -> TO (why)", as the runtime writes transitions.
struct TransitionText {
  std::string from, to, why;
};
// nullopt when `detail` has no " -> ".
std::optional<TransitionText> ParseTransitionDetail(std::string_view detail);

struct Transition {
  uint64_t seq = 0;
  TimeNs time = 0;
  std::string from, to, why;
  // The CRI call that caused it; kNoCall for a process that exited on its
  // own or a fault that fired from a timer.
  CallId call = kNoCall;
  // from == to: a note on the object (resources updated, log reopened, a
  // crash fault scheduled), not a change of state.
  bool IsNote() const { return from == to; }
};

// The state names that mean "not there": "none" before creation,
// "absent" for an image before its pull, "removed" after removal.
bool IsAbsentState(std::string_view state);

struct ObjectRecord {
  ObjectKind kind = ObjectKind::kSandbox;
  std::string id;  // sandbox / container / image id
  // Sandbox: pod name; container: container name; image: a reference it
  // was pulled by. "" until an event named it.
  std::string name;
  // Sandbox and container: the pod's namespace, name and uid.
  std::string pod_namespace, pod_name, pod_uid;
  uint32_t attempt = 0;                 // container / sandbox metadata attempt
  std::string sandbox_id;               // container: the sandbox it belongs to
  std::vector<Transition> transitions;  // in seq order

  // The state after every transition with seq <= `seq` / time <= `t`;
  // nullopt when the object did not exist then (before its first
  // transition, or after it went to an absent state).
  std::optional<std::string_view> StateAtSeq(uint64_t seq) const;
  std::optional<std::string_view> StateAt(TimeNs t) const;
  // Current (latest) state; nullopt when removed or never created.
  std::optional<std::string_view> State() const;
  // Its first transition is at or before `seq`: it had been created by
  // then (it may be gone since). Tells "not yet" from "gone" when
  // StateAtSeq says nullopt.
  bool CreatedBy(uint64_t seq) const {
    return !transitions.empty() && transitions.front().seq <= seq;
  }
  // "ns/pod" for a sandbox, "ns/pod/container" for a container, the
  // name (or a short id) otherwise.
  std::string Describe() const;
};

// A pod: every sandbox the runtime ran for one (namespace, name, uid).
struct PodRecord {
  std::string pod_namespace, pod_name, pod_uid;
  std::vector<std::string> sandbox_ids;  // in creation order
};

// One object as it was at a moment.
struct ObjectAt {
  const ObjectRecord* object = nullptr;
  std::string_view state;
  // Index into object->transitions of the last one applied (-1: none).
  int last_transition = -1;
};

class ObjectHistory {
 public:
  // A transition record of subject "sandbox", "container" or "image";
  // other subjects (e.g. "runtime") are ignored and false is returned.
  bool AddTransition(std::string_view subject, const std::string& object_id,
                     const TransitionText& text, uint64_t seq, TimeNs time,
                     CallId call);
  // Names learned from a CRI event's pod sandbox status (or any other
  // source): creates the record when it is not known yet.
  void NameSandbox(const std::string& sandbox_id,
                   const std::string& pod_namespace,
                   const std::string& pod_name, const std::string& pod_uid,
                   uint32_t attempt);
  void NameContainer(const std::string& container_id,
                     const std::string& sandbox_id,
                     const std::string& container_name, uint32_t attempt);
  void NameImage(const std::string& image_id, const std::string& reference);

  const ObjectRecord* Find(std::string_view id) const;
  // Every object in first-seen order (sandboxes, containers, images mixed).
  const std::vector<ObjectRecord>& objects() const { return objects_; }
  const std::vector<PodRecord>& pods() const { return pods_; }
  const PodRecord* PodOf(const ObjectRecord& sandbox) const;
  // Containers of a sandbox, in creation order.
  std::vector<const ObjectRecord*> ContainersOf(
      std::string_view sandbox_id) const;

  // Every object that existed after the record `seq` (or at time `t`),
  // with its state then, in first-seen order. O(objects x log transitions).
  std::vector<ObjectAt> AtSeq(uint64_t seq) const;
  std::vector<ObjectAt> At(TimeNs t) const;

 private:
  ObjectRecord& Get(ObjectKind kind, const std::string& id);

  std::vector<ObjectRecord> objects_;
  std::map<std::string, size_t, std::less<>> by_id_;
  std::vector<PodRecord> pods_;
  std::map<std::string, size_t, std::less<>> pod_by_key_;
  // Sandbox id -> indices of its containers in objects_.
  std::map<std::string, std::vector<size_t>, std::less<>> containers_of_;
};

}  // namespace fakecri::gui

#endif  // FAKECRI_GUI_MODEL_OBJECT_HISTORY_H_
