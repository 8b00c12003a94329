// File: builtins.cc
// The table of shell builtins and their bodies. Each runs in the shell's
// process and reports its exit status; control flow (exit, return, break)
// is a request to the interpreter, which unwinds after the command.
#include "fake_runtime/userland/shell/builtins.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"
#include "fake_runtime/userland/shell/expand.h"
#include "fake_runtime/userland/shell/interp.h"

namespace fakecri::userland::sh {
namespace {

using Args = std::vector<std::string>;

// argv[1] as a number, `def` without one, -1 when it is not a number.
int NumArg(const Args& argv, int def) {
  int n = def;
  if (argv.size() > 1 && !absl::SimpleAtoi(argv[1], &n)) n = -1;
  return n;
}

Task<int> Exit(Interp& in, Args& argv) {
  int n = NumArg(argv, in.state().last_status);
  if (n < 0) {
    in.ShellError(fakecri::StrCat("exit: Illegal number: ", argv[1]));
    n = 2;
  }
  in.Exit(n & 0xff);
  co_return in.exit_status();
}

// break and continue.
Task<int> LeaveLoops(Interp& in, Args& argv) {
  const std::string& name = argv[0];
  int n = NumArg(argv, 1);
  if (in.loop_depth() == 0) co_return 0;
  if (n <= 0) {
    in.ShellError(fakecri::StrCat(name, ": Illegal number: ", argv[1]));
    co_return 2;
  }
  in.LeaveLoops(name == "break" ? Interp::Ctl::kBreak : Interp::Ctl::kContinue,
                n);
  co_return 0;
}

Task<int> Return(Interp& in, Args& argv) {
  int n = NumArg(argv, in.state().last_status);
  in.Return(n & 0xff);
  co_return in.exit_status();
}

// export, readonly and local: all set variables; only export marks them.
Task<int> Export(Interp& in, Args& argv) {
  const std::string& name = argv[0];
  ShellState& st = in.state();
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-p" || a == "-n") continue;
    auto eq = a.find('=');
    std::string var = a.substr(0, eq);
    if (eq != std::string::npos) in.SetVar(var, a.substr(eq + 1));
    if (name == "export") {
      st.vars[var].exported = true;
      st.env_cache_valid = false;
    }
    if (name == "local" && eq == std::string::npos) in.SetVar(var, "");
  }
  if (name == "export" && argv.size() == 1) {
    for (const auto& [var, v] : st.vars) {
      if (v.exported)
        in.proc().Print(fakecri::StrCat("export ", var, "='", v.value, "'\n"));
    }
  }
  co_return 0;
}

Task<int> Unset(Interp& in, Args& argv) {
  ShellState& st = in.state();
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-f") continue;
    st.vars.erase(argv[i]);
    st.env_cache_valid = false;
    if (argv[i] != "-v") st.functions.erase(argv[i]);
  }
  co_return 0;
}

Task<int> Set(Interp& in, Args& argv) {
  ShellState& st = in.state();
  size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "-e")
      st.errexit = true;
    else if (a == "+e")
      st.errexit = false;
    else if (a.size() > 1 && (a[0] == '-' || a[0] == '+'))
      continue;
    else
      break;
  }
  if (i < argv.size() || (argv.size() > 1 && argv[i - 1] == "--")) {
    st.positional.assign(argv.begin() + i, argv.end());
  }
  if (argv.size() == 1) {
    for (const auto& [var, v] : st.vars) {
      in.proc().Print(fakecri::StrCat(var, "='", v.value, "'\n"));
    }
  }
  co_return 0;
}

Task<int> Shift(Interp& in, Args& argv) {
  std::vector<std::string>& positional = in.state().positional;
  int n = NumArg(argv, 1);
  if (n < 0 || static_cast<size_t>(n) > positional.size()) {
    in.ShellError("shift: can't shift that many");
    co_return 1;
  }
  positional.erase(positional.begin(), positional.begin() + n);
  co_return 0;
}

Task<int> Cd(Interp& in, Args& argv) {
  Proc& p = in.proc();
  std::string dir = argv.size() > 1 ? argv[1] : p.GetEnv("HOME");
  if (dir.empty()) dir = "/";
  std::string path = MemFs::Resolve(p.cwd, dir);
  auto st = p.fs().Stat(path, p.pid());
  if (!st.ok() || st->type != FileType::kDirectory) {
    in.ShellError(
        fakecri::StrCat("cd: can't cd to ", dir, ": ",
                        ErrnoText(st.ok() ? Errno::kNotDir : st.error())));
    co_return 2;
  }
  p.cwd = path;
  in.SetVar("PWD", path);
  co_return 0;
}

Task<int> Pwd(Interp& in, Args&) {
  in.proc().Print(fakecri::StrCat(in.proc().cwd, "\n"));
  co_return 0;
}

Task<int> Trap(Interp& in, Args& argv) {
  std::map<int, std::string>& traps = in.state().traps;
  if (argv.size() == 1) {
    for (const auto& [sig, action] : traps) {
      std::string sname = SignalNameOf(sig);
      if (sname.rfind("SIG", 0) == 0) sname = sname.substr(3);
      in.proc().Print(fakecri::StrCat("trap -- '", action, "' ", sname, "\n"));
    }
    co_return 0;
  }
  size_t first = 2;
  std::string action = argv[1];
  bool reset = action == "-";
  // "trap 15" (a number first) resets, as POSIX allows.
  if (int n; absl::SimpleAtoi(action, &n)) {
    reset = true;
    first = 1;
  }
  for (size_t i = first; i < argv.size(); ++i) {
    std::string sig_name = argv[i];
    int sig =
        sig_name == "EXIT" || sig_name == "0" ? 0 : SignalFromName(sig_name);
    if (sig == 0 && sig_name != "EXIT" && sig_name != "0") {
      in.ShellError(fakecri::StrCat("trap: ", sig_name, ": bad trap"));
      co_return 1;
    }
    if (reset) {
      traps.erase(sig);
    } else {
      traps[sig] = action;
    }
  }
  co_return 0;
}

Task<int> Wait(Interp& in, Args& argv) {
  ShellState& st = in.state();
  std::vector<uint32_t> pids;
  if (argv.size() > 1) {
    for (size_t i = 1; i < argv.size(); ++i) {
      uint32_t pid = 0;
      if (absl::SimpleAtoi(argv[i], &pid)) pids.push_back(pid);
    }
  } else {
    pids = st.background;
  }
  int status = 0;
  for (uint32_t pid : pids) {
    status = co_await in.proc().WaitChild(pid, /*interruptible=*/true);
    if (status == -1) {
      // A trapped signal interrupts wait with 128 + signal.
      co_return 128 + kSigTerm;
    }
    std::erase(st.background, pid);
  }
  co_return status;
}

Task<int> Read(Interp& in, Args& argv) {
  Proc& p = in.proc();
  std::vector<std::string> names;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] != "-r") names.push_back(argv[i]);
  }
  if (names.empty()) names.push_back("REPLY");
  // Reads one line; the rest stays for the next read.
  std::string line;
  bool got_newline = false;
  while (!got_newline) {
    auto chunk = co_await p.Read();
    if (!chunk) break;
    for (size_t i = 0; i < chunk->size(); ++i) {
      if ((*chunk)[i] == '\n') {
        got_newline = true;
        // Push the remainder back as a fresh input for later reads.
        std::string rest = chunk->substr(i + 1);
        if (!rest.empty()) {
          std::shared_ptr<InStream> old = p.in;
          p.in = StringIn(std::move(rest));
          (void)old;  // the remainder of the old stream is not kept
        }
        break;
      }
      line += (*chunk)[i];
    }
  }
  std::vector<std::string> fields = SplitFields(line);
  for (size_t i = 0; i < names.size(); ++i) {
    if (i + 1 == names.size() && fields.size() > names.size()) {
      std::string rest;
      for (size_t j = i; j < fields.size(); ++j) {
        fakecri::StrAppend(&rest, j > i ? " " : "", fields[j]);
      }
      in.SetVar(names[i], rest);
    } else {
      in.SetVar(names[i], i < fields.size() ? fields[i] : "");
    }
  }
  co_return got_newline || !line.empty() ? 0 : 1;
}

Task<int> Eval(Interp& in, Args& argv) {
  std::string src;
  for (size_t i = 1; i < argv.size(); ++i) {
    fakecri::StrAppend(&src, i > 1 ? " " : "", argv[i]);
  }
  co_return co_await in.Eval(src);
}

Task<int> Exec(Interp& in, Args& argv) {
  if (argv.size() == 1) co_return 0;  // only redirections: keep them
  Proc& p = in.proc();
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  const ProgramSpec* spec = p.userland().FindProgram(rest[0]);
  if (spec == nullptr) {
    in.ShellError(fakecri::StrCat("exec: ", rest[0], ": not found"));
    in.Exit(127);
    co_return 127;
  }
  // The program replaces the shell in this process (same pid).
  p.env = in.ExportedEnv({});
  int status = co_await programs::ExecInPlace(p, std::move(rest));
  in.Exit(status);
  co_return status;
}

// `.` and source.
Task<int> Source(Interp& in, Args& argv) {
  if (argv.size() < 2) co_return 0;
  Proc& p = in.proc();
  auto data = p.fs().ReadFile(MemFs::Resolve(p.cwd, argv[1]), p.cred, p.pid());
  if (!data.ok()) {
    in.ShellError(fakecri::StrCat(".: can't open '", argv[1], "'"));
    co_return 2;
  }
  co_return co_await in.Eval(*data);
}

// type, and command: `command -v name` looks up like type; `command name
// args` runs a builtin or program, skipping shell functions.
Task<int> Type(Interp& in, Args& argv) {
  const std::string& name = argv[0];
  if (name == "command" && argv.size() > 1 && argv[1] != "-v") {
    std::vector<std::string> rest(argv.begin() + 1, argv.end());
    if (const Builtin* b = FindBuiltin(rest[0]); b != nullptr) {
      co_return co_await b->fn(in, rest);
    }
    std::vector<std::string> no_env;
    co_return co_await in.RunExternal(std::move(rest), std::move(no_env));
  }
  Proc& p = in.proc();
  int status = 0;
  for (size_t i = (name == "command" ? 2 : 1); i < argv.size(); ++i) {
    const ProgramSpec* spec = p.userland().FindProgram(argv[i]);
    if (spec != nullptr) {
      p.Print(name == "type"
                  ? fakecri::StrCat(argv[i], " is /bin/", argv[i], "\n")
                  : fakecri::StrCat("/bin/", argv[i], "\n"));
    } else {
      if (name == "type") p.Print(fakecri::StrCat(argv[i], ": not found\n"));
      status = 127;
    }
  }
  co_return status;
}

// ash builtins that are also programs (echo, test, kill, ...): the
// program's code runs in the shell's process, without a child.
Task<int> InShellProgram(Interp& in, Args& argv) {
  const std::string& name = argv[0];
  const ProgramSpec* spec = FindBuiltinProgram(name == ":" ? "true" : name);
  if (spec == nullptr) {
    // Every name below is in the programs' registry; should one leave it,
    // the command still runs, as a child.
    co_return co_await in.RunExternal(argv, {});
  }
  Proc& p = in.proc();
  std::vector<std::string> saved_argv = std::move(p.mutable_argv());
  p.mutable_argv() = argv;
  int status = co_await spec->fn(p, *spec);
  p.mutable_argv() = std::move(saved_argv);
  co_return status;
}

constexpr Builtin kBuiltins[] = {
    {"exit", Exit},
    {"break", LeaveLoops},
    {"continue", LeaveLoops},
    {"return", Return},
    {"export", Export},
    {"readonly", Export},
    {"local", Export},
    {"unset", Unset},
    {"set", Set},
    {"shift", Shift},
    {"cd", Cd},
    {"pwd", Pwd},
    {"trap", Trap},
    {"wait", Wait},
    {"read", Read},
    {"eval", Eval},
    {"exec", Exec},
    {".", Source},
    {"source", Source},
    {"type", Type},
    {"command", Type},
    {"echo", InShellProgram},
    {"printf", InShellProgram},
    {"test", InShellProgram},
    {"[", InShellProgram},
    {"true", InShellProgram},
    {"false", InShellProgram},
    {"kill", InShellProgram},
    {":", InShellProgram},
};

}  // namespace

const Builtin* FindBuiltin(std::string_view name) {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<absl::string_view, const Builtin*>;
    for (const Builtin& b : kBuiltins) (*m)[ToAbsl(b.name)] = &b;
    return m;
  }();
  auto it = index->find(ToAbsl(name));
  return it == index->end() ? nullptr : it->second;
}

std::vector<std::string> BuiltinNames() {
  std::vector<std::string> names;
  for (const Builtin& b : kBuiltins) names.emplace_back(b.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace fakecri::userland::sh
