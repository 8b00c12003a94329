// File: interpreter.cc
// Walks the syntax tree. Control flow (break, continue, return, exit) is a
// flag the walkers check after every command, so a deep loop unwinds
// without exceptions; only a kill unwinds by exception (ProcessKilled).
// The builtins live in their own table (builtins.cc).
#include "fake_runtime/userland/shell/interpreter.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/shell/builtins.h"
#include "fake_runtime/userland/shell/expand.h"
#include "fake_runtime/userland/shell/interp.h"
#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

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
  if (!handled) {
    if (const Builtin* builtin = FindBuiltin(argv[0]); builtin != nullptr) {
      status = co_await builtin->fn(*this, argv);
      handled = true;
    }
  }
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
