// File: stop_signals.h
// SIGINT/SIGTERM handling for `fakecri serve`, kept apart from the CRI
// headers: <signal.h> defines SIGTERM & co. as macros, which clash with the
// CRI's `Signal` enum values.
#ifndef FAKECRI_CLI_STOP_SIGNALS_H_
#define FAKECRI_CLI_STOP_SIGNALS_H_

namespace fakecri::cli {

// Blocks SIGINT and SIGTERM in the calling thread and the threads it starts
// afterwards, so they can be waited for synchronously.
void BlockStopSignals();
// Waits for SIGINT or SIGTERM; returns its name.
const char* WaitForStopSignal();

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_STOP_SIGNALS_H_
