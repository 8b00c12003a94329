// File: signal_names.h
// Linux signal numbers and names (x86-64 / arm64 numbering), shared by the
// OCI layer (stop signals, exit codes 128+n) and the simulated userland
// (kill, trap, default signal actions).
#ifndef FAKECRI_COMMON_SIGNAL_NAMES_H_
#define FAKECRI_COMMON_SIGNAL_NAMES_H_

#include <string>
#include <string_view>

namespace fakecri {

inline constexpr int kSigHup = 1;
inline constexpr int kSigInt = 2;
inline constexpr int kSigQuit = 3;
inline constexpr int kSigAbrt = 6;
inline constexpr int kSigKill = 9;
inline constexpr int kSigUsr1 = 10;
inline constexpr int kSigSegv = 11;
inline constexpr int kSigUsr2 = 12;
inline constexpr int kSigPipe = 13;
inline constexpr int kSigAlrm = 14;
inline constexpr int kSigTerm = 15;
inline constexpr int kSigChld = 17;
inline constexpr int kSigCont = 18;
inline constexpr int kSigStop = 19;
inline constexpr int kSigUrg = 23;
inline constexpr int kSigWinch = 28;

// "SIGTERM", "TERM", "term", "15", "SIGRTMIN+3" -> number; 0 when unknown.
int SignalFromName(std::string_view name);
// 15 -> "SIGTERM"; "" when the number has no name (real-time signals).
std::string SignalNameOf(int number);
// Signals whose default action is to do nothing (SIGCHLD, SIGCONT,
// SIGURG, SIGWINCH).
bool SignalIgnoredByDefault(int sig);

}  // namespace fakecri

#endif  // FAKECRI_COMMON_SIGNAL_NAMES_H_
