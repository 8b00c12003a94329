// File: word_lexer.cc
// Word level of the lexer: quoting, backslash escapes and the $ / `
// expansions, turned into ast.h WordParts. Each part remembers whether it
// was quoted because the interpreter splits and globs only unquoted text.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/userland/shell/lexer.h"

namespace fakecri::userland::sh::internal {
namespace {

bool IsDigit(int c) { return c >= '0' && c <= '9'; }

int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Characters that end an unquoted word.
bool IsWordEnd(int c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case ';':
    case '&':
    case '|':
    case '<':
    case '>':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

// One-character parameters: $? $# $$ $! $@ $* $-.
bool IsSpecialParam(int c) {
  switch (c) {
    case '?':
    case '#':
    case '$':
    case '!':
    case '@':
    case '*':
    case '-':
      return true;
    default:
      return false;
  }
}

void AppendPart(Word& word, WordPart::Kind kind, std::string text,
                bool quoted) {
  WordPart part;
  part.kind = kind;
  part.text = std::move(text);
  part.quoted = quoted;
  word.parts.push_back(std::move(part));
}

}  // namespace

absl::Status Lexer::LexWord(Word& word) { return LexUnquoted(word, {}); }

// Inside ${...} blanks and operators are plain (still unquoted) text.
absl::Status Lexer::LexUnquoted(Word& word, std::string_view stops) {
  const bool in_braces = !stops.empty();
  for (;;) {
    int c = Peek();
    if (c == kEnd) {
      if (in_braces) return SyntaxError("missing '}'");
      return absl::OkStatus();
    }
    if (in_braces ? stops.find(static_cast<char>(c)) != std::string_view::npos
                  : IsWordEnd(c)) {
      return absl::OkStatus();
    }
    switch (c) {
      case '\\': {
        Advance();
        int escaped = RawPeek();
        if (escaped == kEnd) {
          AppendLiteral(word, "\\", true);
        } else {
          Advance();
          AppendLiteral(word, std::string(1, static_cast<char>(escaped)), true);
        }
        break;
      }
      case '\'':
        RETURN_IF_ERROR(LexSingleQuoted(word));
        break;
      case '"':
        Advance();
        RETURN_IF_ERROR(LexDoubleQuoted(word, "\""));
        break;
      case '$':
        RETURN_IF_ERROR(LexDollar(word, false));
        break;
      case '`':
        RETURN_IF_ERROR(LexBackquote(word, false));
        break;
      default:
        Advance();
        AppendLiteral(word, std::string(1, static_cast<char>(c)), false);
        break;
    }
  }
}

absl::Status Lexer::LexSingleQuoted(Word& word) {
  Advance();  // the opening quote
  size_t start = pos_;
  while (RawPeek() != '\'') {
    if (RawPeek() == kEnd) return SyntaxError("unterminated quoted string");
    Advance();
  }
  std::string_view text = src_.substr(start, pos_ - start);
  Advance();
  AppendLiteral(word, text, true);
  return absl::OkStatus();
}

absl::Status Lexer::LexDoubleQuoted(Word& word, std::string_view stops) {
  const bool in_braces = stops != "\"";
  bool appended = false;
  for (;;) {
    int c = Peek();
    if (c == kEnd) return SyntaxError("unterminated quoted string");
    if (stops.find(static_cast<char>(c)) != std::string_view::npos) {
      if (!in_braces) Advance();
      break;
    }
    appended = true;
    switch (c) {
      case '\\': {
        // Inside double quotes a backslash escapes only the characters
        // that would otherwise be special there; elsewhere it is kept.
        int escaped = RawPeek(1);
        bool special = escaped == '$' || escaped == '`' || escaped == '"' ||
                       escaped == '\\' ||
                       (in_braces && (escaped == '}' ||
                                      stops.find(static_cast<char>(escaped)) !=
                                          std::string_view::npos));
        Advance();
        if (special) {
          Advance();
          AppendLiteral(word, std::string(1, static_cast<char>(escaped)), true);
        } else {
          AppendLiteral(word, "\\", true);
        }
        break;
      }
      case '$':
        RETURN_IF_ERROR(LexDollar(word, true));
        break;
      case '`':
        RETURN_IF_ERROR(LexBackquote(word, true));
        break;
      case '"':
        // Only reachable inside braces: "${x:-"a b"}" nests quotes.
        Advance();
        RETURN_IF_ERROR(LexDoubleQuoted(word, "\""));
        break;
      default:
        Advance();
        AppendLiteral(word, std::string(1, static_cast<char>(c)), true);
        break;
    }
  }
  if (!appended && !in_braces) AppendLiteral(word, "", true);
  return absl::OkStatus();
}

absl::Status Lexer::LexDollar(Word& word, bool quoted) {
  Advance();  // the '$'
  int c = Peek();
  if (c == '(') return LexArithOrCommand(word, quoted);
  if (c == '{') return LexBracedParam(word, quoted);
  if (c == '\'' && !quoted) return LexDollarSingleQuoted(word);
  if (IsNameStart(c)) {
    std::string name;
    while (IsNameChar(Peek())) {
      name.push_back(static_cast<char>(Peek()));
      Advance();
    }
    AppendPart(word, WordPart::Kind::kParam, std::move(name), quoted);
    return absl::OkStatus();
  }
  if (IsDigit(c) || IsSpecialParam(c)) {
    // Positional parameters past $9 need braces: $10 is ${1}0.
    Advance();
    AppendPart(word, WordPart::Kind::kParam,
               std::string(1, static_cast<char>(c)), quoted);
    return absl::OkStatus();
  }
  AppendLiteral(word, "$", quoted);
  return absl::OkStatus();
}

// $'...' (a bash extension ash accepts): single quotes with C escapes.
absl::Status Lexer::LexDollarSingleQuoted(Word& word) {
  Advance();  // the opening quote
  std::string text;
  for (;;) {
    int c = RawPeek();
    if (c == kEnd) return SyntaxError("unterminated quoted string");
    Advance();
    if (c == '\'') break;
    if (c != '\\') {
      text.push_back(static_cast<char>(c));
      continue;
    }
    int e = RawPeek();
    if (e == kEnd) return SyntaxError("unterminated quoted string");
    Advance();
    switch (e) {
      case 'a':
        text.push_back('\a');
        break;
      case 'b':
        text.push_back('\b');
        break;
      case 'e':
      case 'E':
        text.push_back('\x1b');
        break;
      case 'f':
        text.push_back('\f');
        break;
      case 'n':
        text.push_back('\n');
        break;
      case 'r':
        text.push_back('\r');
        break;
      case 't':
        text.push_back('\t');
        break;
      case 'v':
        text.push_back('\v');
        break;
      case '\\':
      case '\'':
      case '"':
      case '?':
        text.push_back(static_cast<char>(e));
        break;
      case 'c': {
        int ctl = RawPeek();
        if (ctl == kEnd) return SyntaxError("unterminated quoted string");
        Advance();
        text.push_back(static_cast<char>(ctl & 0x1f));
        break;
      }
      case 'x': {
        int value = 0;
        int digits = 0;
        while (digits < 2 && HexValue(RawPeek()) >= 0) {
          value = value * 16 + HexValue(RawPeek());
          Advance();
          ++digits;
        }
        if (digits == 0) {
          text.append("\\x");
        } else {
          text.push_back(static_cast<char>(value));
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int i = 0; i < 2 && RawPeek() >= '0' && RawPeek() <= '7'; ++i) {
            value = value * 8 + (RawPeek() - '0');
            Advance();
          }
          text.push_back(static_cast<char>(value & 0xff));
        } else {
          text.push_back('\\');
          text.push_back(static_cast<char>(e));
        }
        break;
    }
  }
  AppendLiteral(word, text, true);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<Word>> Lexer::LexParamWord(
    bool quoted, std::string_view stops) {
  auto word = std::make_shared<Word>();
  if (quoted) {
    RETURN_IF_ERROR(LexDoubleQuoted(*word, stops));
  } else {
    RETURN_IF_ERROR(LexUnquoted(*word, stops));
  }
  return word;
}

absl::Status Lexer::LexBracedParam(Word& word, bool quoted) {
  NestingGuard guard(context_);
  if (guard.TooDeep()) return SyntaxError("nesting too deep");
  Advance();  // the '{'
  int c = Peek();
  if (c == kEnd) return SyntaxError("missing '}'");

  WordPart part;
  part.kind = WordPart::Kind::kParam;
  part.quoted = quoted;

  // "${#}" is the parameter #, "${#NAME}" the length of NAME.
  bool length = false;
  bool named = false;
  if (c == '#') {
    int next = RawPeek(1);
    Advance();
    if (next != '}' && (IsNameChar(next) || IsSpecialParam(next))) {
      length = true;
    } else {
      part.text = "#";
      named = true;
    }
  }
  if (!named) {
    c = Peek();
    if (IsNameStart(c)) {
      while (IsNameChar(Peek())) {
        part.text.push_back(static_cast<char>(Peek()));
        Advance();
      }
      named = true;
    } else if (IsDigit(c)) {
      while (IsDigit(Peek())) {
        part.text.push_back(static_cast<char>(Peek()));
        Advance();
      }
      named = true;
    } else if (IsSpecialParam(c)) {
      part.text.push_back(static_cast<char>(c));
      Advance();
      named = true;
    }
  }

  c = Peek();
  if (c == kEnd) return SyntaxError("missing '}'");
  if (named && length && c == '}') {
    part.op = "#";
  } else if (named && !length && c != '}') {
    if (c == ':') {
      Advance();
      int kind = Peek();
      if (kind == '-' || kind == '=' || kind == '+' || kind == '?') {
        part.op = std::string(":") + static_cast<char>(kind);
        Advance();
        ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, "}"));
      } else {
        part.op = ":";
        ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, ":}"));
        if (Peek() == ':') {
          Advance();
          ASSIGN_OR_RETURN(part.arg2, LexParamWord(quoted, "}"));
        }
      }
    } else if (c == '-' || c == '=' || c == '+' || c == '?') {
      part.op = std::string(1, static_cast<char>(c));
      Advance();
      ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, "}"));
    } else if (c == '%' || c == '#') {
      // "#" alone already means length, so pattern removal is spelt "trim"
      // plus the operator (see ast.h).
      part.op = std::string("trim") + static_cast<char>(c);
      Advance();
      if (Peek() == c) {
        part.op.push_back(static_cast<char>(c));
        Advance();
      }
      ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, "}"));
    } else if (c == '/') {
      part.op = "/";
      Advance();
      if (Peek() == '/') {
        part.op = "//";
        Advance();
      }
      ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, "/}"));
      if (Peek() == '/') {
        Advance();
        ASSIGN_OR_RETURN(part.arg2, LexParamWord(quoted, "}"));
      }
    } else {
      part.op = "bad";
    }
  } else if (c != '}' || !named) {
    part.op = "bad";
  }
  if (part.op == "bad") {
    // Like ash, read on to the closing brace; the error is the expander's.
    ASSIGN_OR_RETURN(part.arg, LexParamWord(quoted, "}"));
  }
  Advance();  // the '}': every path above stops only there or fails
  word.parts.push_back(std::move(part));
  return absl::OkStatus();
}

// "$((" always starts arithmetic, as in ash: a ")" that closes nothing is
// kept as text, so "$( (cd /; ls) )" needs the blank to be a command.
absl::Status Lexer::LexArithOrCommand(Word& word, bool quoted) {
  if (RawPeek(1) != '(') return LexCommandSubstitution(word, quoted);
  Advance();
  Advance();
  std::string text;
  int depth = 0;
  for (;;) {
    int c = RawPeek();
    if (c == kEnd) return SyntaxError("missing '))'");
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) {
        --depth;
      } else if (RawPeek(1) == ')') {
        Advance();
        Advance();
        AppendPart(word, WordPart::Kind::kArith, std::move(text), quoted);
        return absl::OkStatus();
      }
    }
    text.push_back(static_cast<char>(c));
    Advance();
  }
}

absl::Status Lexer::LexCommandSubstitution(Word& word, bool quoted) {
  NestingGuard guard(context_);
  if (guard.TooDeep()) return SyntaxError("nesting too deep");
  Advance();  // the '('
  ASSIGN_OR_RETURN(std::shared_ptr<List> list, ParseCommandSubstitution(*this));
  WordPart part;
  part.kind = WordPart::Kind::kCommand;
  part.quoted = quoted;
  part.command = std::move(list);
  word.parts.push_back(std::move(part));
  return absl::OkStatus();
}

// `...` is read as text first (undoing the backslashes that protected
// ` $ and \, and " too inside double quotes), then parsed on its own.
absl::Status Lexer::LexBackquote(Word& word, bool in_double_quotes) {
  NestingGuard guard(context_);
  if (guard.TooDeep()) return SyntaxError("nesting too deep");
  Advance();  // the opening backquote
  int start_line = line_;
  std::string text;
  for (;;) {
    int c = RawPeek();
    if (c == kEnd) return SyntaxError("EOF in backquote substitution");
    if (c == '`') {
      Advance();
      break;
    }
    if (c == '\\') {
      int escaped = RawPeek(1);
      if (escaped == '`' || escaped == '$' || escaped == '\\' ||
          (in_double_quotes && escaped == '"')) {
        Advance();
        Advance();
        text.push_back(static_cast<char>(escaped));
        continue;
      }
    }
    text.push_back(static_cast<char>(c));
    Advance();
  }
  ASSIGN_OR_RETURN(std::shared_ptr<List> list,
                   ParseBackquoted(text, start_line, context_));
  WordPart part;
  part.kind = WordPart::Kind::kCommand;
  part.quoted = in_double_quotes;
  part.command = std::move(list);
  word.parts.push_back(std::move(part));
  return absl::OkStatus();
}

}  // namespace fakecri::userland::sh::internal
