// File: expand.h
// Word expansion as sh does it: parameters (with ${x:-y} forms), $(...),
// $((...)), field splitting of unquoted results on IFS whitespace, "$@",
// and pathname expansion (globs) against the container's filesystem.
#ifndef FAKECRI_USERLAND_SHELL_EXPAND_H_
#define FAKECRI_USERLAND_SHELL_EXPAND_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/process/proc.h"
#include "fake_runtime/userland/shell/ast.h"

namespace fakecri::userland::sh {

// What expansion needs from the running shell.
class ExpandHost {
 public:
  virtual ~ExpandHost() = default;
  virtual std::optional<std::string> GetVar(std::string_view name) = 0;
  virtual void SetVar(std::string_view name, std::string value) = 0;
  virtual const std::vector<std::string>& Positional() = 0;
  // Runs $(...) and returns its output without trailing newlines.
  virtual Task<std::string> CommandOutput(const List& list) = 0;
  virtual void Error(std::string_view msg) = 0;
  // Paths matching a glob pattern, sorted; empty when none.
  virtual std::vector<std::string> Glob(std::string_view pattern) = 0;
};

// Appends the fields `w` expands to. With split=false (assignments, case
// subjects, redirection targets) the result is exactly one field.
Task<void> ExpandWord(const Word& w, ExpandHost& host, bool split,
                      std::vector<std::string>* out);

// Splits on blanks and newlines (the default IFS).
std::vector<std::string> SplitFields(std::string_view text);

// Pathname expansion of `pattern` in p's filesystem (relative to p.cwd).
std::vector<std::string> GlobPaths(Proc& p, std::string_view pattern);

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_EXPAND_H_
