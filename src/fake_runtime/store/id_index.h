// File: id_index.h
// Objects keyed by 64-hex id, found by full id or by a unique id prefix, the
// way containerd's truncindex and CRI-O's short-id lookup work.
#ifndef FAKECRI_STORE_ID_INDEX_H_
#define FAKECRI_STORE_ID_INDEX_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/common/quote.h"

namespace fakecri::runtime {

// Not thread-safe: the owner (the container manager) serialises access.
template <typename T>
class IdIndex {
 public:
  using Map = std::map<std::string, std::unique_ptr<T>, std::less<>>;

  // Full id or unique prefix. Errors: empty -> InvalidArgument; several
  // matches -> Unknown ("ambiguous", as containerd); none -> NotFound.
  // `what` names the object kind in messages ("container", "sandbox").
  absl::StatusOr<T*> Resolve(absl::string_view id_or_prefix,
                             absl::string_view what) const {
    if (id_or_prefix.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " id must not be empty"));
    }
    auto it = items_.lower_bound(id_or_prefix);
    if (it == items_.end() || !absl::StartsWith(it->first, id_or_prefix)) {
      return absl::NotFoundError(
          absl::StrCat(what, " ", QuoteInput(id_or_prefix), " not found"));
    }
    auto next = std::next(it);
    if (it->first != id_or_prefix && next != items_.end() &&
        absl::StartsWith(next->first, id_or_prefix)) {
      // containerd answers Unknown here (truncindex.ErrAmbiguousPrefix).
      return absl::UnknownError(
          absl::StrCat("multiple ", what, " ids found with prefix ",
                       QuoteInput(id_or_prefix), ": the prefix is ambiguous"));
    }
    return it->second.get();
  }

  // For list filters: the single id a prefix stands for, or nullptr.
  T* ResolveOrNull(absl::string_view id_or_prefix) const {
    auto r = Resolve(id_or_prefix, "object");
    return r.ok() ? *r : nullptr;
  }

  bool Contains(absl::string_view id) const {
    return items_.find(id) != items_.end();
  }
  T* Insert(std::string id, std::unique_ptr<T> obj) {
    T* raw = obj.get();
    items_.emplace(std::move(id), std::move(obj));
    return raw;
  }
  std::unique_ptr<T> Erase(absl::string_view id) {
    auto it = items_.find(id);
    if (it == items_.end()) return nullptr;
    auto obj = std::move(it->second);
    items_.erase(it);
    return obj;
  }
  size_t size() const { return items_.size(); }
  const Map& items() const { return items_; }

 private:
  Map items_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_ID_INDEX_H_
