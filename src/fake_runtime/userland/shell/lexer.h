// File: lexer.h
// Internal to the shell parser: splits shell source into tokens (words,
// operators, redirections, newlines). Words come out already structured as
// ast.h Words; a $(...) inside a word re-enters the parser on the same
// cursor, which is why the lexer reads on demand instead of up front.
#ifndef FAKECRI_USERLAND_SHELL_LEXER_H_
#define FAKECRI_USERLAND_SHELL_LEXER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/userland/shell/ast.h"

namespace fakecri::userland::sh::internal {

// State shared by every lexer and parser working on one script, including
// the nested ones for $(...) and `...`.
struct ParseContext {
  int error_line = 0;  // where ash would report the first error
  int depth = 0;       // nesting of compound commands and substitutions
};

// Parsing recurses once per nesting level; the cap keeps a hostile script
// from exhausting the stack of whichever thread runs the container.
inline constexpr int kMaxNesting = 100;

class NestingGuard {
 public:
  explicit NestingGuard(ParseContext* context) : context_(context) {
    ++context_->depth;
  }
  ~NestingGuard() { --context_->depth; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  bool TooDeep() const { return context_->depth > kMaxNesting; }

 private:
  ParseContext* context_;
};

enum class TokenKind {
  kEof,
  kNewline,
  kRedirect,
  kWord,
  kSemi,    // ;
  kAmp,     // &
  kAndIf,   // &&
  kOrIf,    // ||
  kPipe,    // |
  kLParen,  // (
  kRParen,  // )
  kDSemi,   // ;;
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  int line = 1;  // line of the token's first character
  Word word;     // kWord
  // kRedirect: the operator and its fd (explicit or the default).
  Redirect::Op redirect_op = Redirect::Op::kOut;
  int redirect_fd = 1;
  bool redirect_both = false;  // "&>": stdout and stderr to one file
  bool here_doc = false;       // "<<"
  bool strip_tabs = false;     // "<<-"
};

// The reserved word a token spells, or "" when it spells none. Only an
// unquoted plain word can be one: "if" quoted is an ordinary argument.
std::string_view KeywordOf(const Token& token);

// How ash names a token in "unexpected ..." messages. Where ash reads the
// token without looking for reserved words, "fi" is just a "word".
std::string DescribeToken(const Token& token, bool keywords = true);

class Lexer {
 public:
  Lexer(std::string_view source, int first_line, ParseContext* context);

  absl::StatusOr<Token> Next();

  // A syntax error at the current position, with ash's "syntax error: "
  // prefix, recorded in the context for the line-number prefix.
  absl::Status SyntaxError(std::string_view what);

  int line() const { return line_; }
  ParseContext* context() const { return context_; }

  // A here-document whose body starts after the next newline token; the
  // lexer fills `body` when it gets there.
  void AddHereDoc(std::string delimiter, bool quoted, bool strip_tabs,
                  std::shared_ptr<Word> body);

 private:
  struct PendingHereDoc {
    std::string delimiter;
    bool quoted;
    bool strip_tabs;
    std::shared_ptr<Word> body;
  };

  static constexpr int kEnd = -1;

  // Raw access: no line continuation handling.
  int RawPeek(size_t ahead = 0) const;
  void Advance();
  // Like RawPeek(0) but first drops backslash-newline pairs, which are
  // line continuations everywhere except inside single quotes.
  int Peek();

  void SkipBlanksAndComment();
  // The operator at the cursor; `fd` is the explicit or default fd.
  absl::StatusOr<Token> LexRedirect(Token token, int fd);

  // Here-documents (here_doc.cc).
  absl::Status ReadHereDocs();
  absl::Status LexHereDocText(Word& word);

  // Word lexing (word_lexer.cc).
  absl::Status LexWord(Word& word);
  // With empty `stops` an ordinary word, ended by blanks and operators;
  // otherwise a word inside ${...}, ended only by a character of `stops`.
  absl::Status LexUnquoted(Word& word, std::string_view stops);
  absl::Status LexSingleQuoted(Word& word);
  // `stops` is "\"" for the body of "..." (the quote is consumed), or the
  // characters ending a word inside "${...}" (left for the caller).
  absl::Status LexDoubleQuoted(Word& word, std::string_view stops);
  // The word after a ${NAME op}; `quoted` when inside double quotes.
  absl::StatusOr<std::shared_ptr<Word>> LexParamWord(bool quoted,
                                                     std::string_view stops);
  absl::Status LexDollar(Word& word, bool quoted);
  absl::Status LexDollarSingleQuoted(Word& word);
  absl::Status LexBracedParam(Word& word, bool quoted);
  absl::Status LexArithOrCommand(Word& word, bool quoted);
  absl::Status LexCommandSubstitution(Word& word, bool quoted);
  absl::Status LexBackquote(Word& word, bool in_double_quotes);

  std::string_view src_;
  size_t pos_ = 0;
  int line_ = 1;
  ParseContext* context_;
  std::vector<PendingHereDoc> here_docs_;
  bool here_docs_due_ = false;  // a newline was lexed with documents pending
};

// Implemented by the parser; the lexer calls them for substitutions.
// Parses the list of a $(...) whose "$(" has been consumed, up to and
// including the closing ")".
absl::StatusOr<std::shared_ptr<List>> ParseCommandSubstitution(Lexer& lexer);
// Parses the already unescaped text of a `...` substitution that started on
// `line`.
absl::StatusOr<std::shared_ptr<List>> ParseBackquoted(std::string_view text,
                                                      int line,
                                                      ParseContext* context);

// Appends literal text, merging it into the previous part when that is a
// literal with the same quoting. An empty quoted text still leaves a quoted
// part behind so that "" stays a (empty) word.
void AppendLiteral(Word& word, std::string_view text, bool quoted);

bool IsNameStart(int c);
bool IsNameChar(int c);
bool IsValidName(std::string_view name);

}  // namespace fakecri::userland::sh::internal

#endif  // FAKECRI_USERLAND_SHELL_LEXER_H_
