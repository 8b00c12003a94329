// File: str_cat.h
// absl::StrCat / StrAppend that also take std::string_view, and the two
// view conversions. Debian's abseil has its own absl::string_view, which
// std::string_view does not convert to (nor back), and the userland speaks
// std::string_view throughout.
#ifndef FAKECRI_COMMON_STR_CAT_H_
#define FAKECRI_COMMON_STR_CAT_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fakecri {

// std::string_view -> absl::string_view, for absl calls (SimpleAtoi, ...).
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// absl::string_view -> std::string_view, for the std-speaking layers.
inline std::string_view ToStd(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

namespace str_cat_internal {

inline absl::string_view Adapt(std::string_view s) { return ToAbsl(s); }
template <typename T>
const T& Adapt(const T& v) {
  return v;
}

}  // namespace str_cat_internal

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
