// File: app.cc
#include "gui/app/app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gui/app/fonts.h"
#include "gui/app/screenshot.h"
#include "gui/app/settings.h"
#include "gui/app/view_context.h"
#include "gui/app/window.h"
#include "gui/model/call_flow_layout.h"
#include "gui/panels/call_flow_panel.h"
#include "gui/panels/faults_panel.h"
#include "gui/panels/help_window.h"
#include "gui/panels/inspector_panel.h"
#include "gui/panels/narration_panel.h"
#include "gui/panels/objects_panel.h"
#include "gui/panels/timeline_panel.h"
#include "gui/sources/event_queue.h"
#include "gui/sources/faults_controller.h"

namespace fakecri::gui {

ItemId FocusItem(const ViewContext& ctx) {
  const size_t revealed = ctx.playback.revealed();
  if (ctx.selection.item != kNoItem && ctx.selection.item < revealed) {
    return ctx.selection.item;
  }
  return revealed == 0 ? kNoItem : static_cast<ItemId>(revealed - 1);
}

namespace {

// How far an embedded run may get ahead of what is shown: it is granted
// clock steps while fewer rows than this wait to be revealed.
constexpr size_t kLookaheadRows = 48;
constexpr int kStepsPerGrant = 8;
// Records folded per frame at most, so a huge replay or backlog keeps the
// window responsive while it loads.
constexpr size_t kIngestPerFrame = 400'000;

class AppImpl : public App {
 public:
  AppImpl(const GuiOptions& o, std::unique_ptr<EventSource> source,
          std::unique_ptr<Window> window)
      : o_(o), source_(std::move(source)), window_(std::move(window)) {}

  ~AppImpl() override {
    faults_.reset();
    source_->Stop();
    if (!ini_path_.empty()) ImGui::SaveIniSettingsToDisk(ini_path_.c_str());
  }

  void Init() {
    ImGuiIO& io = ImGui::GetIO();
    RegisterSettingsHandler(&settings_);
    if (o_.ini == "none" || (o_.ini.empty() && !o_.screenshot.empty())) {
      ini_path_.clear();
    } else {
      ini_path_ = o_.ini.empty() ? DefaultIniPath() : o_.ini;
    }
    // ImGui saves layout changes here itself; nullptr keeps nothing.
    io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    LoadIni(ini_path_);
    settings_.font_scale =
        o_.font_scale > 0
            ? o_.font_scale
            : (settings_.font_scale_loaded ? settings_.font_scale : 1.0f);
    fonts_ = BuildFonts(settings_.font_scale);

    Playback::Options po;
    po.mode = source_->gate() == nullptr && o_.replay.empty()
                  ? Playback::Mode::kLive
                  : Playback::Mode::kPaced;
    po.speed = o_.speed;
    playback_ = Playback(po);
    if (o_.paused) playback_.Pause();

    source_->Start(queue_);
    if (source_->faults() != nullptr) {
      faults_ = std::make_unique<FaultsController>(*source_->faults());
      if (!o_.add_faults.empty()) {
        std::ifstream in(o_.add_faults);
        std::stringstream text;
        text << in.rdbuf();
        if (!in) {
          std::fprintf(stderr, "fakecri-gui: cannot read %s\n",
                       o_.add_faults.c_str());
        } else {
          faults_->Add(text.str());
        }
      }
    }
  }

  bool Frame(double dt_seconds) override {
    if (window_->ShouldClose()) return false;
    ++frame_;
    const bool last = o_.frames > 0 && frame_ >= o_.frames;
    if (last && !o_.screenshot.empty()) WaitForSource();
    Feed();
    playback_.Tick(model_, static_cast<DurationNs>(dt_seconds * 1e9));
    if (!o_.select.empty()) ResolveSelect();

    window_->BeginFrame();
    HandleKeys();
    nlohmann::json report;
    ViewContext ctx{
        model_,     playback_,
        selection_, fonts_,
        *source_,   faults_.get(),
        follow_,    last && !o_.layout_out.empty() ? &report : nullptr};
    PlaceWindows();
    Place(0);
    timeline_.Draw(ctx);
    Place(1);
    call_flow_.Draw(ctx);
    Place(2);
    narration_.Draw(ctx);
    Place(3);
    objects_.Draw(ctx);
    Place(4);
    inspector_.Draw(ctx);
    Place(5);
    faults_panel_.Draw(ctx);
    help_.Draw();
    window_->Render();
    if (last) {
      if (!o_.screenshot.empty()) {
        if (auto st = SaveScreenshot(o_.screenshot, window_->width(),
                                     window_->height());
            !st.ok()) {
          std::fprintf(stderr, "fakecri-gui: %s\n",
                       std::string(st.message()).c_str());
          exit_code_ = 1;
        }
      }
      if (!o_.layout_out.empty()) WriteReport(report);
    }
    window_->Swap();
    if (pending_scale_ > 0) ApplyFontScale();
    return !last;
  }

  const RunModel& model() const override { return model_; }
  Playback& playback() override { return playback_; }
  int exit_code() const override { return exit_code_; }

 private:
  // Folds the queued records and lets a paced run go on when the
  // audience is about to run out of rows.
  void Feed() {
    PaceGate* gate = source_->gate();
    const bool sync = o_.fixed_dt > 0 && gate != nullptr;
    for (int round = 0;; ++round) {
      for (auto& e : queue_.Drain(kIngestPerFrame)) model_.Ingest(e);
      if (gate == nullptr || !WantsRows()) return;
      gate->Grant(kStepsPerGrant);
      if (!sync || round > 1000) return;
      // Reproducible frames: wait until the run used its grant (or ended),
      // so every frame folds the same records whatever the machine's load.
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (!gate->Idle() && !SourceDone() &&
             std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      if (SourceDone() && queue_.size() == 0) return;
    }
  }

  // Before a screenshot: whatever the source has now is in the queue.
  void WaitForSource() {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!source_->Settled() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  bool WantsRows() const {
    if (SourceDone()) return false;
    if (!playback_.playing() && !playback_.StepPending()) return false;
    return model_.items().size() - playback_.revealed() < kLookaheadRows;
  }

  bool SourceDone() const {
    const SourceState s = source_->Status().state;
    return s == SourceState::kFinished || s == SourceState::kFailed;
  }

  // --select: an object (id, id prefix, pod, pod/container) or the latest
  // call of an RPC, as soon as it is revealed.
  void ResolveSelect() {
    const std::string& want = o_.select;
    const uint64_t seq = playback_.cursor_seq(model_);
    for (const ObjectRecord& obj : model_.objects().objects()) {
      if (!obj.StateAtSeq(seq)) continue;
      const bool match =
          obj.id == want ||
          (want.size() >= 6 && absl::StartsWith(obj.id, want)) ||
          (obj.kind == ObjectKind::kSandbox && obj.pod_name == want) ||
          (obj.kind == ObjectKind::kContainer &&
           absl::StrCat(obj.pod_name, "/", obj.name) == want);
      if (match) selection_.object_id = obj.id;  // the newest wins
    }
    if (!selection_.object_id.empty()) return;
    const size_t revealed = playback_.revealed();
    for (size_t i = revealed; i-- > 0;) {
      const FlowItem& it = model_.items()[i];
      if (it.kind == ItemKind::kRequest &&
          model_.calls()[it.ref].name == want) {
        selection_.item = static_cast<ItemId>(i);
        return;
      }
    }
  }

  void HandleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    if (io.KeyCtrl) {
      if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) {
        pending_scale_ = settings_.font_scale * 1.15f;
      } else if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) {
        pending_scale_ = settings_.font_scale / 1.15f;
      } else if (pressed(GLFW_KEY_0)) {
        pending_scale_ = 1.0f;
      }
      return;
    }
    if (pressed(GLFW_KEY_SPACE)) playback_.TogglePlay();
    if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true)) playback_.Step(model_);
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, true)) StepBack();
    if (pressed(GLFW_KEY_F)) follow_.SetFollowing(true);
    if (pressed(GLFW_KEY_HOME)) {
      playback_.Pause();
      playback_.ScrubToRow(model_, 0);
    }
    if (pressed(GLFW_KEY_END)) {
      playback_.RevealAll(model_);
      follow_.SetFollowing(true);
    }
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) {
      playback_.SetSpeed(playback_.speed() * 2);
    }
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) {
      playback_.SetSpeed(playback_.speed() / 2);
    }
    if (pressed(GLFW_KEY_ESCAPE)) selection_ = Selection{};
    if (pressed(GLFW_KEY_F1) || pressed(GLFW_KEY_H)) help_.Toggle();
  }

  // Back to the request row before the newest revealed one.
  void StepBack() {
    playback_.Pause();
    size_t i = playback_.revealed();
    if (i == 0) return;
    --i;  // the newest revealed row
    while (i > 0) {
      --i;
      if (model_.items()[i].kind == ItemKind::kRequest) break;
    }
    // Show everything up to and including that request's call rows.
    const ItemId next = model_.NextRequest(static_cast<ItemId>(i + 1));
    playback_.ScrubToRow(model_, next);
  }

  void ApplyFontScale() {
    settings_.font_scale = std::clamp(pending_scale_, 0.5f, 4.0f);
    pending_scale_ = 0;
    fonts_ = BuildFonts(settings_.font_scale);
    window_->ReloadFontTexture();
    MarkSettingsChanged();
  }

  // The first-use layout (imgui.ini keeps the user's own after that):
  // timeline across the top, the call flow large on the left with the
  // narration under it, objects / inspector / faults on the right.
  void PlaceWindows() {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    const ImGuiStyle& s = ImGui::GetStyle();
    const float th = ImGui::GetFrameHeight() * 3 + s.ItemSpacing.y +
                     s.WindowPadding.y * 2 + 2;
    const float lw = std::floor(d.x * 0.6f);
    const float nh =
        std::floor(fonts_.heading->FontSize * 4.2f + ImGui::GetFrameHeight());
    const float rh = d.y - th;
    places_ = {ImVec4(0, 0, d.x, th),
               ImVec4(0, th, lw, rh - nh),
               ImVec4(0, d.y - nh, lw, nh),
               ImVec4(lw, th, d.x - lw, rh * 0.50f),
               ImVec4(lw, th + rh * 0.50f, d.x - lw, rh * 0.24f),
               ImVec4(lw, th + rh * 0.74f, d.x - lw, rh * 0.26f)};
  }
  // Applies to the next window begun.
  void Place(size_t i) const {
    const ImVec4& r = places_[i];
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(r.z, r.w), ImGuiCond_FirstUseEver);
  }

  void WriteReport(nlohmann::json& report) {
    report["window"] = {{"width", window_->width()},
                        {"height", window_->height()}};
    report["font_scale"] = fonts_.scale;
    report["rows"] = model_.items().size();
    report["revealed"] = playback_.revealed();
    report["selection"] = {
        {"item", selection_.item == kNoItem
                     ? -1
                     : static_cast<int64_t>(selection_.item)},
        {"object", selection_.object_id}};
    std::ofstream out(o_.layout_out);
    out << report.dump(1) << "\n";
    if (!out) {
      std::fprintf(stderr, "fakecri-gui: cannot write %s\n",
                   o_.layout_out.c_str());
      exit_code_ = 1;
    }
  }

  GuiOptions o_;
  std::unique_ptr<EventSource> source_;
  std::unique_ptr<Window> window_;
  std::unique_ptr<FaultsController> faults_;
  std::string ini_path_;
  AppSettings settings_;
  Fonts fonts_;
  float pending_scale_ = 0;
  EventQueue queue_;
  RunModel model_;
  Playback playback_;
  FollowState follow_;
  Selection selection_;
  TimelinePanel timeline_;
  CallFlowPanel call_flow_;
  NarrationPanel narration_;
  ObjectsPanel objects_;
  InspectorPanel inspector_;
  FaultsPanel faults_panel_;
  HelpWindow help_;
  std::array<ImVec4, 6> places_;  // x, y, w, h of each panel
  int frame_ = 0;
  int exit_code_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<App>> App::Create(
    const GuiOptions& options, std::unique_ptr<EventSource> source) {
  WindowOptions wo;
  wo.title = absl::StrCat("fakecri-gui: ", source->Describe());
  wo.width = options.width;
  wo.height = options.height;
  wo.vsync = options.vsync && options.screenshot.empty();
  auto window = Window::Open(wo);
  if (!window.ok()) return window.status();
  auto app =
      std::make_unique<AppImpl>(options, std::move(source), std::move(*window));
  app->Init();
  return app;
}

int RunApp(const GuiOptions& options, std::unique_ptr<EventSource> source) {
  auto app = App::Create(options, std::move(source));
  if (!app.ok()) {
    std::fprintf(stderr, "fakecri-gui: %s\n",
                 std::string(app.status().message()).c_str());
    return 1;
  }
  auto last = std::chrono::steady_clock::now();
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    const double dt = options.fixed_dt > 0
                          ? options.fixed_dt
                          : std::chrono::duration<double>(now - last).count();
    last = now;
    if (!(*app)->Frame(dt)) break;
  }
  return (*app)->exit_code();
}

}  // namespace fakecri::gui
