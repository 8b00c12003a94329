// File: name_registrar.h
// Reserves sandbox and container names (name_namespace_uid_attempt,
// name_pod_namespace_uid_attempt) so the same metadata cannot be used twice
// while the object exists, as containerd's registrar does.
#ifndef FAKECRI_STORE_NAME_REGISTRAR_H_
#define FAKECRI_STORE_NAME_REGISTRAR_H_

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/common/quote.h"

namespace fakecri::runtime {

// Not thread-safe: the owner serialises access.
class NameRegistrar {
 public:
  // FailedPrecondition (containerd >= 2.3) when `name` is held by another id.
  absl::Status Reserve(absl::string_view name, absl::string_view id) {
    auto [it, inserted] =
        names_.try_emplace(std::string(name), std::string(id));
    if (!inserted && it->second != id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "name ", QuoteInput(name), " is reserved for \"", it->second, "\""));
    }
    return absl::OkStatus();
  }
  void Release(absl::string_view name) { names_.erase(std::string(name)); }
  bool IsReserved(absl::string_view name) const {
    return names_.contains(std::string(name));
  }
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> names_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_NAME_REGISTRAR_H_
