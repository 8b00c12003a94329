// File: here_doc.cc
// Here-documents. The redirection only announces one; its text starts after
// the next newline token, so the lexer reads the bodies of all pending
// documents just after that newline (line by line up to the delimiter),
// then lexes an unquoted body for $, ` and \ expansions.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/userland/shell/lexer.h"

namespace fakecri::userland::sh::internal {

void Lexer::AddHereDoc(std::string delimiter, bool quoted, bool strip_tabs,
                       std::shared_ptr<Word> body) {
  here_docs_.push_back(
      {std::move(delimiter), quoted, strip_tabs, std::move(body)});
}

absl::Status Lexer::ReadHereDocs() {
  std::vector<PendingHereDoc> docs = std::move(here_docs_);
  here_docs_.clear();
  for (PendingHereDoc& doc : docs) {
    int first_line = line_;
    std::string text;
    // As in ash, a missing delimiter just ends the document at the end of
    // the script.
    while (RawPeek() != kEnd) {
      size_t end = src_.find('\n', pos_);
      bool has_newline = end != std::string_view::npos;
      if (!has_newline) end = src_.size();
      std::string_view content = src_.substr(pos_, end - pos_);
      while (pos_ < end) Advance();
      if (has_newline) Advance();
      if (doc.strip_tabs) {
        size_t tabs = content.find_first_not_of('\t');
        content.remove_prefix(tabs == std::string_view::npos ? content.size()
                                                             : tabs);
      }
      if (content == doc.delimiter) break;
      text.append(content);
      if (has_newline) text.push_back('\n');
    }
    if (doc.quoted) {
      AppendLiteral(*doc.body, text, true);
      continue;
    }
    Lexer body_lexer(text, first_line, context_);
    RETURN_IF_ERROR(body_lexer.LexHereDocText(*doc.body));
  }
  return absl::OkStatus();
}

// Like the inside of double quotes, except that '"' is an ordinary
// character and so is the backslash before it.
absl::Status Lexer::LexHereDocText(Word& word) {
  for (;;) {
    int c = RawPeek();
    if (c == kEnd) return absl::OkStatus();
    if (c == '\\') {
      int escaped = RawPeek(1);
      Advance();
      if (escaped == '\n') {
        Advance();
      } else if (escaped == '$' || escaped == '`' || escaped == '\\') {
        Advance();
        AppendLiteral(word, std::string(1, static_cast<char>(escaped)), true);
      } else {
        AppendLiteral(word, "\\", true);
      }
    } else if (c == '$') {
      RETURN_IF_ERROR(LexDollar(word, true));
    } else if (c == '`') {
      RETURN_IF_ERROR(LexBackquote(word, true));
    } else {
      Advance();
      AppendLiteral(word, std::string(1, static_cast<char>(c)), true);
    }
  }
}

}  // namespace fakecri::userland::sh::internal
