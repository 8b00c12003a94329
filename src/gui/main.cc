// fakecri-gui: the kubelet -> CRI -> container manager -> OCI runtime call
// flow of a fakecri run, drawn live for a classroom.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "gui/app/app.h"
#include "gui/app/gui_options.h"
#include "gui/sources/connect_source.h"
#include "gui/sources/replay_source.h"
#include "gui/sources/scenario_source.h"

int main(int argc, char** argv) {
  fakecri::gui::GuiOptions o;
  CLI::App cli{
      "fakecri-gui: the kubelet -> CRI -> container manager -> OCI runtime "
      "call flow, live. With no source it plays a built-in demo on an "
      "embedded fakecri."};
  auto* scenario = cli.add_option("--scenario", o.scenario,
                                  "play this scenario file on an embedded "
                                  "fakecri and the simulated kubelet");
  auto* connect = cli.add_option("--connect", o.connect,
                                 "watch a running fakecri "
                                 "(unix:///path/fakecri.sock) through its "
                                 "control API");
  auto* replay = cli.add_option(
      "--replay", o.replay,
      "replay an event-log JSON-lines file (fakecri scenario run --events)");
  scenario->excludes(connect)->excludes(replay);
  connect->excludes(replay);
  cli.add_option("--font-scale", o.font_scale,
                 "text size for a projector (0.5 .. 4; remembered)")
      ->check(CLI::Range(0.5, 4.0));
  cli.add_option("--width", o.width, "window width")
      ->check(CLI::Range(320, 8192));
  cli.add_option("--height", o.height, "window height")
      ->check(CLI::Range(240, 8192));
  cli.add_option("--ini", o.ini,
                 "layout and settings file (default "
                 "~/.config/fakecri/imgui.ini; \"none\" keeps nothing)");
  cli.add_option("--speed", o.speed, "playback speed (0.1 .. 100)")
      ->check(CLI::Range(0.1, 100.0));
  cli.add_flag("--paused", o.paused,
               "start paused (step with the right arrow)");
  cli.add_option("--screenshot", o.screenshot,
                 "draw --frames frames, save the last as this PNG and exit");
  cli.add_option("--frames", o.frames, "frames to draw (with --screenshot)")
      ->check(CLI::Range(1, 1000000));
  cli.add_option("--fixed-dt", o.fixed_dt,
                 "seconds of playback per frame instead of the wall clock's "
                 "(reproducible screenshots)")
      ->check(CLI::Range(0.0, 60.0));
  cli.add_option("--select", o.select,
                 "select an object (id, pod, pod/container) or the latest "
                 "call of an RPC at start");
  cli.add_option("--layout-out", o.layout_out,
                 "write where each part of the last frame was drawn (JSON)");
  cli.add_option("--add-faults", o.add_faults,
                 "a fault YAML file to add through the Faults panel at start");
  cli.add_flag("!--no-vsync", o.vsync, "draw as fast as possible");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (!o.screenshot.empty() && o.frames == 0) o.frames = 120;

  std::unique_ptr<fakecri::gui::EventSource> source;
  if (!o.connect.empty()) {
    source = std::make_unique<fakecri::gui::ConnectSource>(o.connect);
  } else if (!o.replay.empty()) {
    auto r = fakecri::gui::ReplaySource::FromFile(o.replay);
    if (!r.ok()) {
      std::fprintf(stderr, "fakecri-gui: %s\n",
                   std::string(r.status().message()).c_str());
      return 1;
    }
    source = std::move(*r);
  } else {
    auto s = o.scenario.empty()
                 ? fakecri::gui::ScenarioSource::Demo()
                 : fakecri::gui::ScenarioSource::FromFile(o.scenario);
    if (!s.ok()) {
      std::fprintf(stderr, "fakecri-gui: %s\n",
                   std::string(s.status().message()).c_str());
      return 1;
    }
    source = std::move(*s);
  }
  return fakecri::gui::RunApp(o, std::move(source));
}
