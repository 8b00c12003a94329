// File: interpreter.h
// The simulated shell (busybox ash flavoured): runs a parsed script in a
// simulated process. Builtins run inside the shell's process; other
// programs run as child processes the shell waits for, so pids, signals and
// `pgrep` look as they do in a real container.
#ifndef FAKECRI_USERLAND_SHELL_INTERPRETER_H_
#define FAKECRI_USERLAND_SHELL_INTERPRETER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_runtime/userland/process/proc.h"
#include "fake_runtime/userland/process/program.h"
#include "fake_runtime/userland/shell/ast.h"

namespace fakecri::userland::sh {

// Everything a subshell copies from its parent.
struct ShellState {
  struct Var {
    std::string value;
    bool exported = false;
  };
  std::map<std::string, Var, std::less<>> vars;
  std::map<std::string, std::shared_ptr<Command>, std::less<>> functions;
  std::string arg0 = "sh";
  std::vector<std::string> positional;
  int last_status = 0;
  uint32_t shell_pid = 0;            // $$
  uint32_t last_background = 0;      // $!
  std::vector<uint32_t> background;  // jobs for `wait`
  // Signal -> action text; "" = ignore. Absent = default.
  std::map<int, std::string> traps;
  bool errexit = false;
  // The environment children get, rebuilt only when an exported variable
  // changes (a loop spawning `sleep` would otherwise rebuild it each time).
  std::vector<std::string> env_cache;
  bool env_cache_valid = false;
  // Scripts and trap actions stay alive as long as anything runs them.
  std::vector<std::shared_ptr<const List>> keep_alive;
};

// The `sh` program: `sh -c 'script' [arg0 [args]]`, `sh file [args]`, or
// `sh` reading the script from stdin.
Task<int> ShellMain(Proc& p, const ProgramSpec& spec);

// Runs `script` in process `p` with `state` (used by ShellMain and tests).
Task<int> RunScript(Proc& p, std::shared_ptr<ShellState> state,
                    std::shared_ptr<const List> script);

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_INTERPRETER_H_
