#include "fake_runtime/oci/signals.h"

#include "fake_runtime/common/str_cat.h"

namespace fakecri::runtime {
int SignalNumber(absl::string_view name) { return SignalFromName(ToStd(name)); }

std::string SignalName(int number) { return SignalNameOf(number); }

int SignalNumber(::runtime::v1::Signal s) {
  if (s == ::runtime::v1::RUNTIME_DEFAULT) return 0;
  return SignalNumber(::runtime::v1::Signal_Name(s));
}

::runtime::v1::Signal SignalEnum(int number) {
  ::runtime::v1::Signal out = ::runtime::v1::RUNTIME_DEFAULT;
  std::string name = SignalName(number);
  if (name.empty() || !::runtime::v1::Signal_Parse(name, &out)) {
    return ::runtime::v1::RUNTIME_DEFAULT;
  }
  return out;
}

}  // namespace fakecri::runtime
