// File: object_history.cc
#include "gui/model/object_history.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace fakecri::gui {

const char* ObjectKindName(ObjectKind k) {
  switch (k) {
    case ObjectKind::kSandbox:
      return "sandbox";
    case ObjectKind::kContainer:
      return "container";
    case ObjectKind::kImage:
      return "image";
  }
  return "?";
}

std::optional<TransitionText> ParseTransitionDetail(std::string_view detail) {
  const size_t arrow = detail.find(" -> ");
  if (arrow == std::string_view::npos) return std::nullopt;
  TransitionText t;
  t.from = std::string(detail.substr(0, arrow));
  std::string_view rest = detail.substr(arrow + 4);
  // "TO (why)": the reason is everything inside the first " (" and the
  // closing parenthesis at the end (a reason may hold parentheses).
  if (const size_t paren = rest.find(" (");
      paren != std::string_view::npos && rest.ends_with(')')) {
    t.to = std::string(rest.substr(0, paren));
    t.why = std::string(rest.substr(paren + 2, rest.size() - paren - 3));
  } else {
    t.to = std::string(rest);
  }
  return t;
}

bool IsAbsentState(std::string_view state) {
  return state == "none" || state == "absent" || state == "removed" ||
         state.empty();
}

namespace {

// Index of the last transition with key <= bound, or -1.
template <typename Key>
int LastAtOrBefore(const std::vector<Transition>& ts, Key key, auto bound_of) {
  auto it = std::upper_bound(
      ts.begin(), ts.end(), key,
      [&](Key k, const Transition& t) { return k < bound_of(t); });
  return static_cast<int>(it - ts.begin()) - 1;
}

std::optional<std::string_view> StateOfIndex(const ObjectRecord& o, int i) {
  if (i < 0) return std::nullopt;
  const std::string& s = o.transitions[static_cast<size_t>(i)].to;
  if (IsAbsentState(s)) return std::nullopt;
  return std::string_view(s);
}

}  // namespace

std::optional<std::string_view> ObjectRecord::StateAtSeq(uint64_t seq) const {
  return StateOfIndex(
      *this, LastAtOrBefore(transitions, seq,
                            [](const Transition& t) { return t.seq; }));
}

std::optional<std::string_view> ObjectRecord::StateAt(TimeNs t) const {
  return StateOfIndex(
      *this, LastAtOrBefore(transitions, t,
                            [](const Transition& tr) { return tr.time; }));
}

std::optional<std::string_view> ObjectRecord::State() const {
  return StateOfIndex(*this, static_cast<int>(transitions.size()) - 1);
}

std::string ObjectRecord::Describe() const {
  switch (kind) {
    case ObjectKind::kSandbox:
      if (!pod_name.empty()) return absl::StrCat(pod_namespace, "/", pod_name);
      break;
    case ObjectKind::kContainer:
      if (!name.empty() && !pod_name.empty()) {
        return absl::StrCat(pod_namespace, "/", pod_name, "/", name);
      }
      if (!name.empty()) return name;
      break;
    case ObjectKind::kImage:
      if (!name.empty()) return name;
      break;
  }
  // An image id "sha256:<hex>" keeps its prefix; others are hex ids.
  const size_t skip = id.rfind("sha256:", 0) == 0 ? 7 : 0;
  return id.substr(0, skip + 12);
}

ObjectRecord& ObjectHistory::Get(ObjectKind kind, const std::string& id) {
  auto it = by_id_.find(id);
  if (it != by_id_.end()) return objects_[it->second];
  by_id_.emplace(id, objects_.size());
  ObjectRecord& o = objects_.emplace_back();
  o.kind = kind;
  o.id = id;
  return o;
}

bool ObjectHistory::AddTransition(std::string_view subject,
                                  const std::string& object_id,
                                  const TransitionText& text, uint64_t seq,
                                  TimeNs time, CallId call) {
  ObjectKind kind;
  if (subject == "sandbox") {
    kind = ObjectKind::kSandbox;
  } else if (subject == "container") {
    kind = ObjectKind::kContainer;
  } else if (subject == "image") {
    kind = ObjectKind::kImage;
  } else {
    return false;
  }
  if (object_id.empty()) return false;
  ObjectRecord& o = Get(kind, object_id);
  o.transitions.push_back(
      Transition{seq, time, text.from, text.to, text.why, call});
  return true;
}

void ObjectHistory::NameSandbox(const std::string& sandbox_id,
                                const std::string& pod_namespace,
                                const std::string& pod_name,
                                const std::string& pod_uid, uint32_t attempt) {
  if (sandbox_id.empty()) return;
  ObjectRecord& o = Get(ObjectKind::kSandbox, sandbox_id);
  if (!o.pod_name.empty()) return;  // named once; names never change
  o.pod_namespace = pod_namespace;
  o.pod_name = pod_name;
  o.pod_uid = pod_uid;
  o.name = pod_name;
  o.attempt = attempt;
  const std::string key =
      absl::StrCat(pod_namespace, "/", pod_name, "/", pod_uid);
  auto [it, inserted] = pod_by_key_.emplace(key, pods_.size());
  if (inserted) {
    pods_.push_back(PodRecord{pod_namespace, pod_name, pod_uid, {}});
  }
  pods_[it->second].sandbox_ids.push_back(sandbox_id);
  // Containers named before their sandbox was: give them the pod.
  if (auto it = containers_of_.find(sandbox_id); it != containers_of_.end()) {
    for (size_t i : it->second) {
      ObjectRecord& c = objects_[i];
      if (c.pod_name.empty()) {
        c.pod_namespace = pod_namespace;
        c.pod_name = pod_name;
        c.pod_uid = pod_uid;
      }
    }
  }
}

void ObjectHistory::NameContainer(const std::string& container_id,
                                  const std::string& sandbox_id,
                                  const std::string& container_name,
                                  uint32_t attempt) {
  if (container_id.empty()) return;
  ObjectRecord& o = Get(ObjectKind::kContainer, container_id);
  if (o.sandbox_id.empty() && !sandbox_id.empty()) {
    o.sandbox_id = sandbox_id;
    containers_of_[sandbox_id].push_back(by_id_.find(container_id)->second);
  }
  if (o.name.empty()) {
    o.name = container_name;
    o.attempt = attempt;
  }
  if (o.pod_name.empty() && !o.sandbox_id.empty()) {
    if (const ObjectRecord* sb = Find(o.sandbox_id); sb != nullptr) {
      o.pod_namespace = sb->pod_namespace;
      o.pod_name = sb->pod_name;
      o.pod_uid = sb->pod_uid;
    }
  }
}

void ObjectHistory::NameImage(const std::string& image_id,
                              const std::string& reference) {
  if (image_id.empty()) return;
  ObjectRecord& o = Get(ObjectKind::kImage, image_id);
  if (o.name.empty()) o.name = reference;
}

const ObjectRecord* ObjectHistory::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &objects_[it->second];
}

const PodRecord* ObjectHistory::PodOf(const ObjectRecord& sandbox) const {
  auto it = pod_by_key_.find(absl::StrCat(
      sandbox.pod_namespace, "/", sandbox.pod_name, "/", sandbox.pod_uid));
  return it == pod_by_key_.end() ? nullptr : &pods_[it->second];
}

std::vector<const ObjectRecord*> ObjectHistory::ContainersOf(
    std::string_view sandbox_id) const {
  std::vector<const ObjectRecord*> out;
  if (auto it = containers_of_.find(sandbox_id); it != containers_of_.end()) {
    for (size_t i : it->second) out.push_back(&objects_[i]);
  }
  return out;
}

namespace {

template <typename Key>
std::vector<ObjectAt> Snapshot(const std::vector<ObjectRecord>& objects,
                               Key key, auto bound_of) {
  std::vector<ObjectAt> out;
  for (const ObjectRecord& o : objects) {
    const int i = LastAtOrBefore(o.transitions, key, bound_of);
    if (auto s = StateOfIndex(o, i); s.has_value()) {
      out.push_back(ObjectAt{&o, *s, i});
    }
  }
  return out;
}

}  // namespace

std::vector<ObjectAt> ObjectHistory::AtSeq(uint64_t seq) const {
  return Snapshot(objects_, seq, [](const Transition& t) { return t.seq; });
}

std::vector<ObjectAt> ObjectHistory::At(TimeNs t) const {
  return Snapshot(objects_, t, [](const Transition& tr) { return tr.time; });
}

}  // namespace fakecri::gui
