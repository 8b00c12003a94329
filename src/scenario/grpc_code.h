// File: grpc_code.h
// gRPC status codes by name ("UNAVAILABLE"), as timelines, reports and
// expectations print them; "CODE_<n>" for a number outside the enum.
#ifndef FAKECRI_SCENARIO_GRPC_CODE_H_
#define FAKECRI_SCENARIO_GRPC_CODE_H_

#include <iterator>
#include <string>

namespace fakecri::scenario {

inline std::string GrpcCodeName(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(std::size(kNames))) {
    return kNames[code];
  }
  return "CODE_" + std::to_string(code);
}

}  // namespace fakecri::scenario

#endif  // FAKECRI_SCENARIO_GRPC_CODE_H_
