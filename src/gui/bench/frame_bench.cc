// File: frame_bench.cc
// fakecri-gui frame time with a long run loaded, and the view model's
// memory per recorded call.
//
//   xvfb-run -a -s "-screen 0 1280x800x24"
//       build/release/src/gui/fakecri_gui_frame_bench [calls] [frames]
//
// The run: the built-in classroom demo, recorded once on an embedded
// fakecri in virtual time, then repeated (sequence numbers, span ids,
// times and object ids shifted, so every copy is new calls on new
// objects) until it holds `calls` CRI calls (default 100,000). The app
// folds it all, follows the newest call, and draws `frames` frames (default
// 600) as fast as it can; the floor is the same app with nothing loaded,
// measured in the same run. Memory: heap bytes in use (mallinfo2) before
// and after folding the run into a RunModel, per CRI call.
#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gui/app/app.h"
#include "gui/app/gui_options.h"
#include "gui/model/run_model.h"
#include "gui/sources/replay_source.h"
#include "gui/sources/scenario_source.h"
#include "scenario/loader.h"
#include "scenario/runner.h"

namespace fakecri::gui {
namespace {

std::vector<Event> RecordDemo() {
  auto s = scenario::ParseScenario(kDemoScenarioYaml, "<built-in demo>");
  if (!s.ok()) {
    std::fprintf(stderr, "demo: %s\n",
                 std::string(s.status().message()).c_str());
    std::exit(1);
  }
  auto r = scenario::RunScenario(*s, scenario::RunOptions{});
  if (!r.ok()) {
    std::fprintf(stderr, "run: %s\n",
                 std::string(r.status().message()).c_str());
    std::exit(1);
  }
  std::vector<Event> out;
  for (const auto& e : r->record->events()) out.push_back(*e);
  return out;
}

size_t CountCalls(const std::vector<Event>& v) {
  return static_cast<size_t>(std::count_if(
      v.begin(), v.end(),
      [](const Event& e) { return e.kind == EventKind::kRpcIn; }));
}

// Copies of the demo until `calls` CRI calls.
std::vector<Event> Repeat(const std::vector<Event>& demo, size_t calls) {
  uint64_t max_span = 0;
  for (const Event& e : demo) max_span = std::max(max_span, e.span_id);
  const TimeNs span_time = demo.back().time_ns - demo.front().time_ns + kSecond;
  std::vector<Event> out;
  size_t n = 0;
  for (int copy = 0; n < calls; ++copy) {
    for (const Event& e : demo) {
      if (n >= calls && e.kind == EventKind::kRpcIn) break;
      Event c = e;
      c.seq = out.size() + 1;
      c.time_ns += copy * span_time;
      if (c.span_id != 0) c.span_id += copy * (max_span + 1);
      if (c.parent_span_id != 0) c.parent_span_id += copy * (max_span + 1);
      if (copy > 0 && !c.object_id.empty()) {
        absl::StrAppend(&c.object_id, "-", copy);
      }
      n += c.kind == EventKind::kRpcIn ? 1 : 0;
      out.push_back(std::move(c));
    }
  }
  return out;
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct FrameStats {
  double mean_ms = 0, p50_ms = 0, p95_ms = 0, fps = 0;
  double cpu_ms = 0;  // process CPU per frame (app + Mesa's threads)
  size_t rows = 0;
};

FrameStats Measure(std::vector<Event> events, int frames) {
  GuiOptions o;
  o.width = 1280;
  o.height = 800;
  o.ini = "none";
  o.font_scale = 1;
  o.vsync = false;
  auto app = App::Create(
      o, std::make_unique<ReplaySource>("bench", std::move(events)));
  if (!app.ok()) {
    std::fprintf(stderr, "%s\n", std::string(app.status().message()).c_str());
    std::exit(1);
  }
  // Load everything first (the app folds at most 400,000 records a frame).
  for (int i = 0; i < 100; ++i) (*app)->Frame(0.016);
  std::vector<double> ms;
  const double cpu0 = CpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < frames; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    (*app)->Frame(0.016);
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - t0)
                     .count());
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  FrameStats s;
  s.cpu_ms = (CpuSeconds() - cpu0) * 1000 / frames;
  s.rows = (*app)->model().items().size();
  std::sort(ms.begin(), ms.end());
  for (double m : ms) s.mean_ms += m / ms.size();
  s.p50_ms = ms[ms.size() / 2];
  s.p95_ms = ms[ms.size() * 95 / 100];
  s.fps = frames / total;
  return s;
}

}  // namespace
}  // namespace fakecri::gui

int main(int argc, char** argv) {
  using namespace fakecri::gui;
  const size_t calls = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  const int frames = argc > 2 ? std::atoi(argv[2]) : 600;
  const std::vector<fakecri::Event> demo = RecordDemo();
  std::vector<fakecri::Event> run = Repeat(demo, calls);
  const size_t n_calls = CountCalls(run);

  // Memory per call: the view model alone, folded from the records.
  // In-use heap: small chunks plus mmap'ed large ones (big vectors).
  auto heap = [] {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
  };
  const size_t before = heap();
  size_t approx = 0, items = 0;
  {
    auto model = std::make_unique<RunModel>();
    for (const fakecri::Event& e : run) model->Ingest(e);
    const size_t after = heap();
    approx = model->ApproxBytes();
    items = model->items().size();
    std::printf("records %zu, CRI calls %zu, diagram rows %zu\n", run.size(),
                n_calls, items);
    std::printf(
        "view model heap growth: %.1f MB, %.0f bytes per CRI call "
        "(%.0f per record; the model's own estimate %.0f per call)\n",
        (after - before) / 1e6, double(after - before) / n_calls,
        double(after - before) / run.size(), double(approx) / n_calls);
  }

  const FrameStats floor = Measure({}, frames);
  const FrameStats loaded = Measure(std::move(run), frames);
  std::printf("frames %d at 1280x800, following the newest call\n", frames);
  std::printf("%-28s %9s %9s %9s %9s %9s\n", "", "frames/s", "mean ms",
              "p50 ms", "p95 ms", "CPU ms");
  std::printf("%-28s %9.1f %9.2f %9.2f %9.2f %9.2f\n", "empty (floor)",
              floor.fps, floor.mean_ms, floor.p50_ms, floor.p95_ms,
              floor.cpu_ms);
  std::printf("%-28s %9.1f %9.2f %9.2f %9.2f %9.2f\n",
              absl::StrCat(n_calls, " calls (", loaded.rows, " rows)").c_str(),
              loaded.fps, loaded.mean_ms, loaded.p50_ms, loaded.p95_ms,
              loaded.cpu_ms);
  std::printf("loaded / floor frame rate: %.2f\n", loaded.fps / floor.fps);
  return 0;
}
