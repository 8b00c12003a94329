// File: parser.h
// Parses shell source into the syntax tree of ast.h. Errors read as busybox
// ash prints them, so a container that runs a broken script logs what a
// real one would.
#ifndef FAKECRI_USERLAND_SHELL_PARSER_H_
#define FAKECRI_USERLAND_SHELL_PARSER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "fake_runtime/userland/shell/ast.h"

namespace fakecri::userland::sh {

// On a syntax error returns InvalidArgument whose message is the text ash
// prints after "sh: ", e.g. `syntax error: unexpected "fi"` or
// `syntax error: unterminated quoted string`; the line number is prefixed as
// ash does for scripts with more than one line ("line 3: syntax error: ...").
absl::StatusOr<List> ParseScript(std::string_view source);

// ash runs a script as it reads it, one top-level line at a time, so the
// lines before a syntax error have run by the time the error is printed
// ("echo a\nfi" prints "a", then fails). ParseScriptPrefix returns those
// complete lines with the error; on success `list` is the whole script and
// `status` is OK. The error text is the same as ParseScript's.
struct ScriptPrefix {
  List list;
  absl::Status status;
};
ScriptPrefix ParseScriptPrefix(std::string_view source);

// Evaluates a $((...)) expression: integers (64-bit), variables by name
// (unset or empty = 0, non-numeric -> error), + - * / % unary - ! ~,
// comparisons < <= > >= == !=, && ||, parentheses, and assignment forms
// = += -= (which call `set`). Division by zero -> error "divide by zero".
// Errors are InvalidArgument with ash's message ("arithmetic syntax error").
// As in ash, a variable's value is itself evaluated as an expression
// (x=1+2 reads as 3, x=abc as the value of abc); "non-numeric" means not a
// valid expression ("3 4", "08"). Also: 0x/octal/base#n literals, ** << >>
// & | ^ ?: , ++ -- and every op= form; && || ?: skip their untaken side.
class ArithEnv {
 public:
  virtual ~ArithEnv() = default;
  virtual std::string Get(std::string_view name) = 0;
  virtual void Set(std::string_view name, std::string value) = 0;
};
absl::StatusOr<int64_t> EvalArith(std::string_view expr, ArithEnv& env);

// Shell glob match (*, ?, [abc], [a-z], [!x]) for case patterns.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_PARSER_H_
