// File: signal_names.cc
#include "fake_runtime/common/signal_names.h"

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <tuple>
#include <utility>

namespace fakecri {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 31> kSignals = {{
    {"SIGHUP", 1},   {"SIGINT", 2},     {"SIGQUIT", 3},  {"SIGILL", 4},
    {"SIGTRAP", 5},  {"SIGABRT", 6},    {"SIGBUS", 7},   {"SIGFPE", 8},
    {"SIGKILL", 9},  {"SIGUSR1", 10},   {"SIGSEGV", 11}, {"SIGUSR2", 12},
    {"SIGPIPE", 13}, {"SIGALRM", 14},   {"SIGTERM", 15}, {"SIGSTKFLT", 16},
    {"SIGCHLD", 17}, {"SIGCONT", 18},   {"SIGSTOP", 19}, {"SIGTSTP", 20},
    {"SIGTTIN", 21}, {"SIGTTOU", 22},   {"SIGURG", 23},  {"SIGXCPU", 24},
    {"SIGXFSZ", 25}, {"SIGVTALRM", 26}, {"SIGPROF", 27}, {"SIGWINCH", 28},
    {"SIGIO", 29},   {"SIGPWR", 30},    {"SIGSYS", 31},
}};

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

int SignalFromName(std::string_view name) {
  int n;
  if (ParseInt(name, &n)) return (n > 0 && n < 65) ? n : 0;
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(c));
  if (upper.rfind("SIG", 0) != 0) upper = "SIG" + upper;
  // The CRI enum spells SIGRTMIN+1 as SIGRTMINPLUS1.
  for (auto [from, to] :
       {std::pair<std::string_view, char>{"PLUS", '+'}, {"MINUS", '-'}}) {
    if (auto at = upper.find(from); at != std::string::npos) {
      upper.replace(at, from.size(), 1, to);
    }
  }
  if (upper == "SIGIOT") return 6;
  if (upper == "SIGCLD") return 17;
  if (upper == "SIGPOLL") return 29;
  for (const auto& [sig_name, num] : kSignals) {
    if (sig_name == upper) return num;
  }
  for (auto [base, num, sign] :
       {std::tuple<std::string_view, int, int>{"SIGRTMIN", 34, 1},
        {"SIGRTMAX", 64, -1}}) {
    if (upper.rfind(base, 0) != 0) continue;
    int off = 0;
    if (upper.size() > base.size() &&
        !ParseInt(std::string_view(upper).substr(base.size() + 1), &off)) {
      return 0;
    }
    return num + sign * off;
  }
  return 0;
}

std::string SignalNameOf(int number) {
  for (const auto& [sig_name, num] : kSignals) {
    if (num == number) return std::string(sig_name);
  }
  return "";
}

bool SignalIgnoredByDefault(int sig) {
  return sig == kSigChld || sig == kSigCont || sig == kSigUrg ||
         sig == kSigWinch;
}

}  // namespace fakecri
