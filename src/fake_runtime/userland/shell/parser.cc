// File: parser.cc
// Recursive-descent grammar of the shell: lists, and-or chains, pipelines,
// simple and compound commands, function definitions. Its error messages
// follow ash's parser: a compound command's list may not be empty, a wrong
// closing token names what was expected, and the reported line is where the
// lexer stood when the error was noticed.
#include "fake_runtime/userland/shell/parser.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/userland/shell/lexer.h"

namespace fakecri::userland::sh {
namespace internal {
namespace {

// Tokens that close a list; a list stops in front of them.
bool IsListEnd(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEof:
    case TokenKind::kRParen:
    case TokenKind::kDSemi:
      return true;
    case TokenKind::kWord: {
      std::string_view k = KeywordOf(token);
      return k == "do" || k == "done" || k == "elif" || k == "else" ||
             k == "esac" || k == "fi" || k == "then" || k == "}";
    }
    default:
      return false;
  }
}

// ash refuses to let a function shadow a special builtin.
bool IsSpecialBuiltin(std::string_view name) {
  constexpr std::array<std::string_view, 16> kSpecial = {
      ".",     ":",      "break", "continue", "eval",   "exec",
      "exit",  "export", "local", "readonly", "return", "set",
      "shift", "times",  "trap",  "unset",
  };
  for (std::string_view s : kSpecial) {
    if (s == name) return true;
  }
  return false;
}

// The text of a word made of one unquoted literal, if it is one.
std::optional<std::string> PlainText(const Word& word) {
  if (word.parts.size() != 1) return std::nullopt;
  const WordPart& part = word.parts[0];
  if (part.kind != WordPart::Kind::kLiteral || part.quoted) {
    return std::nullopt;
  }
  return part.text;
}

// NAME=value: the word must start with an unquoted NAME followed by '='.
std::optional<std::pair<std::string, Word>> SplitAssignment(Word& word) {
  if (word.parts.empty()) return std::nullopt;
  const WordPart& first = word.parts[0];
  if (first.kind != WordPart::Kind::kLiteral || first.quoted) {
    return std::nullopt;
  }
  size_t eq = first.text.find('=');
  if (eq == std::string::npos || !IsValidName(first.text.substr(0, eq))) {
    return std::nullopt;
  }
  std::string name = first.text.substr(0, eq);
  Word value;
  AppendLiteral(value, std::string_view(first.text).substr(eq + 1), false);
  for (size_t i = 1; i < word.parts.size(); ++i) {
    value.parts.push_back(std::move(word.parts[i]));
  }
  return std::make_pair(std::move(name), std::move(value));
}

// The delimiter of <<WORD as its lines must spell it, and whether any of
// WORD was quoted (which turns expansion in the document off).
std::pair<std::string, bool> HereDocDelimiter(const Word& word) {
  std::string text;
  bool quoted = false;
  for (const WordPart& part : word.parts) {
    quoted = quoted || part.quoted;
    switch (part.kind) {
      case WordPart::Kind::kLiteral:
        text += part.text;
        break;
      case WordPart::Kind::kParam:
        text += "$" + part.text;
        break;
      case WordPart::Kind::kCommand:
        text += "$(...)";
        break;
      case WordPart::Kind::kArith:
        text += "$((" + part.text + "))";
        break;
    }
  }
  return {std::move(text), quoted};
}

class Parser {
 public:
  explicit Parser(Lexer& lexer) : lexer_(lexer) {}

  // The whole script: commands separated by newlines, ";" and "&". On an
  // error `list` keeps the items of the lines completed before it.
  absl::Status ParseProgram(List& list) {
    size_t complete = 0;  // items of the lines that ended in a newline
    absl::Status status = ParseProgramItems(list, complete);
    if (!status.ok()) list.items.resize(complete);
    return status;
  }

  // The list inside a compound command. Like ash, only case bodies and
  // substitutions may be empty; elsewhere the first token must start a
  // command, so "if true; then fi" fails on "fi" (but "if" alone fails on
  // the missing "then").
  absl::StatusOr<List> ParseCompoundList(bool allow_empty) {
    List list;
    RETURN_IF_ERROR(SkipNewlines());
    {
      // At the end of the file the caller's "(expecting ...)" is the more
      // useful message, and the one ash gives.
      ASSIGN_OR_RETURN(const Token* next, Peek());
      if (allow_empty ? IsListEnd(*next) : next->kind == TokenKind::kEof) {
        return list;
      }
    }
    for (;;) {
      ListItem item;
      ASSIGN_OR_RETURN(item.and_or, ParseAndOr());
      ASSIGN_OR_RETURN(const Token* next, Peek());
      TokenKind kind = next->kind;
      bool separated = kind == TokenKind::kSemi || kind == TokenKind::kAmp ||
                       kind == TokenKind::kNewline;
      item.background = kind == TokenKind::kAmp;
      list.items.push_back(std::move(item));
      if (!separated) return list;
      peeked_.reset();
      RETURN_IF_ERROR(SkipNewlines());
      ASSIGN_OR_RETURN(next, Peek());
      if (IsListEnd(*next)) return list;
    }
  }

  absl::StatusOr<Token> Take() {
    if (peeked_.has_value()) {
      Token token = std::move(*peeked_);
      peeked_.reset();
      return token;
    }
    return lexer_.Next();
  }

  absl::Status Unexpected(const Token& token, std::string_view expecting = {},
                          bool keywords = true) {
    std::string message =
        absl::StrCat("unexpected ", DescribeToken(token, keywords));
    if (!expecting.empty()) {
      message += " (expecting " + std::string(expecting) + ")";
    }
    return lexer_.SyntaxError(message);
  }

 private:
  absl::Status ParseProgramItems(List& list, size_t& complete) {
    for (;;) {
      ASSIGN_OR_RETURN(const Token* next, Peek());
      if (next->kind == TokenKind::kNewline) {
        complete = list.items.size();  // "a &" then a newline
        RETURN_IF_ERROR(SkipNewlines());
        ASSIGN_OR_RETURN(next, Peek());
      }
      if (next->kind == TokenKind::kEof) return absl::OkStatus();
      ListItem item;
      ASSIGN_OR_RETURN(item.and_or, ParseAndOr());
      ASSIGN_OR_RETURN(Token separator, Take());
      switch (separator.kind) {
        case TokenKind::kAmp:
          item.background = true;
          break;
        case TokenKind::kSemi:
        case TokenKind::kNewline:
        case TokenKind::kEof:
          break;
        default:
          return Unexpected(separator);
      }
      list.items.push_back(std::move(item));
      if (separator.kind == TokenKind::kNewline) complete = list.items.size();
      if (separator.kind == TokenKind::kEof) return absl::OkStatus();
    }
  }

  absl::StatusOr<const Token*> Peek() {
    if (!peeked_.has_value()) {
      ASSIGN_OR_RETURN(Token token, lexer_.Next());
      peeked_ = std::move(token);
    }
    return &*peeked_;
  }

  absl::Status SkipNewlines() {
    for (;;) {
      ASSIGN_OR_RETURN(const Token* next, Peek());
      if (next->kind != TokenKind::kNewline) return absl::OkStatus();
      peeked_.reset();
    }
  }

  absl::Status ExpectKeyword(std::string_view keyword) {
    ASSIGN_OR_RETURN(Token token, Take());
    if (KeywordOf(token) != keyword) {
      return Unexpected(token, "\"" + std::string(keyword) + "\"");
    }
    return absl::OkStatus();
  }

  // `keywords`: whether ash would have recognised reserved words here.
  absl::Status ExpectRParen(bool keywords = true) {
    ASSIGN_OR_RETURN(Token token, Take());
    if (token.kind != TokenKind::kRParen) {
      return Unexpected(token, "\")\"", keywords);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<AndOr> ParseAndOr() {
    AndOr and_or;
    ASSIGN_OR_RETURN(Pipeline first, ParsePipeline());
    and_or.pipelines.push_back(std::move(first));
    for (;;) {
      ASSIGN_OR_RETURN(const Token* next, Peek());
      AndOr::Op op;
      if (next->kind == TokenKind::kAndIf) {
        op = AndOr::Op::kAnd;
      } else if (next->kind == TokenKind::kOrIf) {
        op = AndOr::Op::kOr;
      } else {
        return and_or;
      }
      peeked_.reset();
      RETURN_IF_ERROR(SkipNewlines());
      ASSIGN_OR_RETURN(Pipeline pipeline, ParsePipeline());
      and_or.ops.push_back(op);
      and_or.pipelines.push_back(std::move(pipeline));
    }
  }

  absl::StatusOr<Pipeline> ParsePipeline() {
    Pipeline pipeline;
    ASSIGN_OR_RETURN(const Token* next, Peek());
    if (KeywordOf(*next) == "!") {
      peeked_.reset();
      pipeline.negate = true;
    }
    for (;;) {
      ASSIGN_OR_RETURN(std::unique_ptr<Command> command, ParseCommand());
      pipeline.commands.push_back(std::move(command));
      ASSIGN_OR_RETURN(next, Peek());
      if (next->kind != TokenKind::kPipe) return pipeline;
      peeked_.reset();
      RETURN_IF_ERROR(SkipNewlines());
    }
  }

  absl::StatusOr<std::unique_ptr<Command>> ParseCommand() {
    ASSIGN_OR_RETURN(const Token* next, Peek());
    std::string_view keyword = KeywordOf(*next);
    bool compound = keyword == "if" || keyword == "while" ||
                    keyword == "until" || keyword == "for" ||
                    keyword == "case" || keyword == "{" ||
                    keyword == "function" || next->kind == TokenKind::kLParen;
    if (!compound) {
      if (keyword.empty() && (next->kind == TokenKind::kWord ||
                              next->kind == TokenKind::kRedirect)) {
        return ParseSimpleCommand();
      }
      return Unexpected(*next);
    }

    NestingGuard guard(lexer_.context());
    if (guard.TooDeep()) return lexer_.SyntaxError("nesting too deep");
    auto command = std::make_unique<Command>();
    command->line = next->line;
    if (keyword == "function") {
      peeked_.reset();
      ASSIGN_OR_RETURN(Token name, Take());
      if (name.kind != TokenKind::kWord) return Unexpected(name, "word");
      ASSIGN_OR_RETURN(next, Peek());
      if (next->kind == TokenKind::kLParen) {
        peeked_.reset();
        RETURN_IF_ERROR(ExpectRParen());
      }
      RETURN_IF_ERROR(ParseFunctionBody(name.word, *command));
      return command;
    }
    if (keyword == "if") {
      RETURN_IF_ERROR(ParseIf(*command));
    } else if (keyword == "while" || keyword == "until") {
      RETURN_IF_ERROR(ParseLoop(*command));
    } else if (keyword == "for") {
      RETURN_IF_ERROR(ParseFor(*command));
    } else if (keyword == "case") {
      RETURN_IF_ERROR(ParseCase(*command));
    } else if (keyword == "{") {
      peeked_.reset();
      command->kind = Command::Kind::kGroup;
      ASSIGN_OR_RETURN(List body, ParseCompoundList(false));
      command->group = std::make_unique<List>(std::move(body));
      RETURN_IF_ERROR(ExpectKeyword("}"));
    } else {
      peeked_.reset();
      command->kind = Command::Kind::kSubshell;
      ASSIGN_OR_RETURN(List body, ParseCompoundList(false));
      command->group = std::make_unique<List>(std::move(body));
      RETURN_IF_ERROR(ExpectRParen());
    }
    // Redirections after a compound command apply to all of it.
    for (;;) {
      ASSIGN_OR_RETURN(next, Peek());
      if (next->kind != TokenKind::kRedirect) return command;
      ASSIGN_OR_RETURN(Token redirect, Take());
      RETURN_IF_ERROR(ParseRedirect(redirect, command->redirects));
    }
  }

  // Words, assignments and redirections in any order; NAME=value counts as
  // an assignment only before the first ordinary word.
  absl::StatusOr<std::unique_ptr<Command>> ParseSimpleCommand() {
    auto command = std::make_unique<Command>();
    command->kind = Command::Kind::kSimple;
    ASSIGN_OR_RETURN(const Token* next, Peek());
    command->line = next->line;
    SimpleCommand& simple = command->simple;
    for (;;) {
      ASSIGN_OR_RETURN(next, Peek());
      if (next->kind == TokenKind::kRedirect) {
        ASSIGN_OR_RETURN(Token redirect, Take());
        RETURN_IF_ERROR(ParseRedirect(redirect, command->redirects));
        continue;
      }
      if (next->kind != TokenKind::kWord) return command;
      ASSIGN_OR_RETURN(Token token, Take());
      if (simple.words.empty()) {
        auto assignment = SplitAssignment(token.word);
        if (assignment.has_value()) {
          simple.assignments.push_back(std::move(*assignment));
          continue;
        }
      }
      simple.words.push_back(std::move(token.word));
      if (simple.words.size() == 1 && simple.assignments.empty() &&
          command->redirects.empty()) {
        ASSIGN_OR_RETURN(next, Peek());
        if (next->kind == TokenKind::kLParen) {
          NestingGuard guard(lexer_.context());
          if (guard.TooDeep()) return lexer_.SyntaxError("nesting too deep");
          peeked_.reset();
          RETURN_IF_ERROR(ExpectRParen(/*keywords=*/false));
          Word name = std::move(simple.words[0]);
          simple.words.clear();
          RETURN_IF_ERROR(ParseFunctionBody(name, *command));
          return command;
        }
      }
    }
  }

  // After "name()" or "function name": the body is any command.
  absl::Status ParseFunctionBody(const Word& name_word, Command& command) {
    std::optional<std::string> name = PlainText(name_word);
    if (!name.has_value() || !IsValidName(*name) || IsSpecialBuiltin(*name)) {
      return lexer_.SyntaxError("bad function name");
    }
    RETURN_IF_ERROR(SkipNewlines());
    ASSIGN_OR_RETURN(std::unique_ptr<Command> body, ParseCommand());
    command.kind = Command::Kind::kFunction;
    command.function = std::make_unique<FunctionDef>();
    command.function->name = std::move(*name);
    command.function->body = std::shared_ptr<Command>(std::move(body));
    return absl::OkStatus();
  }

  absl::Status ParseRedirect(const Token& op,
                             std::vector<Redirect>& redirects) {
    ASSIGN_OR_RETURN(Token target, Take());
    if (target.kind != TokenKind::kWord) return Unexpected(target);
    if (op.redirect_both) {
      // "&>file" is ">file 2>&1".
      Redirect out;
      out.fd = 1;
      out.op = Redirect::Op::kOut;
      out.target = std::move(target.word);
      redirects.push_back(std::move(out));
      Redirect err;
      err.fd = 2;
      err.op = Redirect::Op::kDupOut;
      AppendLiteral(err.target, "1", false);
      redirects.push_back(std::move(err));
      return absl::OkStatus();
    }
    Redirect redirect;
    redirect.fd = op.redirect_fd;
    redirect.op = op.redirect_op;
    redirect.target = std::move(target.word);
    if (op.here_doc) {
      redirect.here_doc = std::make_shared<Word>();
      auto [delimiter, quoted] = HereDocDelimiter(redirect.target);
      lexer_.AddHereDoc(std::move(delimiter), quoted, op.strip_tabs,
                        redirect.here_doc);
    }
    redirects.push_back(std::move(redirect));
    return absl::OkStatus();
  }

  absl::Status ParseIf(Command& command) {
    peeked_.reset();  // "if"
    command.kind = Command::Kind::kIf;
    command.if_clause = std::make_unique<IfClause>();
    IfClause& clause = *command.if_clause;
    for (;;) {
      ASSIGN_OR_RETURN(List condition, ParseCompoundList(false));
      RETURN_IF_ERROR(ExpectKeyword("then"));
      ASSIGN_OR_RETURN(List body, ParseCompoundList(false));
      clause.conditions.push_back(std::move(condition));
      clause.bodies.push_back(std::move(body));
      ASSIGN_OR_RETURN(Token token, Take());
      std::string_view keyword = KeywordOf(token);
      if (keyword == "elif") continue;
      if (keyword == "else") {
        ASSIGN_OR_RETURN(List else_body, ParseCompoundList(false));
        clause.else_body = std::make_unique<List>(std::move(else_body));
        return ExpectKeyword("fi");
      }
      if (keyword == "fi") return absl::OkStatus();
      return Unexpected(token, "\"fi\"");
    }
  }

  absl::Status ParseLoop(Command& command) {
    ASSIGN_OR_RETURN(Token keyword, Take());
    command.kind = Command::Kind::kLoop;
    command.loop = std::make_unique<LoopClause>();
    command.loop->until = KeywordOf(keyword) == "until";
    ASSIGN_OR_RETURN(command.loop->condition, ParseCompoundList(false));
    RETURN_IF_ERROR(ExpectKeyword("do"));
    ASSIGN_OR_RETURN(command.loop->body, ParseCompoundList(false));
    return ExpectKeyword("done");
  }

  absl::Status ParseFor(Command& command) {
    peeked_.reset();  // "for"
    command.kind = Command::Kind::kFor;
    command.for_clause = std::make_unique<ForClause>();
    ForClause& clause = *command.for_clause;
    ASSIGN_OR_RETURN(Token var, Take());
    std::optional<std::string> name = PlainText(var.word);
    if (var.kind != TokenKind::kWord || !name.has_value() ||
        !IsValidName(*name)) {
      return lexer_.SyntaxError("bad for loop variable");
    }
    clause.var = std::move(*name);
    RETURN_IF_ERROR(SkipNewlines());
    ASSIGN_OR_RETURN(const Token* next, Peek());
    if (KeywordOf(*next) == "in") {
      peeked_.reset();
      clause.has_in = true;
      // Reserved words lose their meaning here: "for x in do" loops once.
      for (;;) {
        ASSIGN_OR_RETURN(next, Peek());
        if (next->kind != TokenKind::kWord) break;
        ASSIGN_OR_RETURN(Token word, Take());
        clause.words.push_back(std::move(word.word));
      }
      ASSIGN_OR_RETURN(Token separator, Take());
      if (separator.kind != TokenKind::kSemi &&
          separator.kind != TokenKind::kNewline) {
        return Unexpected(separator);
      }
    } else if (next->kind == TokenKind::kSemi) {
      peeked_.reset();
    }
    RETURN_IF_ERROR(SkipNewlines());
    RETURN_IF_ERROR(ExpectKeyword("do"));
    ASSIGN_OR_RETURN(clause.body, ParseCompoundList(false));
    return ExpectKeyword("done");
  }

  absl::Status ParseCase(Command& command) {
    peeked_.reset();  // "case"
    command.kind = Command::Kind::kCase;
    command.case_clause = std::make_unique<CaseClause>();
    CaseClause& clause = *command.case_clause;
    ASSIGN_OR_RETURN(Token subject, Take());
    if (subject.kind != TokenKind::kWord) return Unexpected(subject, "word");
    clause.subject = std::move(subject.word);
    RETURN_IF_ERROR(SkipNewlines());
    RETURN_IF_ERROR(ExpectKeyword("in"));
    RETURN_IF_ERROR(SkipNewlines());
    for (;;) {
      ASSIGN_OR_RETURN(const Token* next, Peek());
      if (KeywordOf(*next) == "esac") {
        peeked_.reset();
        return absl::OkStatus();
      }
      if (next->kind == TokenKind::kLParen) peeked_.reset();
      CaseClause::Item item;
      for (;;) {
        ASSIGN_OR_RETURN(Token pattern, Take());
        if (pattern.kind != TokenKind::kWord) {
          // ash takes any token as a pattern and complains about the one
          // after it; mirror that so the messages agree.
          ASSIGN_OR_RETURN(Token after, Take());
          if (after.kind == TokenKind::kRParen) return Unexpected(pattern);
          return Unexpected(after, "\")\"", /*keywords=*/false);
        }
        item.patterns.push_back(std::move(pattern.word));
        ASSIGN_OR_RETURN(next, Peek());
        if (next->kind != TokenKind::kPipe) break;
        peeked_.reset();
      }
      RETURN_IF_ERROR(ExpectRParen(/*keywords=*/false));
      ASSIGN_OR_RETURN(item.body, ParseCompoundList(true));
      clause.items.push_back(std::move(item));
      ASSIGN_OR_RETURN(Token end, Take());
      if (KeywordOf(end) == "esac") return absl::OkStatus();
      if (end.kind != TokenKind::kDSemi) return Unexpected(end, "\";;\"");
      RETURN_IF_ERROR(SkipNewlines());
    }
  }

  Lexer& lexer_;
  // One token of lookahead. A nested parser for $(...) starts with none, so
  // the outer parser never holds a token that lies past the substitution.
  std::optional<Token> peeked_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<List>> ParseCommandSubstitution(Lexer& lexer) {
  Parser parser(lexer);
  ASSIGN_OR_RETURN(List list, parser.ParseCompoundList(true));
  ASSIGN_OR_RETURN(Token close, parser.Take());
  if (close.kind != TokenKind::kRParen) {
    return parser.Unexpected(close, "\")\"");
  }
  return std::make_shared<List>(std::move(list));
}

absl::StatusOr<std::shared_ptr<List>> ParseBackquoted(std::string_view text,
                                                      int line,
                                                      ParseContext* context) {
  Lexer lexer(text, line, context);
  Parser parser(lexer);
  // ash stops at the first token that ends a list and silently drops the
  // rest: `echo a; fi` prints "a".
  ASSIGN_OR_RETURN(List list, parser.ParseCompoundList(true));
  return std::make_shared<List>(std::move(list));
}

}  // namespace internal

ScriptPrefix ParseScriptPrefix(std::string_view source) {
  internal::ParseContext context;
  internal::Lexer lexer(source, 1, &context);
  ScriptPrefix result;
  result.status = internal::Parser(lexer).ParseProgram(result.list);
  if (result.status.ok()) return result;
  // ash names the line only when running a script file; a one-line script
  // reads like "sh -c", so only multi-line sources get the prefix.
  std::string_view body = source;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  if (body.find('\n') != std::string_view::npos) {
    result.status = absl::Status(result.status.code(),
                                 absl::StrCat("line ", context.error_line, ": ",
                                              result.status.message()));
  }
  return result;
}

absl::StatusOr<List> ParseScript(std::string_view source) {
  ScriptPrefix prefix = ParseScriptPrefix(source);
  if (!prefix.status.ok()) return prefix.status;
  return std::move(prefix.list);
}

}  // namespace fakecri::userland::sh
