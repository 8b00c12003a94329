// File: status_macros.h
// RETURN_IF_ERROR / ASSIGN_OR_RETURN for absl::Status-returning code.
// Abseil 20220623 (Debian 12) does not ship these yet.
#ifndef FAKECRI_COMMON_STATUS_MACROS_H_
#define FAKECRI_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define FAKECRI_CONCAT_INNER(a, b) a##b
#define FAKECRI_CONCAT(a, b) FAKECRI_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::absl::Status _fakecri_status = (expr);           \
    if (!_fakecri_status.ok()) return _fakecri_status; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(FAKECRI_CONCAT(_fakecri_or_, __LINE__), lhs, expr)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

#endif  // FAKECRI_COMMON_STATUS_MACROS_H_
