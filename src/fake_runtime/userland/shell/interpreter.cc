// File: interpreter.cc
// Walks the syntax tree. Control flow (break, continue, return, exit) is a
// flag the walkers check after every command, so a deep loop unwinds
// without exceptions; only a kill unwinds by exception (ProcessKilled).
#include "fake_runtime/userland/shell/interpreter.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"
#include "fake_runtime/userland/shell/expand.h"
#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

bool RunsInShell(std::string_view name) {
  // ash builtins that are also programs: they run without a child process.
  static constexpr std::string_view kNames[] = {"echo", "printf", "test", "[",
                                                "true", "false",  "kill", ":"};
  return std::find(std::begin(kNames), std::end(kNames), name) !=
         std::end(kNames);
}

// Saves and restores a process's descriptors around a redirected builtin.
struct SavedFds {
  std::shared_ptr<InStream> in;
  std::shared_ptr<OutStream> out[10];
  void Save(Proc& p) {
    in = p.in;
    for (int i = 0; i < 10; ++i) out[i] = p.out[i];
  }
  void Restore(Proc& p) {
    p.in = std::move(in);
    for (int i = 0; i < 10; ++i) p.out[i] = std::move(out[i]);
  }
};

// Writes into a file of the container's filesystem.
class FileOut final : public OutStream {
 public:
  explicit FileOut(std::string path) : path_(std::move(path)) {}
  bool Write(Proc& w, std::string_view bytes) override {
    (void)w.fs().WriteFile(path_, bytes, /*append=*/true, w.cred);
    return true;
  }

 private:
  std::string path_;
};

}  // namespace

class Interp {
 public:
  Interp(Proc& p, std::shared_ptr<ShellState> st) : p_(p), st_(std::move(st)) {
    InstallSignalPolicy();
  }

  enum class Ctl { kNone, kBreak, kContinue, kReturn, kExit };

  Task<int> RunList(const List& list);
  Ctl ctl() const { return ctl_; }
  ShellState& state() { return *st_; }

 private:
  friend class ExpandEnv;
  Task<int> RunAndOr(const AndOr& ao);
  Task<int> RunPipeline(const Pipeline& pl);
  Task<int> RunCommand(const Command& cmd);
  Task<int> RunSimple(const Command& cmd);
  Task<int> RunCompound(const Command& cmd);
  Task<int> RunBuiltin(std::vector<std::string>& argv, bool* handled);
  Task<int> RunExternal(std::vector<std::string> argv,
                        std::vector<std::string> extra_env);
  Task<int> RunFunction(const Command& body, std::vector<std::string> argv);
  Task<int> RunSubshell(const List& list, bool capture, std::string* out);
  // A subshell process: a copy of this shell's state running `body`; its
  // `exit N` is its exit status.
  std::shared_ptr<Proc> Fork(std::function<Task<int>(Interp&)> body);
  Task<int> RunTraps();
  Task<int> Eval(std::string_view source);

  // Applies redirections to p_ (the caller saved the fds). False (with
  // the error printed) when a file cannot be opened.
  Task<bool> ApplyRedirects(const std::vector<Redirect>& rs);
  Task<std::vector<std::string>> ExpandWords(const std::vector<Word>& ws);
  Task<std::string> ExpandOne(const Word& w);

  void InstallSignalPolicy();
  void SetVar(const std::string& name, std::string value);
  std::vector<std::string> ExportedEnv(
      const std::vector<std::string>& extra) const;
  void ShellError(std::string_view msg) {
    p_.Write(2, fakecri::StrCat("sh: ", msg, "\n"));
  }

  Proc& p_;
  std::shared_ptr<ShellState> st_;
  Ctl ctl_ = Ctl::kNone;
  int ctl_count_ = 0;  // levels left for break/continue
  int exit_status_ = 0;
  int loop_depth_ = 0;
  int function_depth_ = 0;
  int nesting_ = 0;  // functions + eval, see RunFunction
  static constexpr int kMaxNesting = 200;

  friend Task<int> RunScript(Proc&, std::shared_ptr<ShellState>,
                             std::shared_ptr<const List>);
  friend class InterpExpandHost;
};

// Bridges the expander to the interpreter (variables, $(...)).
class InterpExpandHost final : public ExpandHost {
 public:
  explicit InterpExpandHost(Interp& in) : in_(in) {}
  std::optional<std::string> GetVar(std::string_view name) override {
    ShellState& st = in_.state();
    if (name == "?") return fakecri::StrCat(st.last_status);
    // $$ is the main shell's pid, also inside subshells.
    if (name == "$") {
      return fakecri::StrCat(st.shell_pid != 0 ? st.shell_pid : in_.p_.pid());
    }
    if (name == "!") {
      if (st.last_background == 0) return std::nullopt;
      return fakecri::StrCat(st.last_background);
    }
    if (name == "#") return fakecri::StrCat(st.positional.size());
    if (name == "0") return st.arg0;
    int n = 0;
    if (absl::SimpleAtoi(ToAbsl(name), &n) && n > 0) {
      if (static_cast<size_t>(n) > st.positional.size()) return std::nullopt;
      return st.positional[n - 1];
    }
    auto it = st.vars.find(name);
    if (it == st.vars.end()) return std::nullopt;
    return it->second.value;
  }
  void SetVar(std::string_view name, std::string value) override {
    in_.SetVar(std::string(name), std::move(value));
  }
  const std::vector<std::string>& Positional() override {
    return in_.state().positional;
  }
  Task<std::string> CommandOutput(const List& list) override {
    std::string out;
    int status = co_await in_.RunSubshell(list, /*capture=*/true, &out);
    in_.state().last_status = status;
    co_return out;
  }
  void Error(std::string_view msg) override { in_.ShellError(msg); }
  std::vector<std::string> Glob(std::string_view pattern) override {
    return GlobPaths(in_.p_, pattern);
  }

 private:
  Interp& in_;
};

void Interp::InstallSignalPolicy() {
  std::weak_ptr<ShellState> weak = st_;
  p_.signal_policy = [weak](int sig) {
    std::shared_ptr<ShellState> st = weak.lock();
    if (st == nullptr) return SignalAction::kDefault;
    auto it = st->traps.find(sig);
    if (it == st->traps.end()) return SignalAction::kDefault;
    return it->second.empty() ? SignalAction::kIgnore : SignalAction::kCatch;
  };
}

void Interp::SetVar(const std::string& name, std::string value) {
  ShellState::Var& var = st_->vars[name];
  if (var.exported) st_->env_cache_valid = false;
  var.value = std::move(value);
}

std::vector<std::string> Interp::ExportedEnv(
    const std::vector<std::string>& extra) const {
  if (extra.empty() && st_->env_cache_valid) return st_->env_cache;
  std::vector<std::string> env;
  for (const auto& [name, var] : st_->vars) {
    if (!var.exported) continue;
    bool overridden = false;
    for (const std::string& e : extra) {
      if (e.size() > name.size() && e[name.size()] == '=' &&
          e.compare(0, name.size(), name) == 0) {
        overridden = true;
      }
    }
    if (!overridden) env.push_back(fakecri::StrCat(name, "=", var.value));
  }
  env.insert(env.end(), extra.begin(), extra.end());
  if (extra.empty()) {
    st_->env_cache = env;
    st_->env_cache_valid = true;
  }
  return env;
}

// Words made only of unquoted literal text without glob characters expand
// to themselves; most commands in loops are like that, and this path needs
// no coroutine.
static bool AllPlainLiterals(const std::vector<Word>& ws) {
  for (const Word& w : ws) {
    if (w.parts.size() != 1) return false;
    const WordPart& part = w.parts[0];
    if (part.kind != WordPart::Kind::kLiteral || part.quoted ||
        part.text.empty() ||
        part.text.find_first_of("*?[") != std::string::npos) {
      return false;
    }
  }
  return true;
}

Task<std::vector<std::string>> Interp::ExpandWords(
    const std::vector<Word>& ws) {
  InterpExpandHost host(*this);
  std::vector<std::string> out;
  for (const Word& w : ws) {
    co_await ExpandWord(w, host, /*split=*/true, &out);
  }
  co_return out;
}

Task<std::string> Interp::ExpandOne(const Word& w) {
  InterpExpandHost host(*this);
  std::vector<std::string> out;
  co_await ExpandWord(w, host, /*split=*/false, &out);
  co_return out.empty() ? std::string() : std::move(out[0]);
}

Task<int> Interp::RunTraps() {
  while (int sig = p_.TakeSignal()) {
    auto it = st_->traps.find(sig);
    if (it == st_->traps.end() || it->second.empty()) continue;
    const int saved = st_->last_status;
    co_await Eval(it->second);
    if (ctl_ != Ctl::kExit) st_->last_status = saved;
    if (ctl_ == Ctl::kExit) break;
  }
  co_return st_->last_status;
}

Task<int> Interp::Eval(std::string_view source) {
  if (nesting_ >= kMaxNesting) {
    ShellError("eval: nesting too deep");
    co_return 2;
  }
  absl::StatusOr<List> parsed = ParseScript(source);
  if (!parsed.ok()) {
    ShellError(std::string(parsed.status().message()));
    st_->last_status = 2;
    co_return 2;
  }
  auto list = std::make_shared<const List>(std::move(*parsed));
  st_->keep_alive.push_back(list);
  ++nesting_;
  int status = co_await RunList(*list);
  --nesting_;
  co_return status;
}

Task<int> Interp::RunList(const List& list) {
  int status = st_->last_status;
  for (const ListItem& item : list.items) {
    if (item.background) {
      // A background job: a subshell the shell does not wait for.
      const AndOr* ao = &item.and_or;
      auto child = Fork([ao](Interp& sub) { return sub.RunAndOr(*ao); });
      child->in = NullIn();
      st_->last_background = child->pid();
      st_->background.push_back(child->pid());
      status = 0;
    } else {
      status = co_await RunAndOr(item.and_or);
    }
    st_->last_status = status;
    if (p_.HasPendingSignal()) co_await RunTraps();
    if (ctl_ != Ctl::kNone) break;
    if (st_->errexit && status != 0) {
      ctl_ = Ctl::kExit;
      exit_status_ = status;
      break;
    }
  }
  co_return st_->last_status;
}

Task<int> Interp::RunAndOr(const AndOr& ao) {
  int status = co_await RunPipeline(ao.pipelines[0]);
  for (size_t i = 0; i < ao.ops.size() && ctl_ == Ctl::kNone; ++i) {
    const bool run = ao.ops[i] == AndOr::Op::kAnd ? status == 0 : status != 0;
    if (!run) continue;
    st_->last_status = status;
    status = co_await RunPipeline(ao.pipelines[i + 1]);
  }
  co_return status;
}

Task<int> Interp::RunPipeline(const Pipeline& pl) {
  int status = 0;
  if (pl.commands.size() == 1) {
    status = co_await RunCommand(*pl.commands[0]);
  } else {
    // Every stage is a subshell; stage i writes into stage i+1's stdin.
    std::vector<uint32_t> pids;
    std::shared_ptr<InStream> next_in = p_.in;
    for (size_t i = 0; i < pl.commands.size(); ++i) {
      const Command* cmd = pl.commands[i].get();
      auto child = Fork([cmd](Interp& sub) { return sub.RunCommand(*cmd); });
      child->in = next_in;
      if (i + 1 < pl.commands.size()) {
        PipeEnds pipe = MakePipe();
        child->out[1] = std::move(pipe.write);
        next_in = std::move(pipe.read);
      }
      pids.push_back(child->pid());
    }
    next_in.reset();
    for (uint32_t pid : pids) status = co_await p_.WaitChild(pid);
  }
  if (pl.negate) status = status == 0 ? 1 : 0;
  co_return status;
}

Task<int> Interp::RunCommand(const Command& cmd) {
  co_await p_.Cpu(kBuiltinCpuNs);
  if (cmd.kind == Command::Kind::kSimple) co_return co_await RunSimple(cmd);
  if (cmd.kind == Command::Kind::kFunction) {
    st_->functions[cmd.function->name] = cmd.function->body;
    co_return 0;
  }
  if (cmd.redirects.empty()) co_return co_await RunCompound(cmd);
  SavedFds saved;
  saved.Save(p_);
  int status = 1;
  if (co_await ApplyRedirects(cmd.redirects)) {
    status = co_await RunCompound(cmd);
  }
  saved.Restore(p_);
  co_return status;
}

Task<int> Interp::RunCompound(const Command& cmd) {
  switch (cmd.kind) {
    case Command::Kind::kGroup:
      co_return co_await RunList(*cmd.group);
    case Command::Kind::kSubshell: {
      int s = co_await RunSubshell(*cmd.group, false, nullptr);
      co_return s;
    }
    case Command::Kind::kIf: {
      const IfClause& c = *cmd.if_clause;
      for (size_t i = 0; i < c.conditions.size(); ++i) {
        int cond = co_await RunList(c.conditions[i]);
        if (ctl_ != Ctl::kNone) co_return cond;
        if (cond == 0) co_return co_await RunList(c.bodies[i]);
      }
      if (c.else_body) co_return co_await RunList(*c.else_body);
      co_return 0;
    }
    case Command::Kind::kLoop: {
      const LoopClause& c = *cmd.loop;
      int status = 0;
      ++loop_depth_;
      while (true) {
        int cond = co_await RunList(c.condition);
        if (ctl_ != Ctl::kNone && ctl_ != Ctl::kContinue &&
            ctl_ != Ctl::kBreak) {
          break;
        }
        if ((cond == 0) == c.until) break;
        status = co_await RunList(c.body);
        if (ctl_ == Ctl::kBreak) {
          if (--ctl_count_ > 0) break;
          ctl_ = Ctl::kNone;
          break;
        }
        if (ctl_ == Ctl::kContinue) {
          if (--ctl_count_ > 0) break;
          ctl_ = Ctl::kNone;
          continue;
        }
        if (ctl_ != Ctl::kNone) break;
      }
      --loop_depth_;
      co_return status;
    }
    case Command::Kind::kFor: {
      const ForClause& c = *cmd.for_clause;
      std::vector<std::string> items = st_->positional;
      if (c.has_in) items = co_await ExpandWords(c.words);
      int status = 0;
      ++loop_depth_;
      for (std::string& item : items) {
        SetVar(c.var, std::move(item));
        status = co_await RunList(c.body);
        if (ctl_ == Ctl::kBreak) {
          if (--ctl_count_ <= 0) ctl_ = Ctl::kNone;
          break;
        }
        if (ctl_ == Ctl::kContinue) {
          if (--ctl_count_ > 0) break;
          ctl_ = Ctl::kNone;
          continue;
        }
        if (ctl_ != Ctl::kNone) break;
      }
      --loop_depth_;
      co_return status;
    }
    case Command::Kind::kCase: {
      const CaseClause& c = *cmd.case_clause;
      std::string subject = co_await ExpandOne(c.subject);
      for (const CaseClause::Item& item : c.items) {
        for (const Word& pat : item.patterns) {
          std::string pattern = co_await ExpandOne(pat);
          if (GlobMatch(pattern, subject)) {
            co_return co_await RunList(item.body);
          }
        }
      }
      co_return 0;
    }
    default:
      co_return 0;
  }
}

std::shared_ptr<Proc> Interp::Fork(std::function<Task<int>(Interp&)> body) {
  auto st = std::make_shared<ShellState>(*st_);
  return p_.userland().SpawnFunction(
      p_, {st_->arg0}, [st, body = std::move(body)](Proc& cp) -> Task<int> {
        Interp sub(cp, st);
        int s = co_await body(sub);
        if (sub.ctl_ == Ctl::kExit) s = sub.exit_status_;
        co_return s;
      });
}

Task<int> Interp::RunSubshell(const List& list, bool capture,
                              std::string* out) {
  auto capture_out = capture ? std::make_shared<CaptureOut>(16 << 20)
                             : std::shared_ptr<CaptureOut>();
  const List* body = &list;
  auto child = Fork([body](Interp& sub) { return sub.RunList(*body); });
  if (capture) child->out[1] = capture_out;
  int status = co_await p_.WaitChild(child->pid());
  if (capture) {
    std::string text = capture_out->Take();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    *out = std::move(text);
  }
  co_return status;
}

Task<bool> Interp::ApplyRedirects(const std::vector<Redirect>& rs) {
  for (const Redirect& r : rs) {
    if (r.here_doc != nullptr) {
      std::string body = co_await ExpandOne(*r.here_doc);
      if (r.fd == 0) p_.in = StringIn(std::move(body));
      continue;
    }
    std::string target = co_await ExpandOne(r.target);
    if (r.fd < 0 || r.fd > 9) continue;
    switch (r.op) {
      case Redirect::Op::kOut:
      case Redirect::Op::kAppend: {
        if (target == "/dev/null") {
          p_.out[r.fd] = NullOut();
          break;
        }
        const bool append = r.op == Redirect::Op::kAppend;
        auto res = p_.fs().WriteFile(MemFs::Resolve(p_.cwd, target), "", append,
                                     p_.cred);
        if (!res.ok()) {
          ShellError(fakecri::StrCat("can't create ", target, ": ",
                                     ErrnoText(res.error())));
          co_return false;
        }
        p_.out[r.fd] =
            std::make_shared<FileOut>(MemFs::Resolve(p_.cwd, target));
        break;
      }
      case Redirect::Op::kIn: {
        auto data =
            p_.fs().ReadFile(MemFs::Resolve(p_.cwd, target), p_.cred, p_.pid());
        if (!data.ok()) {
          ShellError(fakecri::StrCat("can't open '", target,
                                     "': ", ErrnoText(data.error())));
          co_return false;
        }
        if (r.fd == 0) p_.in = StringIn(std::move(*data));
        break;
      }
      case Redirect::Op::kDupOut:
      case Redirect::Op::kDupIn: {
        if (target == "-") {
          if (r.fd == 0) {
            p_.in = NullIn();
          } else {
            p_.out[r.fd] = nullptr;
          }
          break;
        }
        int from = -1;
        if (!absl::SimpleAtoi(target, &from) || from < 0 || from > 9) {
          ShellError(fakecri::StrCat(target, ": bad file descriptor"));
          co_return false;
        }
        if (r.op == Redirect::Op::kDupOut) {
          p_.out[r.fd] = p_.out[from];
        } else if (r.fd == 0 && from == 0) {
          // 0<&0: nothing to do.
        }
        break;
      }
    }
  }
  co_return true;
}

Task<int> Interp::RunSimple(const Command& cmd) {
  const SimpleCommand& sc = cmd.simple;
  std::vector<std::string> argv;
  if (AllPlainLiterals(sc.words)) {
    argv.reserve(sc.words.size());
    for (const Word& w : sc.words) argv.push_back(w.parts[0].text);
  } else {
    argv = co_await ExpandWords(sc.words);
  }
  std::vector<std::string> assigns;
  for (const auto& [name, word] : sc.assignments) {
    std::string value = co_await ExpandOne(word);
    if (argv.empty()) {
      SetVar(name, std::move(value));
    } else {
      assigns.push_back(fakecri::StrCat(name, "=", value));
    }
  }
  if (argv.empty()) {
    // Only assignments and redirections: redirections still create files.
    if (!cmd.redirects.empty()) {
      SavedFds saved;
      saved.Save(p_);
      bool ok = co_await ApplyRedirects(cmd.redirects);
      saved.Restore(p_);
      co_return ok ? 0 : 1;
    }
    co_return 0;
  }
  // Most commands redirect nothing: then there is nothing to save.
  const bool redirected = !cmd.redirects.empty();
  SavedFds saved;
  if (redirected) {
    saved.Save(p_);
    if (!co_await ApplyRedirects(cmd.redirects)) {
      saved.Restore(p_);
      co_return 1;
    }
  }
  int status = 0;
  bool handled = false;
  if (auto fn = st_->functions.find(argv[0]); fn != st_->functions.end()) {
    std::shared_ptr<Command> body = fn->second;
    status = co_await RunFunction(*body, std::move(argv));
    handled = true;
  }
  if (!handled) status = co_await RunBuiltin(argv, &handled);
  if (!handled) status = co_await RunExternal(std::move(argv), assigns);
  if (redirected) saved.Restore(p_);
  co_return status;
}

Task<int> Interp::RunFunction(const Command& body,
                              std::vector<std::string> argv) {
  // Function calls and eval nest on the native stack (a coroutine awaited
  // runs on its caller's stack until it waits): a runaway recursion sent by
  // a client must end in an error, not a crash.
  if (nesting_ >= kMaxNesting) {
    ShellError(fakecri::StrCat(argv[0], ": function nesting too deep (",
                               kMaxNesting, ")"));
    ctl_ = Ctl::kExit;
    exit_status_ = 2;
    co_return 2;
  }
  std::vector<std::string> saved = std::move(st_->positional);
  st_->positional.assign(argv.begin() + 1, argv.end());
  ++function_depth_;
  ++nesting_;
  int status = co_await RunCommand(body);
  --nesting_;
  --function_depth_;
  st_->positional = std::move(saved);
  if (ctl_ == Ctl::kReturn) {
    ctl_ = Ctl::kNone;
    status = exit_status_;
  }
  co_return status;
}

Task<int> Interp::RunExternal(std::vector<std::string> argv,
                              std::vector<std::string> extra_env) {
  const ProgramSpec* spec = p_.userland().FindProgram(argv[0]);
  if (spec == nullptr) {
    ShellError(fakecri::StrCat(argv[0], ": not found"));
    co_return 127;
  }
  co_await p_.Cpu(kSpawnCpuNs);
  std::vector<std::string> env = ExportedEnv(extra_env);
  std::string name = argv[0];
  auto child = p_.userland().Spawn(p_, std::move(argv), spec);
  child->env = std::move(env);
  co_return co_await p_.WaitChild(child->pid());
}

Task<int> Interp::RunBuiltin(std::vector<std::string>& argv, bool* handled) {
  *handled = true;
  const std::string& name = argv[0];
  auto num_arg = [&](int def) {
    int n = def;
    if (argv.size() > 1 && !absl::SimpleAtoi(argv[1], &n)) n = -1;
    return n;
  };
  if (name == "exit") {
    int n = num_arg(st_->last_status);
    if (n < 0) {
      ShellError(fakecri::StrCat("exit: Illegal number: ", argv[1]));
      n = 2;
    }
    ctl_ = Ctl::kExit;
    exit_status_ = n & 0xff;
    co_return exit_status_;
  }
  if (name == "break" || name == "continue") {
    int n = num_arg(1);
    if (loop_depth_ == 0) co_return 0;
    if (n <= 0) {
      ShellError(fakecri::StrCat(name, ": Illegal number: ", argv[1]));
      co_return 2;
    }
    ctl_ = name == "break" ? Ctl::kBreak : Ctl::kContinue;
    ctl_count_ = std::min(n, loop_depth_);
    co_return 0;
  }
  if (name == "return") {
    int n = num_arg(st_->last_status);
    ctl_ = function_depth_ > 0 ? Ctl::kReturn : Ctl::kExit;
    exit_status_ = n & 0xff;
    co_return exit_status_;
  }
  if (name == "export" || name == "readonly" || name == "local") {
    for (size_t i = 1; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (a == "-p" || a == "-n") continue;
      auto eq = a.find('=');
      std::string var = a.substr(0, eq);
      if (eq != std::string::npos) SetVar(var, a.substr(eq + 1));
      if (name == "export") {
        st_->vars[var].exported = true;
        st_->env_cache_valid = false;
      }
      if (name == "local" && eq == std::string::npos) SetVar(var, "");
    }
    if (name == "export" && argv.size() == 1) {
      for (const auto& [var, v] : st_->vars) {
        if (v.exported)
          p_.Print(fakecri::StrCat("export ", var, "='", v.value, "'\n"));
      }
    }
    co_return 0;
  }
  if (name == "unset") {
    for (size_t i = 1; i < argv.size(); ++i) {
      if (argv[i] == "-f") continue;
      st_->vars.erase(argv[i]);
      st_->env_cache_valid = false;
      if (argv[i] != "-v") st_->functions.erase(argv[i]);
    }
    co_return 0;
  }
  if (name == "set") {
    size_t i = 1;
    for (; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (a == "--") {
        ++i;
        break;
      }
      if (a == "-e")
        st_->errexit = true;
      else if (a == "+e")
        st_->errexit = false;
      else if (a.size() > 1 && (a[0] == '-' || a[0] == '+'))
        continue;
      else
        break;
    }
    if (i < argv.size() || (argv.size() > 1 && argv[i - 1] == "--")) {
      st_->positional.assign(argv.begin() + i, argv.end());
    }
    if (argv.size() == 1) {
      for (const auto& [var, v] : st_->vars) {
        p_.Print(fakecri::StrCat(var, "='", v.value, "'\n"));
      }
    }
    co_return 0;
  }
  if (name == "shift") {
    int n = num_arg(1);
    if (n < 0 || static_cast<size_t>(n) > st_->positional.size()) {
      ShellError("shift: can't shift that many");
      co_return 1;
    }
    st_->positional.erase(st_->positional.begin(), st_->positional.begin() + n);
    co_return 0;
  }
  if (name == "cd") {
    std::string dir = argv.size() > 1 ? argv[1] : p_.GetEnv("HOME");
    if (dir.empty()) dir = "/";
    std::string path = MemFs::Resolve(p_.cwd, dir);
    auto st = p_.fs().Stat(path, p_.pid());
    if (!st.ok() || st->type != FileType::kDirectory) {
      ShellError(
          fakecri::StrCat("cd: can't cd to ", dir, ": ",
                          ErrnoText(st.ok() ? Errno::kNotDir : st.error())));
      co_return 2;
    }
    p_.cwd = path;
    SetVar("PWD", path);
    co_return 0;
  }
  if (name == "pwd") {
    p_.Print(fakecri::StrCat(p_.cwd, "\n"));
    co_return 0;
  }
  if (name == "trap") {
    if (argv.size() == 1) {
      for (const auto& [sig, action] : st_->traps) {
        std::string sname = SignalNameOf(sig);
        if (sname.rfind("SIG", 0) == 0) sname = sname.substr(3);
        p_.Print(fakecri::StrCat("trap -- '", action, "' ", sname, "\n"));
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
        ShellError(fakecri::StrCat("trap: ", sig_name, ": bad trap"));
        co_return 1;
      }
      if (reset) {
        st_->traps.erase(sig);
      } else {
        st_->traps[sig] = action;
      }
    }
    co_return 0;
  }
  if (name == "wait") {
    std::vector<uint32_t> pids;
    if (argv.size() > 1) {
      for (size_t i = 1; i < argv.size(); ++i) {
        uint32_t pid = 0;
        if (absl::SimpleAtoi(argv[i], &pid)) pids.push_back(pid);
      }
    } else {
      pids = st_->background;
    }
    int status = 0;
    for (uint32_t pid : pids) {
      status = co_await p_.WaitChild(pid, /*interruptible=*/true);
      if (status == -1) {
        // A trapped signal interrupts wait with 128 + signal.
        co_return 128 + kSigTerm;
      }
      std::erase(st_->background, pid);
    }
    co_return status;
  }
  if (name == "read") {
    std::vector<std::string> names;
    for (size_t i = 1; i < argv.size(); ++i) {
      if (argv[i] != "-r") names.push_back(argv[i]);
    }
    if (names.empty()) names.push_back("REPLY");
    // Reads one line; the rest stays for the next read.
    std::string line;
    bool got_newline = false;
    while (!got_newline) {
      auto chunk = co_await p_.Read();
      if (!chunk) break;
      for (size_t i = 0; i < chunk->size(); ++i) {
        if ((*chunk)[i] == '\n') {
          got_newline = true;
          // Push the remainder back as a fresh input for later reads.
          std::string rest = chunk->substr(i + 1);
          if (!rest.empty()) {
            std::shared_ptr<InStream> old = p_.in;
            p_.in = StringIn(std::move(rest));
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
        SetVar(names[i], rest);
      } else {
        SetVar(names[i], i < fields.size() ? fields[i] : "");
      }
    }
    co_return got_newline || !line.empty() ? 0 : 1;
  }
  if (name == "eval") {
    std::string src;
    for (size_t i = 1; i < argv.size(); ++i) {
      fakecri::StrAppend(&src, i > 1 ? " " : "", argv[i]);
    }
    co_return co_await Eval(src);
  }
  if (name == "exec") {
    if (argv.size() == 1) co_return 0;  // only redirections: keep them
    std::vector<std::string> rest(argv.begin() + 1, argv.end());
    const ProgramSpec* spec = p_.userland().FindProgram(rest[0]);
    if (spec == nullptr) {
      ShellError(fakecri::StrCat("exec: ", rest[0], ": not found"));
      ctl_ = Ctl::kExit;
      exit_status_ = 127;
      co_return 127;
    }
    // The program replaces the shell in this process (same pid).
    p_.env = ExportedEnv({});
    int status = co_await programs::ExecInPlace(p_, std::move(rest));
    ctl_ = Ctl::kExit;
    exit_status_ = status;
    co_return status;
  }
  if (name == "." || name == "source") {
    if (argv.size() < 2) co_return 0;
    auto data =
        p_.fs().ReadFile(MemFs::Resolve(p_.cwd, argv[1]), p_.cred, p_.pid());
    if (!data.ok()) {
      ShellError(fakecri::StrCat(".: can't open '", argv[1], "'"));
      co_return 2;
    }
    co_return co_await Eval(*data);
  }
  if (name == "type" || name == "command") {
    if (name == "command" && argv.size() > 1 && argv[1] != "-v") {
      std::vector<std::string> rest(argv.begin() + 1, argv.end());
      bool inner = false;
      int s = co_await RunBuiltin(rest, &inner);
      if (!inner) {
        std::vector<std::string> no_env;
        s = co_await RunExternal(std::move(rest), std::move(no_env));
      }
      co_return s;
    }
    int status = 0;
    for (size_t i = (name == "command" ? 2 : 1); i < argv.size(); ++i) {
      const ProgramSpec* spec = p_.userland().FindProgram(argv[i]);
      if (spec != nullptr) {
        p_.Print(name == "type"
                     ? fakecri::StrCat(argv[i], " is /bin/", argv[i], "\n")
                     : fakecri::StrCat("/bin/", argv[i], "\n"));
      } else {
        if (name == "type") p_.Print(fakecri::StrCat(argv[i], ": not found\n"));
        status = 127;
      }
    }
    co_return status;
  }
  if (RunsInShell(name)) {
    const ProgramSpec* spec = FindBuiltinProgram(name == ":" ? "true" : name);
    if (spec != nullptr) {
      std::vector<std::string> saved_argv = std::move(p_.mutable_argv());
      p_.mutable_argv() = argv;
      int status = co_await spec->fn(p_, *spec);
      p_.mutable_argv() = std::move(saved_argv);
      co_return status;
    }
  }
  *handled = false;
  co_return 0;
}

Task<int> RunScript(Proc& p, std::shared_ptr<ShellState> state,
                    std::shared_ptr<const List> script) {
  state->keep_alive.push_back(script);
  Interp in(p, state);
  int status = co_await in.RunList(*script);
  if (in.ctl() == Interp::Ctl::kExit) status = in.exit_status_;
  // The EXIT trap runs last.
  if (auto it = state->traps.find(0); it != state->traps.end()) {
    std::string action = std::exchange(it->second, "");
    state->traps.erase(0);
    if (!action.empty()) {
      in.ctl_ = Interp::Ctl::kNone;
      state->last_status = status;
      co_await in.Eval(action);
      if (in.ctl() == Interp::Ctl::kExit) status = in.exit_status_;
    }
  }
  co_return status;
}

Task<int> ShellMain(Proc& p, const ProgramSpec&) {
  const std::vector<std::string> argv = p.argv();
  auto state = std::make_shared<ShellState>();
  // The environment becomes exported variables.
  for (const std::string& kv : p.env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    state->vars[kv.substr(0, eq)] = {kv.substr(eq + 1), true};
  }
  if (!state->vars.contains("PWD")) state->vars["PWD"] = {p.cwd, true};
  state->vars["IFS"] = {" \t\n", false};
  state->arg0 = argv.empty() ? "sh" : argv[0];
  state->shell_pid = p.pid();
  std::string source;
  size_t i = 1;
  bool have_c = false;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-c") {
      have_c = true;
    } else if (a == "-e") {
      state->errexit = true;
    } else if (a == "--") {
      ++i;
      break;
    } else if (a.size() > 1 && a[0] == '-' &&
               a.find('c') != std::string::npos) {
      have_c = true;  // e.g. "-ec"
      if (a.find('e') != std::string::npos) state->errexit = true;
    } else if (a.size() > 1 && (a[0] == '-' || a[0] == '+')) {
      continue;  // -x, -u ...: accepted, not simulated
    } else {
      break;
    }
  }
  if (have_c) {
    if (i >= argv.size()) {
      p.Write(2, "sh: -c requires an argument\n");
      co_return 2;
    }
    source = argv[i++];
    if (i < argv.size()) state->arg0 = argv[i++];
    state->positional.assign(argv.begin() + std::min(i, argv.size()),
                             argv.end());
  } else if (i < argv.size()) {
    const std::string file = argv[i++];
    auto data = p.fs().ReadFile(MemFs::Resolve(p.cwd, file), p.cred, p.pid());
    if (!data.ok()) {
      p.Write(2, fakecri::StrCat("sh: can't open '", file,
                                 "': ", ErrnoText(data.error()), "\n"));
      co_return 2;
    }
    source = std::move(*data);
    state->arg0 = file;
    state->positional.assign(argv.begin() + i, argv.end());
  } else {
    source = co_await p.ReadAll(p.in);
  }
  absl::StatusOr<List> parsed = ParseScript(source);
  if (!parsed.ok()) {
    p.Write(2, fakecri::StrCat("sh: ", parsed.status().message(), "\n"));
    co_return 2;
  }
  co_return co_await RunScript(
      p, std::move(state), std::make_shared<const List>(std::move(*parsed)));
}

}  // namespace fakecri::userland::sh
