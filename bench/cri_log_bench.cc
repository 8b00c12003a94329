// File: cri_log_bench.cc
// cri_log_bench: the cost of container logging, per short line, through
// CriLogWriter and the shared LogFileSink into real files in a temp dir.
//   BM_WriterShortLine/<containers>  writer side only: what a simulated
//       process pays per line (formatting, buffering, the hand-over every
//       8 KiB); the sink thread writes concurrently and is not counted.
//   BM_EndToEnd/<containers>/<seconds>  one line per container per
//       simulated second, then Close and drain the sink: wall time per line
//       with the disk writes included (process CPU time is reported too).
//       The log files are created before the clock starts.
// The target scenario is 10,000 containers x 600 s = 6M lines in well under
// 10 s of the whole simulation, i.e. a few hundred ns per line at most.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fake_runtime/logs/cri_log.h"

namespace fakecri::bench {
namespace {

using logs::CriLogWriter;
using logs::LogFileSink;
using logs::LogStream;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kT0 = 1'767'225'600 * kSecond;  // 2026-01-01T00:00:00Z
// A typical short application log line (about 60 bytes).
constexpr std::string_view kLine =
    "level=info ts=12:00:00 msg=\"handled request\" status=200\n";

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/fakecri_cri_log_bench.XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<std::unique_ptr<CriLogWriter>> MakeWriters(LogFileSink& sink,
                                                       const TempDir& dir,
                                                       int64_t count) {
  std::vector<std::unique_ptr<CriLogWriter>> writers;
  writers.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    writers.push_back(std::make_unique<CriLogWriter>(
        sink, dir.path() + "/ns_pod-" + std::to_string(i) + "_uid/app/0.log"));
  }
  return writers;
}

void BM_WriterShortLine(benchmark::State& state) {
  TempDir dir;
  if (dir.path().empty()) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  const auto containers = static_cast<size_t>(state.range(0));
  uint64_t errors = 0;
  {
    LogFileSink sink;
    auto writers = MakeWriters(sink, dir, state.range(0));
    sink.Sync();  // file creation is start-up cost, not per line
    size_t next = 0;
    int64_t now = kT0;
    for (auto _ : state) {
      writers[next]->Write(LogStream::kStdout, kLine, now);
      if (++next == containers) {
        next = 0;
        now += kSecond;
      }
    }
    // Past the loop: no longer timed.
    for (auto& w : writers) w->Close(now);
    sink.Sync();
    errors = sink.write_errors();
    writers.clear();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["write_errors"] = static_cast<double>(errors);
}
BENCHMARK(BM_WriterShortLine)->Arg(1)->Arg(1'000)->Arg(10'000);

void BM_EndToEnd(benchmark::State& state) {
  const int64_t containers = state.range(0);
  const int64_t seconds = state.range(1);
  uint64_t errors = 0;
  for (auto _ : state) {
    // Creating the directories and files is per-container start-up cost
    // (and on ext4 dominated by inode allocation), not per line: untimed.
    state.PauseTiming();
    auto dir = std::make_unique<TempDir>();
    auto sink = std::make_unique<LogFileSink>();
    auto writers = MakeWriters(*sink, *dir, containers);
    sink->Sync();
    state.ResumeTiming();

    int64_t now = kT0;
    for (int64_t s = 0; s < seconds; ++s, now += kSecond) {
      for (auto& w : writers) w->Write(LogStream::kStdout, kLine, now);
    }
    for (auto& w : writers) w->Close(now);
    sink->Sync();

    state.PauseTiming();
    errors += sink->write_errors();
    writers.clear();
    sink.reset();
    dir.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * containers * seconds);
  state.counters["write_errors"] = static_cast<double>(errors);
}
BENCHMARK(BM_EndToEnd)
    ->Args({10'000, 600})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Iterations(1);

}  // namespace
}  // namespace fakecri::bench

BENCHMARK_MAIN();
