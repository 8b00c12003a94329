// File: gui_screenshot_test.cc
// fakecri-gui draws what its view model says, where the model says: each
// test runs the app under xvfb-run for a fixed number of frames with a
// fixed playback step (--fixed-dt: the same picture on any machine),
// saves a screenshot and a report of the frame's geometry, reads the PNG
// back and looks at the pixels.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fakecri/cri.h"
#include "fakecri/server.h"
#include "gui/model/call_flow_layout.h"
#include "gui/model/palette.h"
#include "gui/model/replay_reader.h"
#include "gui/model/run_model.h"
#include "gui/model/state_machines.h"
#include "scenario/loader.h"
#include "scenario/outputs.h"
#include "scenario/runner.h"

namespace fakecri::gui {
namespace {

using Json = nlohmann::json;

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> px;  // RGB
  Rgba At(int x, int y) const {
    if (x < 0 || y < 0 || x >= w || y >= h) return {0, 0, 0, 0};
    const unsigned char* p = &px[(static_cast<size_t>(y) * w + x) * 3];
    return {p[0], p[1], p[2], 255};
  }
};

bool Near(Rgba a, Rgba b, int tol = 30) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol &&
         std::abs(a.b - b.b) <= tol;
}

std::string Str(Rgba c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," +
         std::to_string(c.b) + ")";
}

struct Shot {
  Image image;
  Json layout;
};

class GuiScreenshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb "
                      "xauth): no screenshot tests";
    }
    char tmpl[] = "/tmp/fakecri-gui-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Runs the app under a 1280x800 virtual display.
  Shot Run(const std::string& args) {
    const std::string png = dir_ + "/shot.png";
    const std::string json = dir_ + "/layout.json";
    const std::string cmd =
        "xvfb-run -a -s '-screen 0 1280x800x24' " +
        std::string(FAKECRI_GUI_BINARY) +
        " --width 1280 --height 800 --font-scale 1 --screenshot " + png +
        " --layout-out " + json + " " + args + " >" + dir_ + "/out.txt 2>&1";
    const int rc = std::system(cmd.c_str());
    Shot s;
    EXPECT_EQ(rc, 0) << cmd << "\n" << Slurp(dir_ + "/out.txt");
    int n = 0;
    unsigned char* data = stbi_load(png.c_str(), &s.image.w, &s.image.h, &n, 3);
    EXPECT_NE(data, nullptr) << "no screenshot: " << png;
    if (data != nullptr) {
      s.image.px.assign(data,
                        data + static_cast<size_t>(s.image.w) * s.image.h * 3);
      stbi_image_free(data);
    }
    std::ifstream in(json);
    if (in) s.layout = Json::parse(in, nullptr, false);
    return s;
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // A real run of a bundled scenario, recorded as JSON lines.
  std::string RecordScenario(const std::string& name) {
    auto s = scenario::LoadScenarioFile(std::string(FAKECRI_SOURCE_DIR) +
                                        "/scenarios/" + name);
    EXPECT_TRUE(s.ok()) << s.status();
    auto r = scenario::RunScenario(*s, scenario::RunOptions{});
    EXPECT_TRUE(r.ok()) << r.status();
    const std::string path = dir_ + "/" + name + ".jsonl";
    std::ofstream out(path);
    scenario::WriteEventsJsonl(*r->record, out);
    return path;
  }

  static RunModel ModelOf(const std::string& jsonl) {
    RunModel m;
    auto events = ReadEventsJsonlFile(jsonl);
    EXPECT_TRUE(events.ok()) << events.status();
    if (events.ok()) {
      for (const Event& e : *events) m.Ingest(e);
    }
    return m;
  }

  // The metrics the app used (they scale with its font).
  static CallFlowLayout LayoutOf(const Json& cf) {
    CallFlowLayout::Metrics m;
    m.row_height = cf["metrics"]["row_height"].get<float>();
    m.side_margin = cf["metrics"]["side_margin"].get<float>();
    m.min_lane_gap = cf["metrics"]["min_lane_gap"].get<float>();
    m.mark_half_width = cf["metrics"]["mark_half_width"].get<float>();
    return CallFlowLayout(m);
  }

  std::string dir_;
};

TEST_F(GuiScreenshotTest,
       LifelineHeadersAreDrawnAtTheLanePositionsOfTheViewModel) {
  const std::string jsonl = RecordScenario("two-containers.yaml");
  const Shot shot =
      Run("--replay " + jsonl + " --speed 20 --fixed-dt 0.1 --frames 40");
  ASSERT_TRUE(shot.layout.contains("call_flow")) << shot.layout.dump();
  const Json& cf = shot.layout["call_flow"];
  const RunModel model = ModelOf(jsonl);
  const CallFlowLayout layout = LayoutOf(cf);
  const std::vector<float> xs =
      layout.LaneXs(model, cf["area_width"].get<float>());
  const float origin =
      cf["area"]["x"].get<float>() - cf["scroll_x"].get<float>();
  const float area_top = cf["area"]["y"].get<float>();
  const float area_h = cf["area"]["h"].get<float>();
  const Json& lanes = cf["lanes"];
  // kubelet, CRI server, container manager, runc, container processes.
  ASSERT_EQ(lanes.size(), model.LaneColumns().size());
  ASSERT_GE(lanes.size(), 5u);
  EXPECT_EQ(lanes[0]["title"], "kubelet");
  for (size_t i = 0; i < lanes.size(); ++i) {
    const LaneId id = model.LaneColumns()[i];
    const float x = origin + xs[id];
    SCOPED_TRACE(lanes[i]["title"].get<std::string>());
    const int px = static_cast<int>(std::lround(x));
    // The header box is centred on the lane: its fill shows just under
    // its top edge, above the title.
    const int box_top = static_cast<int>(lanes[i]["box"]["y"].get<float>());
    const Rgba header = shot.image.At(px, box_top + 2);
    EXPECT_TRUE(Near(header, LaneHeaderColor()))
        << "at " << px << "," << box_top + 2 << ": " << Str(header);
    // Left and right of the box there is panel background, not header.
    const float half = lanes[i]["box"]["w"].get<float>() / 2;
    EXPECT_FALSE(
        Near(shot.image.At(static_cast<int>(x - half - 4), box_top + 2),
             LaneHeaderColor(), 8));
    // The lifeline runs down from it: wherever no arrow crosses, the
    // lane's column has the lifeline's colour.
    int hits = 0, samples = 0;
    std::string seen;
    for (int y = static_cast<int>(area_top) + 2;
         y < static_cast<int>(area_top + area_h) - 2; ++y) {
      ++samples;
      bool found = false;
      for (int dx = -1; dx <= 1; ++dx) {
        found = found || Near(shot.image.At(px + dx, y), LifelineColor(), 40);
      }
      hits += found ? 1 : 0;
      if (y % 37 == 0) seen += Str(shot.image.At(px, y));
    }
    EXPECT_GE(hits * 5, samples * 2)
        << hits << " of " << samples << " " << seen;
  }
}

TEST_F(GuiScreenshotTest, AFaultScenarioDrawsAnArrowInTheErrorColour) {
  // The built-in demo: its first busybox pull fails UNAVAILABLE (fault
  // registry-hiccup). 40 frames of 0.5 s at 1x show about 40 rows, the
  // failed pull and the fault's mark among the last ones.
  const Shot shot = Run("--speed 1 --fixed-dt 0.5 --frames 40");
  ASSERT_TRUE(shot.layout.contains("call_flow")) << shot.layout.dump();
  int checked = 0;
  for (const Json& a : shot.layout["call_flow"]["arrows"]) {
    const std::string outcome = a["outcome"];
    if (outcome != "error" && outcome != "fault") continue;
    const Rgba want =
        StyleFor(outcome == "error" ? Outcome::kError : Outcome::kFault).color;
    SCOPED_TRACE(a.dump());
    const int y = static_cast<int>(std::lround(a["y"].get<float>()));
    int hits = 0, samples = 0;
    if (a["mark"].get<bool>()) {
      const int x = static_cast<int>(std::lround(a["x_from"].get<float>()));
      for (int dx = -8; dx <= 8; ++dx) {
        ++samples;
        hits += Near(shot.image.At(x + dx, y), want) ? 1 : 0;
      }
      EXPECT_GE(hits, 2) << "no " << outcome << " colour around the mark";
    } else {
      const float x0 =
          std::min(a["x_from"].get<float>(), a["x_to"].get<float>());
      const float x1 =
          std::max(a["x_from"].get<float>(), a["x_to"].get<float>());
      for (float x = x0 + 12; x < x1 - 12; x += 3) {
        ++samples;
        bool found = false;
        for (int dy = -1; dy <= 1; ++dy) {
          found =
              found || Near(shot.image.At(static_cast<int>(x), y + dy), want);
        }
        hits += found ? 1 : 0;
      }
      EXPECT_GE(hits * 10, samples * 8) << hits << " of " << samples;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1) << "no error or fault arrow in view: "
                        << shot.layout["call_flow"]["arrows"].dump();
}

TEST_F(GuiScreenshotTest, TheSelectedObjectsCurrentStateIsHighlighted) {
  const std::string jsonl = RecordScenario("two-containers.yaml");
  const Shot shot = Run("--replay " + jsonl +
                        " --speed 20 --fixed-dt 0.1 --frames 40"
                        " --select web/nginx");
  ASSERT_TRUE(shot.layout.contains("objects")) << shot.layout.dump();
  const Json& obj = shot.layout["objects"];
  // What the view model says the container was at the frame's cursor.
  const RunModel model = ModelOf(jsonl);
  const size_t revealed = shot.layout["revealed"];
  ASSERT_GT(revealed, 0u);
  const uint64_t seq = model.items()[revealed - 1].seq;
  const ObjectRecord* rec =
      model.objects().Find(obj["selected"].get<std::string>());
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(rec->name, "nginx");
  const std::string want(DiagramStateAt(*rec, seq).current);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(obj["current_state"], want);
  int highlighted = 0;
  for (const Json& n : obj["nodes"]) {
    const float x = n["box"]["x"], y = n["box"]["y"], h = n["box"]["h"];
    const Rgba inside =
        shot.image.At(static_cast<int>(x) + 5, static_cast<int>(y + h / 2));
    const bool lit = Near(inside, CurrentStateColor());
    SCOPED_TRACE(n.dump() + " pixel " + Str(inside));
    EXPECT_EQ(lit, n["state"] == want);
    highlighted += lit ? 1 : 0;
  }
  EXPECT_EQ(highlighted, 1);
}

TEST_F(GuiScreenshotTest, ConnectShowsTheCallsOfAnyCriClient) {
  ServerOptions opts;
  opts.listen = "unix://" + dir_ + "/fakecri.sock";
  opts.seed = 3;
  auto server = Server::Start(opts);
  ASSERT_TRUE(server.ok()) << server.status();
  auto rt = runtime::v1::RuntimeService::NewStub((*server)->InProcessChannel());
  runtime::v1::RunPodSandboxRequest req;
  req.mutable_config()->mutable_metadata()->set_name("web");
  req.mutable_config()->mutable_metadata()->set_namespace_("default");
  req.mutable_config()->mutable_metadata()->set_uid("uid-1");
  runtime::v1::RunPodSandboxResponse resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(rt->RunPodSandbox(&ctx, req, &resp).ok());

  const Shot shot = Run("--connect " + opts.listen + " --frames 10");
  ASSERT_TRUE(shot.layout.contains("call_flow")) << shot.layout.dump();
  const Json& cf = shot.layout["call_flow"];
  // No kubelet records: the caller is an unknown CRI client.
  EXPECT_EQ(cf["lanes"][0]["title"], "CRI client");
  bool run_pod = false, oci = false;
  for (const Json& a : cf["arrows"]) {
    const std::string label = a["label"];
    run_pod = run_pod || label.rfind("RunPodSandbox", 0) == 0;
    oci = oci || label.find("runc") != std::string::npos;
  }
  EXPECT_TRUE(run_pod) << cf["arrows"].dump();
  EXPECT_TRUE(oci) << cf["arrows"].dump();
}

}  // namespace
}  // namespace fakecri::gui
