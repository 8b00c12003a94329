// File: gui_model_bench.cc
// gui_model_bench: the GUI view model with long runs (src/gui/model).
//   BM_CopyEvents/N      floor: copying the N calls' records (what any
//                        consumer of the records pays at least)
//   BM_Ingest/N          folding the same records into a RunModel; reports
//                        rows and the model's bytes per call
//   BM_Visible/N         laying out one 700 px viewport that follows the
//                        newest call, the call-flow panel's per-frame work
//   BM_VisibleScrolled/N the same viewport in the middle of the run
//   BM_HitTest/N         the row under the mouse
// N = 1,000 and 100,000 calls. The per-frame figures must not grow with N
// (Visible is O(log n + visible rows)): compare /1000 with /100000 of one
// run, not with another machine.
//
// The records are what the simulated kubelet and the runtime write: per
// 10 calls, one StartContainer with its runc create/start hops, its
// transition and CRI event; the rest status polls, every 50th failing.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "fakecri/event_log.h"
#include "gui/model/call_flow_layout.h"
#include "gui/model/run_model.h"

namespace fakecri::bench {
namespace {

using gui::CallFlowLayout;
using gui::RunModel;
using gui::Viewport;

std::vector<Event> Records(int64_t calls) {
  std::vector<Event> out;
  out.reserve(static_cast<size_t>(calls) * 3);
  uint64_t seq = 0, span = 0;
  TimeNs now = 1'767'225'600'000'000'000;
  auto add = [&](EventKind kind, uint64_t s, uint64_t parent,
                 std::string subject, std::string object, std::string detail,
                 int code = 0) {
    Event e;
    e.seq = ++seq;
    e.time_ns = now;
    e.kind = kind;
    e.span_id = s;
    e.parent_span_id = parent;
    e.subject = std::move(subject);
    e.object_id = std::move(object);
    e.detail = std::move(detail);
    e.status_code = code;
    out.push_back(std::move(e));
  };
  for (int64_t i = 0; i < calls; ++i) {
    now += 1'000'000;
    const std::string id = std::to_string(1'000'000 + i / 10) +
                           std::string(57, 'a');  // 64 chars, like an id
    const uint64_t call = ++span;
    if (i % 10 == 0) {
      add(EventKind::kRpcIn, call, 0, "StartContainer", id, "");
      add(EventKind::kOciCall, ++span, call, "runc.create", id,
          "container task created");
      add(EventKind::kOciCall, ++span, call, "runc.start", id, "task running");
      add(EventKind::kTransition, ++span, call, "container", id,
          "CONTAINER_CREATED -> CONTAINER_RUNNING (pid 1001)");
      add(EventKind::kCriEvent, 0, 0, "CONTAINER_STARTED_EVENT", id, "");
      add(EventKind::kRpcOut, call, 0, "StartContainer", id, "");
    } else {
      const int code = i % 50 == 1 ? 5 : 0;
      add(EventKind::kRpcIn, call, 0, "ContainerStatus", id, "");
      add(EventKind::kRpcOut, call, 0, "ContainerStatus", id,
          code == 0 ? "" : "an error occurred when try to find container",
          code);
    }
  }
  return out;
}

const std::vector<Event>& CachedRecords(int64_t calls) {
  static std::vector<Event> small = Records(1'000);
  static std::vector<Event> large = Records(100'000);
  return calls == 1'000 ? small : large;
}

RunModel ModelOf(int64_t calls) {
  RunModel m;
  for (const Event& e : CachedRecords(calls)) m.Ingest(e);
  return m;
}

void BM_CopyEvents(benchmark::State& state) {
  const std::vector<Event>& records = CachedRecords(state.range(0));
  for (auto _ : state) {
    std::vector<Event> copy;
    copy.reserve(records.size());
    for (const Event& e : records) copy.push_back(e);
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(records.size()));
}
BENCHMARK(BM_CopyEvents)
    ->Arg(1'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond);

void BM_Ingest(benchmark::State& state) {
  const std::vector<Event>& records = CachedRecords(state.range(0));
  size_t bytes = 0, rows = 0;
  for (auto _ : state) {
    RunModel m;
    for (const Event& e : records) m.Ingest(e);
    bytes = m.ApproxBytes();
    rows = m.items().size();
    benchmark::DoNotOptimize(m.items().data());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(records.size()));
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["bytes_per_call"] =
      static_cast<double>(bytes) / static_cast<double>(state.range(0));
}
BENCHMARK(BM_Ingest)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

Viewport FollowingViewport(const RunModel& m, const CallFlowLayout& layout) {
  Viewport v;
  v.width = 1280;
  v.height = 700;
  v.revealed = m.items().size();
  v.scroll_y = layout.FollowScroll(v);
  return v;
}

void BM_Visible(benchmark::State& state) {
  const RunModel m = ModelOf(state.range(0));
  const CallFlowLayout layout;
  const Viewport v = FollowingViewport(m, layout);
  size_t arrows = 0;
  for (auto _ : state) {
    auto laid_out = layout.Visible(m, v);
    arrows = laid_out.size();
    benchmark::DoNotOptimize(laid_out.data());
  }
  state.counters["arrows"] = static_cast<double>(arrows);
}
BENCHMARK(BM_Visible)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);

void BM_VisibleScrolled(benchmark::State& state) {
  const RunModel m = ModelOf(state.range(0));
  const CallFlowLayout layout;
  Viewport v = FollowingViewport(m, layout);
  v.scroll_y /= 2;
  for (auto _ : state) {
    auto laid_out = layout.Visible(m, v);
    benchmark::DoNotOptimize(laid_out.data());
  }
}
BENCHMARK(BM_VisibleScrolled)
    ->Arg(1'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond);

void BM_HitTest(benchmark::State& state) {
  const RunModel m = ModelOf(state.range(0));
  const CallFlowLayout layout;
  const Viewport v = FollowingViewport(m, layout);
  float y = 0;
  for (auto _ : state) {
    auto hit = layout.HitTest(m, v, 400, y);
    benchmark::DoNotOptimize(hit);
    y = y >= 690 ? 0 : y + 7;
  }
}
BENCHMARK(BM_HitTest)->Arg(1'000)->Arg(100'000);

}  // namespace
}  // namespace fakecri::bench

BENCHMARK_MAIN();
