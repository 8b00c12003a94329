// File: fmt_absl.h
// Lets fmt / spdlog print absl::string_view (Debian's abseil has its own
// string_view type, not std::string_view).
#ifndef FAKECRI_COMMON_FMT_ABSL_H_
#define FAKECRI_COMMON_FMT_ABSL_H_

#include <fmt/format.h>

#include "absl/strings/string_view.h"
#include "fake_runtime/common/str_cat.h"

template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(absl::string_view s, FormatContext& ctx) const {
    return fmt::formatter<fmt::string_view>::format(fakecri::ToStd(s), ctx);
  }
};

#endif  // FAKECRI_COMMON_FMT_ABSL_H_
