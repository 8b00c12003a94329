// File: bench_support.h
// What the gRPC benchmarks share: CPU accounting over the whole machine's
// share of the work (this process, plus the server's process when it runs
// apart), the measured loop, and flags taken out of argv before Google
// Benchmark parses the rest.
#ifndef FAKECRI_BENCH_BENCH_SUPPORT_H_
#define FAKECRI_BENCH_BENCH_SUPPORT_H_

#include <benchmark/benchmark.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

namespace fakecri::bench {

// The server's process when it is not this one (0: same process).
inline pid_t g_server_pid = 0;

// User + system CPU of another process, from /proc (clock-tick grain,
// fine over runs of seconds).
inline double OtherProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string field;
  double ticks = 0;
  // Fields 14 and 15 are utime and stime; the command name (field 2) holds
  // no spaces for the programs run here.
  for (int i = 1; i <= 15 && in >> field; ++i) {
    if (i >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU time of client and server together, in seconds: this process (client
// threads, gRPC threads and, in-process, the server's handlers) plus the
// server's process when it runs apart.
inline double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  const double own =
      static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  return g_server_pid != 0 ? own + OtherProcessCpuSeconds(g_server_pid) : own;
}

// Runs `step` (returns an error text, "" when it worked) as the benchmark
// loop. Google Benchmark's CPU column counts only the benchmark threads,
// which hides the server's share, so thread 0 also reports proc_cpu_us:
// the CPU of client and server per step. The loop starts and ends at a
// barrier shared by all threads, and every thread runs the same number of
// iterations.
template <typename Step>
void Measure(benchmark::State& state, Step step) {
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    if (std::string error = step(); !error.empty()) {
      state.SkipWithError(error.c_str());
      break;
    }
  }
  const double cpu_end = ProcessCpuSeconds();
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0 && state.iterations() > 0) {
    const double steps =
        static_cast<double>(state.iterations()) * state.threads();
    state.counters["proc_cpu_us"] = (cpu_end - cpu_start) * 1e6 / steps;
  }
}

// Bookkeeping for N chains of asynchronous calls, each repeating its round
// until told to stop: the benchmark loop waits for one more finished round
// at a time, and Drain() lets the rounds in flight end.
class ChainCounter {
 public:
  explicit ChainCounter(int chains) : active_(chains) {}

  // Waits until one more round has finished; "" or the first error.
  std::string WaitOne() {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return completed_ > consumed_ || !error_.empty(); });
    if (!error_.empty()) return error_;
    ++consumed_;
    return "";
  }

  // A chain ended a round ("" or an error text); true when it should start
  // another.
  bool Finished(const std::string& error) {
    std::lock_guard l(mu_);
    if (!error.empty() && error_.empty()) error_ = error;
    if (error.empty()) ++completed_;
    const bool again = error.empty() && !stopping_;
    if (!again) --active_;
    cv_.notify_all();
    return again;
  }

  // Starts no more rounds and waits for those in flight.
  void Drain() {
    std::unique_lock l(mu_);
    stopping_ = true;
    cv_.wait(l, [&] { return active_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t completed_ = 0;  // guarded by mu_
  uint64_t consumed_ = 0;   // guarded by mu_
  int active_;              // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::string error_;       // guarded by mu_
};

// Takes every `prefix`VALUE argument out of argv and returns the last
// VALUE ("" when absent). A prefix without '=' matches the whole argument.
inline std::string TakeFlag(int* argc, char** argv, std::string_view prefix) {
  std::string value;
  int out = 1;
  for (int i = 1; i < *argc; ++i) {
    const std::string_view arg = argv[i];
    const bool with_value = prefix.ends_with('=');
    if (with_value ? arg.starts_with(prefix) : arg == prefix) {
      value = with_value ? std::string(arg.substr(prefix.size())) : "1";
    } else {
      argv[out++] = argv[i];
    }
  }
  *argc = out;
  return value;
}

}  // namespace fakecri::bench

#endif  // FAKECRI_BENCH_BENCH_SUPPORT_H_
