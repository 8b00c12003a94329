#include "fake_runtime/oci/signals.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {
namespace {

// x86-64 / arm64 Linux numbering.
constexpr std::array<std::pair<absl::string_view, int>, 31> kSignals = {{
    {"SIGHUP", 1},   {"SIGINT", 2},     {"SIGQUIT", 3},  {"SIGILL", 4},
    {"SIGTRAP", 5},  {"SIGABRT", 6},    {"SIGBUS", 7},   {"SIGFPE", 8},
    {"SIGKILL", 9},  {"SIGUSR1", 10},   {"SIGSEGV", 11}, {"SIGUSR2", 12},
    {"SIGPIPE", 13}, {"SIGALRM", 14},   {"SIGTERM", 15}, {"SIGSTKFLT", 16},
    {"SIGCHLD", 17}, {"SIGCONT", 18},   {"SIGSTOP", 19}, {"SIGTSTP", 20},
    {"SIGTTIN", 21}, {"SIGTTOU", 22},   {"SIGURG", 23},  {"SIGXCPU", 24},
    {"SIGXFSZ", 25}, {"SIGVTALRM", 26}, {"SIGPROF", 27}, {"SIGWINCH", 28},
    {"SIGIO", 29},   {"SIGPWR", 30},    {"SIGSYS", 31},
}};

}  // namespace

int SignalNumber(absl::string_view name) {
  int n;
  if (absl::SimpleAtoi(name, &n)) return (n > 0 && n < 65) ? n : 0;
  std::string upper = absl::AsciiStrToUpper(name);
  if (!absl::StartsWith(upper, "SIG")) upper = absl::StrCat("SIG", upper);
  // The CRI enum spells SIGRTMIN+1 as SIGRTMINPLUS1.
  absl::StrReplaceAll({{"PLUS", "+"}, {"MINUS", "-"}}, &upper);
  if (upper == "SIGIOT") return 6;
  if (upper == "SIGCLD") return 17;
  if (upper == "SIGPOLL") return 29;
  for (const auto& [sig_name, num] : kSignals) {
    if (sig_name == upper) return num;
  }
  if (absl::StartsWith(upper, "SIGRTMIN")) {
    int off = 0;
    if (upper.size() > 8 && !absl::SimpleAtoi(upper.substr(9), &off)) return 0;
    return 34 + off;
  }
  if (absl::StartsWith(upper, "SIGRTMAX")) {
    int off = 0;
    if (upper.size() > 8 && !absl::SimpleAtoi(upper.substr(9), &off)) return 0;
    return 64 - off;
  }
  return 0;
}

std::string SignalName(int number) {
  for (const auto& [sig_name, num] : kSignals) {
    if (num == number) return std::string(sig_name);
  }
  return "";
}

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
