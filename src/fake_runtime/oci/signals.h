// File: signals.h
// Linux signal names and numbers, for stop signals from the CRI config or an
// image's STOPSIGNAL and for exit codes (128 + signal).
#ifndef FAKECRI_OCI_SIGNALS_H_
#define FAKECRI_OCI_SIGNALS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/cri/api.h"

namespace fakecri::runtime {

using ::fakecri::kSigKill;
using ::fakecri::kSigTerm;

// "SIGTERM", "TERM", "15", "SIGRTMIN+3" -> number; 0 when unknown.
int SignalNumber(absl::string_view name);
// 15 -> "SIGTERM"; "" when unknown.
std::string SignalName(int number);
// CRI enum -> number (0 for RUNTIME_DEFAULT).
int SignalNumber(::runtime::v1::Signal s);
// number -> CRI enum (RUNTIME_DEFAULT when it has no enum value).
::runtime::v1::Signal SignalEnum(int number);

}  // namespace fakecri::runtime

#endif  // FAKECRI_OCI_SIGNALS_H_
