// File: commands.h
// The `fakecri` subcommands. Each registers its flags on the CLI11 app and
// returns a runner giving the process exit code.
#ifndef FAKECRI_CLI_COMMANDS_H_
#define FAKECRI_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>

namespace fakecri::cli {

using Runner = std::function<int()>;

Runner AddServeCommand(CLI::App& app);
Runner AddDemoCommand(CLI::App& app);
Runner AddCtlCommand(CLI::App& app);
Runner AddScenarioCommand(CLI::App& app);

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_COMMANDS_H_
