// File: str_cat.h
// absl::StrCat / StrAppend that also take std::string_view. Debian's
// abseil has its own absl::string_view, which std::string_view does not
// convert to, and the userland speaks std::string_view throughout.
#ifndef FAKECRI_COMMON_STR_CAT_H_
#define FAKECRI_COMMON_STR_CAT_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fakecri {
namespace str_cat_internal {

inline absl::string_view Adapt(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
template <typename T>
const T& Adapt(const T& v) {
  return v;
}

}  // namespace str_cat_internal

// std::string_view -> absl::string_view, for absl calls (SimpleAtoi, ...).
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

template <typename... T>
std::string StrCat(const T&... parts) {
  return absl::StrCat(str_cat_internal::Adapt(parts)...);
}

template <typename... T>
void StrAppend(std::string* out, const T&... parts) {
  absl::StrAppend(out, str_cat_internal::Adapt(parts)...);
}

}  // namespace fakecri

#endif  // FAKECRI_COMMON_STR_CAT_H_
