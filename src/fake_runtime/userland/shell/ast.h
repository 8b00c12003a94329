// File: ast.h
// The syntax tree of the simulated shell: the subset of POSIX sh (as
// busybox ash accepts it) that container commands and probes use. The parser
// builds it once per script; the interpreter walks it, possibly many times
// (loops), so nodes are immutable after parsing.
#ifndef FAKECRI_USERLAND_SHELL_AST_H_
#define FAKECRI_USERLAND_SHELL_AST_H_

#include <memory>
#include <string>
#include <vector>

namespace fakecri::userland::sh {

struct List;

// One piece of a word. "a${B}'c d'" is three parts: literal "a" (unquoted),
// parameter B (unquoted), literal "c d" (quoted).
struct WordPart {
  enum class Kind {
    kLiteral,  // text, backslash escapes already resolved
    kParam,    // $NAME ${NAME} $? $# $$ $! $0..$9 $@ $* ; text = the name
    kCommand,  // $(...) or `...`; `command` holds the parsed list
    kArith,    // $((...)); text = the expression as written
  };
  Kind kind = Kind::kLiteral;
  std::string text;
  bool quoted = false;  // inside "..." or '...': no field splitting
  // ${NAME:-word} and friends: op is "", ":-", "-", ":=", "=", ":+", "+",
  // "#" (length, as in ${#NAME}); `arg` is the word after the operator.
  // Also ":?" and "?" (${NAME:?word}: error if unset/empty), and pattern
  // removal ${NAME%word} ${NAME%%word} ${NAME#word} ${NAME##word} as
  // "trim%", "trim%%", "trim#", "trim##" ("#" alone is taken by length).
  // busybox extensions: ":" substring ${NAME:offset:length} (arg = offset,
  // arg2 = length or null; both arithmetic), "/" and "//" replace first/all
  // ${NAME/pattern/replacement} (arg = pattern, arg2 = replacement or null).
  // "bad": ash accepts a malformed ${...} when parsing and fails only when
  // expanding it, with "syntax error: bad substitution"; text is whatever
  // name was read, arg the rest up to "}".
  std::string op;
  std::shared_ptr<struct Word> arg;
  std::shared_ptr<struct Word> arg2;
  std::shared_ptr<List> command;  // kCommand only
};

struct Word {
  std::vector<WordPart> parts;
};

struct Redirect {
  enum class Op {
    kOut,     // n>word   (n defaults to 1)
    kAppend,  // n>>word
    kIn,      // n<word   (n defaults to 0)
    kDupOut,  // n>&word  (word is a fd number or "-")
    kDupIn,   // n<&word
  };
  int fd = 1;
  Op op = Op::kOut;
  Word target;
  // Set for a here-document, <<WORD or <<-WORD (op kIn, fd 0 by default,
  // target is WORD): the document, to expand like a double-quoted string
  // (every part is quoted). If WORD had any quoting, it is one literal.
  std::shared_ptr<Word> here_doc;
};

struct Command;

struct Pipeline {
  std::vector<std::unique_ptr<Command>> commands;  // a | b | c
  bool negate = false;                             // leading "!"
};

// p1 && p2 || p3: ops[i] joins pipelines[i] and pipelines[i+1].
struct AndOr {
  enum class Op { kAnd, kOr };
  std::vector<Pipeline> pipelines;
  std::vector<Op> ops;
};

struct ListItem {
  AndOr and_or;
  bool background = false;  // terminated by "&"
};

// Commands separated by ";", "&" or newlines.
struct List {
  std::vector<ListItem> items;
};

struct SimpleCommand {
  std::vector<std::pair<std::string, Word>> assignments;  // NAME=word
  std::vector<Word> words;  // argv before expansion
};

struct IfClause {
  // if c0; then b0; elif c1; then b1; else else_body; fi
  std::vector<List> conditions;
  std::vector<List> bodies;
  std::unique_ptr<List> else_body;  // null without else
};

struct LoopClause {  // while/until
  bool until = false;
  List condition;
  List body;
};

struct ForClause {
  std::string var;
  bool has_in = false;  // "for x; do" iterates "$@"
  std::vector<Word> words;
  List body;
};

struct CaseClause {
  struct Item {
    std::vector<Word> patterns;  // glob patterns: * ? [...]
    List body;
  };
  Word subject;
  std::vector<Item> items;
};

struct FunctionDef {
  std::string name;
  std::shared_ptr<Command> body;  // shared: the function outlives the parse
};

struct Command {
  enum class Kind {
    kSimple,
    kIf,
    kLoop,
    kFor,
    kCase,
    kGroup,     // { list; }
    kSubshell,  // ( list )
    kFunction,  // name() compound-command
  };
  Kind kind = Kind::kSimple;
  int line = 1;  // 1-based line of the command's first token
  SimpleCommand simple;
  std::unique_ptr<IfClause> if_clause;
  std::unique_ptr<LoopClause> loop;
  std::unique_ptr<ForClause> for_clause;
  std::unique_ptr<CaseClause> case_clause;
  std::unique_ptr<List> group;  // kGroup and kSubshell
  std::unique_ptr<FunctionDef> function;
  std::vector<Redirect> redirects;  // apply to the whole command
};

}  // namespace fakecri::userland::sh

#endif  // FAKECRI_USERLAND_SHELL_AST_H_
