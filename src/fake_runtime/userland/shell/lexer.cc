// File: lexer.cc
// Token level of the lexer: blanks, comments, operators, redirections and
// io numbers; words are handed to word_lexer.cc.
#include "fake_runtime/userland/shell/lexer.h"

#include <array>
#include <climits>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fakecri::userland::sh::internal {
namespace {

constexpr std::array<std::string_view, 17> kKeywords = {
    "!",        "case", "do", "done", "elif",  "else",  "esac", "fi", "for",
    "function", "if",   "in", "then", "until", "while", "{",    "}",
};

}  // namespace

bool IsNameStart(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsNameChar(int c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

bool IsValidName(std::string_view name) {
  if (name.empty() || !IsNameStart(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  for (char c : name) {
    if (!IsNameChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string_view KeywordOf(const Token& token) {
  if (token.kind != TokenKind::kWord || token.word.parts.size() != 1) {
    return {};
  }
  const WordPart& part = token.word.parts[0];
  if (part.kind != WordPart::Kind::kLiteral || part.quoted) return {};
  for (std::string_view keyword : kKeywords) {
    if (part.text == keyword) return keyword;
  }
  return {};
}

std::string DescribeToken(const Token& token, bool keywords) {
  switch (token.kind) {
    case TokenKind::kEof:
      return "end of file";
    case TokenKind::kNewline:
      return "newline";
    case TokenKind::kRedirect:
      return "redirection";
    case TokenKind::kWord: {
      std::string_view keyword = keywords ? KeywordOf(token) : "";
      if (keyword.empty()) return "word";
      return "\"" + std::string(keyword) + "\"";
    }
    case TokenKind::kSemi:
      return "\";\"";
    case TokenKind::kAmp:
      return "\"&\"";
    case TokenKind::kAndIf:
      return "\"&&\"";
    case TokenKind::kOrIf:
      return "\"||\"";
    case TokenKind::kPipe:
      return "\"|\"";
    case TokenKind::kLParen:
      return "\"(\"";
    case TokenKind::kRParen:
      return "\")\"";
    case TokenKind::kDSemi:
      return "\";;\"";
  }
  return "word";
}

void AppendLiteral(Word& word, std::string_view text, bool quoted) {
  if (!word.parts.empty()) {
    WordPart& last = word.parts.back();
    if (last.kind == WordPart::Kind::kLiteral && last.quoted == quoted) {
      last.text.append(text);
      return;
    }
  }
  // Unquoted empty text contributes nothing; quoted empty text must survive
  // as a part so that the word expands to one empty field.
  if (text.empty() && !quoted) return;
  WordPart part;
  part.kind = WordPart::Kind::kLiteral;
  part.text = std::string(text);
  part.quoted = quoted;
  word.parts.push_back(std::move(part));
}

Lexer::Lexer(std::string_view source, int first_line, ParseContext* context)
    : src_(source), line_(first_line), context_(context) {}

absl::Status Lexer::SyntaxError(std::string_view what) {
  context_->error_line = line_;
  return absl::InvalidArgumentError("syntax error: " + std::string(what));
}

int Lexer::RawPeek(size_t ahead) const {
  if (pos_ + ahead >= src_.size()) return kEnd;
  return static_cast<unsigned char>(src_[pos_ + ahead]);
}

void Lexer::Advance() {
  if (pos_ >= src_.size()) return;
  if (src_[pos_] == '\n') ++line_;
  ++pos_;
}

int Lexer::Peek() {
  while (RawPeek() == '\\' && RawPeek(1) == '\n') {
    Advance();
    Advance();
  }
  return RawPeek();
}

void Lexer::SkipBlanksAndComment() {
  for (;;) {
    int c = Peek();
    if (c == ' ' || c == '\t') {
      Advance();
    } else if (c == '#') {
      // The newline ending a comment is still a token.
      while (RawPeek() != kEnd && RawPeek() != '\n') Advance();
    } else {
      return;
    }
  }
}

absl::StatusOr<Token> Lexer::Next() {
  // Bodies are read only once the newline has been handed out, so an
  // error about that newline names its own line, as in ash.
  if (here_docs_due_) {
    here_docs_due_ = false;
    absl::Status status = ReadHereDocs();
    if (!status.ok()) return status;
  }
  SkipBlanksAndComment();
  Token token;
  token.line = line_;
  int c = Peek();
  switch (c) {
    case kEnd:
      token.kind = TokenKind::kEof;
      return token;
    case '\n':
      Advance();
      token.kind = TokenKind::kNewline;
      here_docs_due_ = !here_docs_.empty();
      return token;
    case '&':
      Advance();
      if (Peek() == '&') {
        Advance();
        token.kind = TokenKind::kAndIf;
      } else if (Peek() == '>') {
        Advance();
        token.kind = TokenKind::kRedirect;
        token.redirect_op = Redirect::Op::kOut;
        token.redirect_fd = 1;
        token.redirect_both = true;
      } else {
        token.kind = TokenKind::kAmp;
      }
      return token;
    case '|':
      Advance();
      if (Peek() == '|') {
        Advance();
        token.kind = TokenKind::kOrIf;
      } else {
        token.kind = TokenKind::kPipe;
      }
      return token;
    case ';':
      Advance();
      if (Peek() == ';') {
        Advance();
        token.kind = TokenKind::kDSemi;
      } else {
        token.kind = TokenKind::kSemi;
      }
      return token;
    case '(':
      Advance();
      token.kind = TokenKind::kLParen;
      return token;
    case ')':
      Advance();
      token.kind = TokenKind::kRParen;
      return token;
    case '<':
      return LexRedirect(std::move(token), 0);
    case '>':
      return LexRedirect(std::move(token), 1);
    default:
      break;
  }
  if (c >= '0' && c <= '9') {
    // "2>file": digits directly followed by a redirection operator name
    // the fd; anywhere else they are an ordinary word.
    size_t n = 0;
    while (RawPeek(n) >= '0' && RawPeek(n) <= '9') ++n;
    int after = RawPeek(n);
    if (after == '<' || after == '>') {
      int fd = 0;
      for (size_t i = 0; i < n; ++i) {
        int digit = RawPeek() - '0';
        fd = fd > (INT_MAX - digit) / 10 ? INT_MAX : fd * 10 + digit;
        Advance();
      }
      return LexRedirect(std::move(token), fd);
    }
  }
  token.kind = TokenKind::kWord;
  absl::Status status = LexWord(token.word);
  if (!status.ok()) return status;
  return token;
}

absl::StatusOr<Token> Lexer::LexRedirect(Token token, int fd) {
  token.kind = TokenKind::kRedirect;
  int c = Peek();
  Advance();
  int next = Peek();
  if (c == '>') {
    token.redirect_op = Redirect::Op::kOut;
    if (next == '>') {
      Advance();
      token.redirect_op = Redirect::Op::kAppend;
    } else if (next == '&') {
      Advance();
      token.redirect_op = Redirect::Op::kDupOut;
    } else if (next == '|') {
      Advance();  // noclobber override; the simulation has no noclobber
    }
  } else {
    token.redirect_op = Redirect::Op::kIn;
    if (next == '<') {
      Advance();
      token.here_doc = true;
      if (Peek() == '-') {
        Advance();
        token.strip_tabs = true;
      }
    } else if (next == '>') {
      return SyntaxError("<> redirection is not supported");
    } else if (next == '&') {
      Advance();
      token.redirect_op = Redirect::Op::kDupIn;
    }
  }
  token.redirect_fd = fd;
  return token;
}

}  // namespace fakecri::userland::sh::internal
