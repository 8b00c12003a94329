// `fakecri scenario`: validate and list scenario files (docs/scenarios.md).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#ifdef FAKECRI_HAVE_SCENARIO_RUN
#include "cli/scenario_run.h"
#endif
#include "scenario/loader.h"
#include "scenario/runtime_setup.h"

#ifndef FAKECRI_SCENARIO_DIR
#define FAKECRI_SCENARIO_DIR "scenarios"
#endif

namespace fakecri::cli {
namespace {

struct ScenarioFlags {
  std::vector<std::string> files;
  std::string dir = FAKECRI_SCENARIO_DIR;
#ifdef FAKECRI_HAVE_SCENARIO_RUN
  ScenarioRunFlags run;
#endif
};

std::string FirstLine(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

// Loads and checks one file the way a run would, without running it.
absl::StatusOr<scenario::Scenario> LoadAndCheck(const std::string& file) {
  auto s = scenario::LoadScenarioFile(file);
  if (!s.ok()) return s.status();
  if (auto st = scenario::ValidateAgainstRuntime(*s); !st.ok()) return st;
  return s;
}

int RunValidate(const ScenarioFlags& f) {
  int bad = 0;
  for (const auto& file : f.files) {
    auto s = LoadAndCheck(file);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      ++bad;
      continue;
    }
    size_t expectations = s->expect.size();
    for (const auto& step : s->timeline) expectations += step.expect.size();
    std::cout << "ok  " << file << ": " << s->name << " (" << s->timeline.size()
              << " steps, " << expectations << " expectations)\n";
  }
  return bad == 0 ? 0 : 1;
}

int RunList(const ScenarioFlags& f) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(f.dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) {
    std::cerr << "fakecri scenario list: " << f.dir << ": " << ec.message()
              << "\n";
    return 1;
  }
  std::sort(files.begin(), files.end());
  int bad = 0;
  for (const auto& p : files) {
    auto s = scenario::LoadScenarioFile(p.string());
    if (!s.ok()) {
      std::cout << p.filename().string()
                << "  INVALID: " << s.status().message() << "\n";
      ++bad;
      continue;
    }
    std::cout << p.filename().string() << "  " << s->name << ": "
              << FirstLine(s->description) << "\n";
  }
  return bad == 0 ? 0 : 1;
}

}  // namespace

Runner AddScenarioCommand(CLI::App& app) {
  auto flags = std::make_shared<ScenarioFlags>();
  auto* cmd = app.add_subcommand(
      "scenario", "Scenario files: reproducible failure experiments");
  cmd->require_subcommand(1);
  auto* validate = cmd->add_subcommand(
      "validate",
      "Check scenario files (format, references, fault rules, images) "
      "without running them");
  validate->add_option("files", flags->files, "scenario files")
      ->required()
      ->check(CLI::ExistingFile);
  auto* list = cmd->add_subcommand("list", "The bundled scenario library");
  list->add_option("--dir", flags->dir, "scenario directory")
      ->capture_default_str();
#ifdef FAKECRI_HAVE_SCENARIO_RUN
  // Needs the simulated kubelet (src/scenario/kubelet/); see
  // src/cli/CMakeLists.txt.
  auto* run = cmd->add_subcommand(
      "run", "Run scenario files: timeline on stdout, verdict as exit code");
  AddScenarioRunFlags(run, &flags->run);
#endif
  return [flags, validate, list, cmd] {
#ifdef FAKECRI_HAVE_SCENARIO_RUN
    if (cmd->got_subcommand("run")) return RunScenarioFiles(flags->run);
#else
    (void)cmd;
#endif
    if (validate->parsed()) return RunValidate(*flags);
    if (list->parsed()) return RunList(*flags);
    return 2;
  };
}

}  // namespace fakecri::cli
