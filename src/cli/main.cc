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
  CLI11_PARSE(app, argc, argv);
  if (app.got_subcommand("serve")) return serve();
  if (app.got_subcommand("demo")) return demo();
  return 2;
}
