// fakecri: a simulated container runtime speaking the Kubernetes CRI.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "fakecri: a simulated Kubernetes container runtime (CRI runtime.v1)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fakecri 0.1.0 (CRI runtime.v1)");
  auto serve = fakecri::cli::AddServeCommand(app);
  auto demo = fakecri::cli::AddDemoCommand(app);
  auto ctl = fakecri::cli::AddCtlCommand(app);
  auto scenario = fakecri::cli::AddScenarioCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" that exit 0; every real command
    // line mistake exits 2, the usual code for usage errors.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (app.got_subcommand("serve")) return serve();
  if (app.got_subcommand("demo")) return demo();
  if (app.got_subcommand("ctl")) return ctl();
  if (app.got_subcommand("scenario")) return scenario();
  return 2;
}
