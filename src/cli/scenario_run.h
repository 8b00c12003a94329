// File: scenario_run.h
// `fakecri scenario run FILE...`: flags and the command.
#ifndef FAKECRI_CLI_SCENARIO_RUN_H_
#define FAKECRI_CLI_SCENARIO_RUN_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace fakecri::cli {

struct ScenarioRunFlags {
  std::vector<std::string> files;
  std::vector<std::string> report;  // {format, file}
  std::string trace, events, endpoint;
  bool all_calls = false, quiet = false, watch_pods = false;
  double pace = 0;  // run-seconds per wall-second of the printed timeline
};

void AddScenarioRunFlags(CLI::App* run, ScenarioRunFlags* flags);
// Exit code: 0 every expectation held, 1 one failed (or an output could
// not be written), 2 a file or the command line is wrong.
int RunScenarioFiles(const ScenarioRunFlags& flags);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_SCENARIO_RUN_H_
