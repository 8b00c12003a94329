// File: builtins.h
// The shell's builtins: commands that run inside the shell's own process,
// either because they change the shell (cd, export, exit, trap, ...) or
// because ash runs them without a child (echo, test, kill, ...). One table
// names them all (builtins.cc), as registry.cc names the programs.
#ifndef FAKECRI_USERLAND_SHELL_BUILTINS_H_
#define FAKECRI_USERLAND_SHELL_BUILTINS_H_

#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/process/task.h"

namespace fakecri::userland::sh {

class Interp;

// argv[0] is the builtin's name. The caller keeps `argv` alive until the
// returned Task has finished.
using BuiltinFn = Task<int> (*)(Interp& in, std::vector<std::string>& argv);

struct Builtin {
  std::string_view name;
  BuiltinFn fn;
};

// The builtin called `name`, or null: then `name` is a function or a
// program.
const Builtin* FindBuiltin(std::string_view name);

// Every builtin's name, sorted.
std::vector<std::string> BuiltinNames();

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_BUILTINS_H_
