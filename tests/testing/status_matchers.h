// File: status_matchers.h
// EXPECT_OK / ASSERT_OK, IsOk() and StatusIs(code, substring) for
// absl::Status and absl::StatusOr (abseil's own matchers are newer than
// Debian's abseil). EXPECT_OK(expr) evaluates `expr` once.
#ifndef FAKECRI_TESTS_TESTING_STATUS_MATCHERS_H_
#define FAKECRI_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fakecri::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER_P2(StatusIs, code, substr,
           std::string("has code ") + absl::StatusCodeToString(code) +
               " and a message containing \"" + std::string(substr) + "\"") {
  const absl::Status& s = ::fakecri::testing::GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code &&
         std::string(s.message()).find(substr) != std::string::npos;
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::fakecri::testing::GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.ok();
}

}  // namespace fakecri::testing

#define EXPECT_OK(expr) EXPECT_THAT((expr), ::fakecri::testing::IsOk())
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::fakecri::testing::IsOk())

#endif  // FAKECRI_TESTS_TESTING_STATUS_MATCHERS_H_
