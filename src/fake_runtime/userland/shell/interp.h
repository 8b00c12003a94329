// File: interp.h
// The shell's tree walker, shared by interpreter.cc (which walks the syntax
// tree) and builtins.cc (the commands that run inside the shell and change
// its state). Internal to the userland library.
#ifndef FAKECRI_USERLAND_SHELL_INTERP_H_
#define FAKECRI_USERLAND_SHELL_INTERP_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/proc.h"
#include "fake_runtime/userland/shell/ast.h"
#include "fake_runtime/userland/shell/interpreter.h"

namespace fakecri::userland::sh {

class Interp {
 public:
  Interp(Proc& p, std::shared_ptr<ShellState> st) : p_(p), st_(std::move(st)) {
    InstallSignalPolicy();
  }

  enum class Ctl { kNone, kBreak, kContinue, kReturn, kExit };

  Task<int> RunList(const List& list);
  Ctl ctl() const { return ctl_; }
  ShellState& state() { return *st_; }

  // What the builtins (builtins.cc) use.
  Proc& proc() { return p_; }
  int loop_depth() const { return loop_depth_; }
  // Ends the shell with `status` once the current command returns.
  void Exit(int status) {
    ctl_ = Ctl::kExit;
    exit_status_ = status;
  }
  // `return`: leaves the innermost function, or the shell outside one.
  void Return(int status) {
    ctl_ = function_depth_ > 0 ? Ctl::kReturn : Ctl::kExit;
    exit_status_ = status;
  }
  // `break n` / `continue n` (kBreak or kContinue): leaves `n` loops, at
  // most as many as are running.
  void LeaveLoops(Ctl how, int n) {
    ctl_ = how;
    ctl_count_ = std::min(n, loop_depth_);
  }
  int exit_status() const { return exit_status_; }
  void SetVar(const std::string& name, std::string value);
  // The environment a child gets: exported variables, then `extra`.
  std::vector<std::string> ExportedEnv(
      const std::vector<std::string>& extra) const;
  void ShellError(std::string_view msg) {
    p_.Write(2, fakecri::StrCat("sh: ", msg, "\n"));
  }
  // Parses and runs `source` in this shell (eval, `.`, traps).
  Task<int> Eval(std::string_view source);
  // Runs a program as a child process and waits for it.
  Task<int> RunExternal(std::vector<std::string> argv,
                        std::vector<std::string> extra_env);

 private:
  Task<int> RunAndOr(const AndOr& ao);
  Task<int> RunPipeline(const Pipeline& pl);
  Task<int> RunCommand(const Command& cmd);
  Task<int> RunSimple(const Command& cmd);
  Task<int> RunCompound(const Command& cmd);
  Task<int> RunFunction(const Command& body, std::vector<std::string> argv);
  Task<int> RunSubshell(const List& list, bool capture, std::string* out);
  // A subshell process: a copy of this shell's state running `body`; its
  // `exit N` is its exit status.
  std::shared_ptr<Proc> Fork(std::function<Task<int>(Interp&)> body);
  Task<int> RunTraps();

  // Applies redirections to p_ (the caller saved the fds). False (with
  // the error printed) when a file cannot be opened.
  Task<bool> ApplyRedirects(const std::vector<Redirect>& rs);
  Task<std::vector<std::string>> ExpandWords(const std::vector<Word>& ws);
  Task<std::string> ExpandOne(const Word& w);

  void InstallSignalPolicy();

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

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_INTERP_H_
