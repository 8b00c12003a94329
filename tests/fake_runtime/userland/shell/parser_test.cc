// File: parser_test.cc
// Tests for ParseScript: every construct of the supported sh subset, shown
// through a compact dump of the tree, plus ash's exact error messages and
// line numbers (checked against busybox 1.35 ash).
#include "fake_runtime/userland/shell/parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fake_runtime/userland/shell/ast.h"
#include "testing/status_matchers.h"

namespace fakecri::userland::sh {
namespace {

using ::fakecri::testing::StatusIs;

std::string DumpList(const List& list);
std::string DumpCommand(const Command& command);

// Quoted literals print in single quotes; expansions print as ${...},
// $(...) and $((...)), with "q:" marking the quoted ones.
std::string DumpWord(const Word& word) {
  std::string out;
  for (const WordPart& part : word.parts) {
    std::string q = part.quoted ? "q:" : "";
    switch (part.kind) {
      case WordPart::Kind::kLiteral:
        absl::StrAppend(&out, part.quoted ? "'" : "", part.text,
                        part.quoted ? "'" : "");
        break;
      case WordPart::Kind::kParam:
        absl::StrAppend(&out, "${", q, part.text, part.op);
        if (part.arg != nullptr) {
          absl::StrAppend(&out, "[", DumpWord(*part.arg), "]");
        }
        if (part.arg2 != nullptr) {
          absl::StrAppend(&out, "[", DumpWord(*part.arg2), "]");
        }
        absl::StrAppend(&out, "}");
        break;
      case WordPart::Kind::kCommand:
        absl::StrAppend(&out, "$(", q, DumpList(*part.command), ")");
        break;
      case WordPart::Kind::kArith:
        absl::StrAppend(&out, "$((", q, part.text, "))");
        break;
    }
  }
  return out;
}

std::string DumpRedirect(const Redirect& r) {
  const char* op = "";
  switch (r.op) {
    case Redirect::Op::kOut:
      op = ">";
      break;
    case Redirect::Op::kAppend:
      op = ">>";
      break;
    case Redirect::Op::kIn:
      op = "<";
      break;
    case Redirect::Op::kDupOut:
      op = ">&";
      break;
    case Redirect::Op::kDupIn:
      op = "<&";
      break;
  }
  return absl::StrCat(r.fd, op, DumpWord(r.target));
}

std::string DumpCommand(const Command& c) {
  std::string out;
  switch (c.kind) {
    case Command::Kind::kSimple: {
      std::vector<std::string> parts;
      for (const auto& [name, value] : c.simple.assignments) {
        parts.push_back(absl::StrCat(name, "=", DumpWord(value)));
      }
      for (const Word& w : c.simple.words) parts.push_back(DumpWord(w));
      out = absl::StrJoin(parts, " ");
      break;
    }
    case Command::Kind::kIf: {
      const IfClause& clause = *c.if_clause;
      for (size_t i = 0; i < clause.conditions.size(); ++i) {
        absl::StrAppend(&out, i == 0 ? "if(" : "elif(",
                        DumpList(clause.conditions[i]), "){",
                        DumpList(clause.bodies[i]), "}");
      }
      if (clause.else_body != nullptr) {
        absl::StrAppend(&out, "else{", DumpList(*clause.else_body), "}");
      }
      break;
    }
    case Command::Kind::kLoop:
      out = absl::StrCat(c.loop->until ? "until(" : "while(",
                         DumpList(c.loop->condition), "){",
                         DumpList(c.loop->body), "}");
      break;
    case Command::Kind::kFor: {
      const ForClause& f = *c.for_clause;
      out = absl::StrCat("for ", f.var);
      if (f.has_in) {
        std::vector<std::string> words;
        for (const Word& w : f.words) words.push_back(DumpWord(w));
        absl::StrAppend(&out, " in(", absl::StrJoin(words, " "), ")");
      }
      absl::StrAppend(&out, "{", DumpList(f.body), "}");
      break;
    }
    case Command::Kind::kCase: {
      const CaseClause& k = *c.case_clause;
      out = absl::StrCat("case ", DumpWord(k.subject), " in");
      for (const CaseClause::Item& item : k.items) {
        std::vector<std::string> patterns;
        for (const Word& w : item.patterns) patterns.push_back(DumpWord(w));
        absl::StrAppend(&out, "(", absl::StrJoin(patterns, "|"), "){",
                        DumpList(item.body), "}");
      }
      break;
    }
    case Command::Kind::kGroup:
      out = absl::StrCat("{", DumpList(*c.group), "}");
      break;
    case Command::Kind::kSubshell:
      out = absl::StrCat("(", DumpList(*c.group), ")");
      break;
    case Command::Kind::kFunction:
      out = absl::StrCat("fn ", c.function->name, "=",
                         DumpCommand(*c.function->body));
      break;
  }
  for (const Redirect& r : c.redirects) {
    absl::StrAppend(&out, out.empty() ? "" : " ", DumpRedirect(r));
  }
  return out;
}

std::string DumpList(const List& list) {
  std::vector<std::string> items;
  for (const ListItem& item : list.items) {
    std::string s;
    const AndOr& ao = item.and_or;
    for (size_t i = 0; i < ao.pipelines.size(); ++i) {
      if (i > 0) {
        absl::StrAppend(&s, ao.ops[i - 1] == AndOr::Op::kAnd ? " && " : " || ");
      }
      const Pipeline& p = ao.pipelines[i];
      std::vector<std::string> commands;
      for (const auto& c : p.commands) commands.push_back(DumpCommand(*c));
      absl::StrAppend(&s, p.negate ? "! " : "", absl::StrJoin(commands, " | "));
    }
    if (item.background) absl::StrAppend(&s, " &");
    items.push_back(s);
  }
  return absl::StrJoin(items, "; ");
}

// The dump of a script that must parse, or the error text.
std::string Dump(std::string_view source) {
  absl::StatusOr<List> list = ParseScript(source);
  if (!list.ok()) return absl::StrCat("ERROR: ", list.status().message());
  return DumpList(*list);
}

std::string ErrorOf(std::string_view source) {
  absl::StatusOr<List> list = ParseScript(source);
  if (list.ok()) return "parsed: " + DumpList(*list);
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(list.status().message());
}

const SimpleCommand& FirstSimple(const List& list) {
  return list.items.at(0).and_or.pipelines.at(0).commands.at(0)->simple;
}

// --- Simple commands and words ---------------------------------------------

TEST(ShellParser, SimpleCommandSplitsWordsOnBlanks) {
  EXPECT_EQ(Dump("echo  hello\tworld"), "echo hello world");
  absl::StatusOr<List> list = ParseScript("echo a b");
  ASSERT_OK(list);
  EXPECT_EQ(FirstSimple(*list).words.size(), 3u);
}

TEST(ShellParser, EmptyScriptHasNoCommands) {
  absl::StatusOr<List> list = ParseScript("\n  \n# only a comment\n");
  ASSERT_OK(list);
  EXPECT_TRUE(list->items.empty());
}

TEST(ShellParser, AssignmentsOnlyBeforeTheCommandName) {
  EXPECT_EQ(Dump("A=1 B=two env C=3"), "A=1 B=two env C=3");
  absl::StatusOr<List> list = ParseScript("A=1 B=two env C=3");
  ASSERT_OK(list);
  const SimpleCommand& simple = FirstSimple(*list);
  ASSERT_EQ(simple.assignments.size(), 2u);
  EXPECT_EQ(simple.assignments[0].first, "A");
  EXPECT_EQ(simple.assignments[1].first, "B");
  EXPECT_EQ(DumpWord(simple.assignments[1].second), "two");
  ASSERT_EQ(simple.words.size(), 2u);
  EXPECT_EQ(DumpWord(simple.words[1]), "C=3");
}

TEST(ShellParser, AssignmentWithoutCommandAndEmptyValue) {
  absl::StatusOr<List> list = ParseScript("x= y=\"a b\"$z");
  ASSERT_OK(list);
  const SimpleCommand& simple = FirstSimple(*list);
  EXPECT_TRUE(simple.words.empty());
  ASSERT_EQ(simple.assignments.size(), 2u);
  EXPECT_TRUE(simple.assignments[0].second.parts.empty());
  EXPECT_EQ(DumpWord(simple.assignments[1].second), "'a b'${z}");
}

TEST(ShellParser, InvalidNameBeforeEqualsIsAWord) {
  absl::StatusOr<List> list = ParseScript("1x=2 =3 a-b=4");
  ASSERT_OK(list);
  EXPECT_TRUE(FirstSimple(*list).assignments.empty());
  EXPECT_EQ(FirstSimple(*list).words.size(), 3u);
  // A quoted name is not an assignment either.
  list = ParseScript("\"x\"=1");
  ASSERT_OK(list);
  EXPECT_TRUE(FirstSimple(*list).assignments.empty());
}

TEST(ShellParser, SingleQuotesKeepEverythingLiteral) {
  EXPECT_EQ(Dump("echo 'a $x `y` \\n \"'"), "echo 'a $x `y` \\n \"'");
}

TEST(ShellParser, DoubleQuotesExpandParametersAndKeepBlanks) {
  EXPECT_EQ(Dump("echo \"a  $x ${y}\""), "echo 'a  '${q:x}' '${q:y}");
}

TEST(ShellParser, BackslashInDoubleQuotesEscapesOnlySpecialCharacters) {
  absl::StatusOr<List> list = ParseScript(R"(echo "\$ \` \" \\ \a")");
  ASSERT_OK(list);
  const Word& word = FirstSimple(*list).words.at(1);
  ASSERT_EQ(word.parts.size(), 1u);
  EXPECT_EQ(word.parts[0].text, R"($ ` " \ \a)");
  EXPECT_TRUE(word.parts[0].quoted);
}

TEST(ShellParser, BackslashNewlineInsideDoubleQuotesIsRemoved) {
  EXPECT_EQ(Dump("echo \"ab\\\ncd\""), "echo 'abcd'");
}

TEST(ShellParser, BackslashOutsideQuotesMakesAQuotedCharacter) {
  // The escaped '*' must not glob, so it is a quoted part of its own.
  EXPECT_EQ(Dump("echo a\\*b \\$x \\\\"), "echo a'*'b '$'x '\\'");
}

TEST(ShellParser, LineContinuationJoinsWordsAndCommands) {
  EXPECT_EQ(Dump("ec\\\nho a\\\nb \\\n c"), "echo ab c");
}

TEST(ShellParser, AdjacentQuotedAndUnquotedTextStaysOneWord) {
  absl::StatusOr<List> list = ParseScript("echo a\"b c\"'d'e");
  ASSERT_OK(list);
  ASSERT_EQ(FirstSimple(*list).words.size(), 2u);
  const Word& word = FirstSimple(*list).words[1];
  ASSERT_EQ(word.parts.size(), 3u);
  EXPECT_EQ(word.parts[0].text, "a");
  EXPECT_FALSE(word.parts[0].quoted);
  EXPECT_EQ(word.parts[1].text, "b cd");
  EXPECT_TRUE(word.parts[1].quoted);
  EXPECT_EQ(word.parts[2].text, "e");
  EXPECT_FALSE(word.parts[2].quoted);
}

TEST(ShellParser, EmptyQuotedStringsAreWords) {
  for (std::string_view source : {"echo \"\"", "echo ''"}) {
    absl::StatusOr<List> list = ParseScript(source);
    ASSERT_OK(list);
    const SimpleCommand& simple = FirstSimple(*list);
    ASSERT_EQ(simple.words.size(), 2u) << source;
    ASSERT_EQ(simple.words[1].parts.size(), 1u) << source;
    EXPECT_EQ(simple.words[1].parts[0].kind, WordPart::Kind::kLiteral);
    EXPECT_EQ(simple.words[1].parts[0].text, "");
    EXPECT_TRUE(simple.words[1].parts[0].quoted);
  }
  EXPECT_EQ(Dump("echo \"\" '' x\"\""), "echo '' '' x''");
}

TEST(ShellParser, DollarSingleQuotesDecodeCEscapes) {
  absl::StatusOr<List> list = ParseScript(R"(echo $'a\tb\x41\101\n\'')");
  ASSERT_OK(list);
  const Word& word = FirstSimple(*list).words.at(1);
  ASSERT_EQ(word.parts.size(), 1u);
  EXPECT_EQ(word.parts[0].text, "a\tbAA\n'");
  EXPECT_TRUE(word.parts[0].quoted);
  // Inside double quotes $' is just a dollar and a quote.
  EXPECT_EQ(Dump("echo \"$'a'\""), "echo '$'a''");
}

TEST(ShellParser, CommentsStartOnlyAtTheBeginningOfAWord) {
  EXPECT_EQ(Dump("echo a#b \\# c # the rest\necho d"),
            "echo a#b '#' c; echo d");
  EXPECT_EQ(Dump("echo a;# comment after an operator"), "echo a");
}

// --- Parameters --------------------------------------------------------------

TEST(ShellParser, SpecialAndPositionalParameters) {
  EXPECT_EQ(Dump("echo $? $# $$ $! $0 $9 $@ $* $-"),
            "echo ${?} ${#} ${$} ${!} ${0} ${9} ${@} ${*} ${-}");
  // Only one digit without braces: $10 is $1 followed by "0".
  EXPECT_EQ(Dump("echo $10 ${10}"), "echo ${1}0 ${10}");
  EXPECT_EQ(Dump("echo \"$@\""), "echo ${q:@}");
}

TEST(ShellParser, NamesStopAtTheFirstNonNameCharacter) {
  EXPECT_EQ(Dump("echo $a_b1-c $x.y"), "echo ${a_b1}-c ${x}.y");
}

TEST(ShellParser, LoneDollarIsLiteral) {
  EXPECT_EQ(Dump("echo $ a$ \"$\" $/"), "echo $ a$ '$' $/");
}

TEST(ShellParser, BracedParameterOperators) {
  EXPECT_EQ(Dump("echo ${x:-d} ${x-d} ${x:=d} ${x=d} ${x:+d} ${x+d}"),
            "echo ${x:-[d]} ${x-[d]} ${x:=[d]} ${x=[d]} ${x:+[d]} ${x+[d]}");
  EXPECT_EQ(Dump("echo ${x:?msg} ${x?}"), "echo ${x:?[msg]} ${x?[]}");
}

TEST(ShellParser, ParameterLength) {
  EXPECT_EQ(Dump("echo ${#x} ${#} ${##} ${#@} ${#1}"),
            "echo ${x#} ${#} ${##} ${@#} ${1#}");
  absl::StatusOr<List> list = ParseScript("echo ${#name}");
  ASSERT_OK(list);
  const WordPart& part = FirstSimple(*list).words.at(1).parts.at(0);
  EXPECT_EQ(part.kind, WordPart::Kind::kParam);
  EXPECT_EQ(part.text, "name");
  EXPECT_EQ(part.op, "#");
  EXPECT_EQ(part.arg, nullptr);
}

TEST(ShellParser, PatternRemovalOperators) {
  EXPECT_EQ(Dump("echo ${1#-} ${x##*/} ${x%.*} ${x%%/*}"),
            "echo ${1trim#[-]} ${xtrim##[*/]} ${xtrim%[.*]} ${xtrim%%[/*]}");
}

TEST(ShellParser, ParameterWordMayHoldBlanksQuotesAndExpansions) {
  EXPECT_EQ(Dump("echo ${x:-a b} ${x:-'c d'} ${x:-$y} ${x:-${y:-z}}"),
            "echo ${x:-[a b]} ${x:-['c d']} ${x:-[${y}]} ${x:-[${y:-[z]}]}");
}

TEST(ShellParser, ParameterWordInsideDoubleQuotesIsQuoted) {
  // As in ash, single quotes are literal there but double quotes nest.
  EXPECT_EQ(Dump("echo \"${x:-'a' \"b c\"}\""), "echo ${q:x:-[''a' b c']}");
}

TEST(ShellParser, BusyboxSubstringAndReplacement) {
  EXPECT_EQ(Dump("echo ${x:1} ${x:1:2} ${x: -2} ${x:a+1:2*b}"),
            "echo ${x:[1]} ${x:[1][2]} ${x:[ -2]} ${x:[a+1][2*b]}");
  EXPECT_EQ(Dump("echo ${x/b/B} ${x//b/B} ${x/b} ${x/\\//_} ${x/#a/A}"),
            "echo ${x/[b][B]} ${x//[b][B]} ${x/[b]} ${x/['/'][_]} "
            "${x/[#a][A]}");
  EXPECT_EQ(Dump("echo \"${x/b/ }\" \"${x/\\//-}\""),
            "echo ${q:x/['b'][' ']} ${q:x/['/']['-']}");
}

// ash accepts a malformed ${...} when parsing and fails only if it is
// expanded, so the parser marks it instead of failing the whole script.
TEST(ShellParser, MalformedSubstitutionIsMarkedBad) {
  EXPECT_EQ(Dump("echo ${} ${x!} ${1x} ${x;} ${#x:-a} ${!x} ${ x y }"),
            "echo ${bad[]} ${xbad[!]} ${1bad[x]} ${xbad[;]} ${xbad[:-a]} "
            "${!bad[x]} ${bad[ x y ]}");
  EXPECT_EQ(Dump("if false; then echo ${x!}; fi; echo after"),
            "if(false){echo ${xbad[!]}}; echo after");
}

TEST(ShellParser, UnclosedBraceIsMissingBrace) {
  EXPECT_EQ(ErrorOf("echo ${"), "syntax error: missing '}'");
  EXPECT_EQ(ErrorOf("echo ${x"), "syntax error: missing '}'");
  EXPECT_EQ(ErrorOf("echo ${x:-abc"), "syntax error: missing '}'");
  EXPECT_EQ(ErrorOf("echo \"${x:-abc\""),
            "syntax error: unterminated quoted string");
}

// --- Substitutions -----------------------------------------------------------

TEST(ShellParser, DollarParenCommandSubstitutionIsParsed) {
  EXPECT_EQ(Dump("echo $(date +%s) \"x$(id -u)\""),
            "echo $(date +%s) 'x'$(q:id -u)");
  absl::StatusOr<List> list = ParseScript("echo $(a | b; c)");
  ASSERT_OK(list);
  const WordPart& part = FirstSimple(*list).words.at(1).parts.at(0);
  ASSERT_EQ(part.kind, WordPart::Kind::kCommand);
  ASSERT_NE(part.command, nullptr);
  EXPECT_EQ(part.command->items.size(), 2u);
}

TEST(ShellParser, CommandSubstitutionNestsQuotesCaseAndParens) {
  EXPECT_EQ(Dump("echo $(echo \")\")"), "echo $(echo ')')");
  EXPECT_EQ(Dump("echo $(case x in x) echo ok;; esac)"),
            "echo $(case x in(x){echo ok})");
  EXPECT_EQ(Dump("echo $(echo $(echo a))"), "echo $(echo $(echo a))");
  EXPECT_EQ(Dump("echo $( )"), "echo $()");
}

TEST(ShellParser, CommandSubstitutionMaySpanLines) {
  EXPECT_EQ(Dump("x=$(\n  echo a\n  echo b\n)\necho $x"),
            "x=$(echo a; echo b); echo ${x}");
}

TEST(ShellParser, BackquoteSubstitution) {
  EXPECT_EQ(Dump("echo `uname -r` \"v`echo 1`\""),
            "echo $(uname -r) 'v'$(q:echo 1)");
  // Backslash-escaped backquotes nest; \$ and \\ are unescaped first.
  EXPECT_EQ(Dump("echo `echo \\`echo hi\\``"), "echo $(echo $(echo hi))");
  EXPECT_EQ(Dump("echo `echo \\$HOME`"), "echo $(echo ${HOME})");
  EXPECT_EQ(Dump("echo \"`echo \\\"q\\\"`\""), "echo $(q:echo 'q')");
}

TEST(ShellParser, ArithmeticIsKeptAsText) {
  EXPECT_EQ(Dump("echo $((1 + (2 * $x))) \"$((y+1))\""),
            "echo $((1 + (2 * $x))) $((q:y+1))");
}

TEST(ShellParser, DollarParenParenIsAlwaysArithmeticAsInAsh) {
  EXPECT_EQ(ErrorOf("echo $((echo a); (echo b))"),
            "syntax error: missing '))'");
  EXPECT_EQ(ErrorOf("echo $((a)+(b))"), "syntax error: missing '))'");
  EXPECT_EQ(Dump("echo $(( (a)+(b) )) $((1)+2))"),
            "echo $(( (a)+(b) )) $((1)+2))");
  EXPECT_EQ(Dump("echo $( (echo a) )"), "echo $((echo a))");
}

TEST(ShellParser, SubstitutionErrors) {
  EXPECT_EQ(ErrorOf("echo $((1+"), "syntax error: missing '))'");
  EXPECT_EQ(ErrorOf("echo $(( (1 ))"), "syntax error: missing '))'");
  EXPECT_EQ(ErrorOf("echo $(echo"),
            "syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(ErrorOf("echo `echo"),
            "syntax error: EOF in backquote substitution");
  EXPECT_EQ(ErrorOf("echo $(fi)"),
            "syntax error: unexpected \"fi\" (expecting \")\")");
}

// --- Redirections ------------------------------------------------------------

TEST(ShellParser, RedirectionsWithDefaultAndExplicitFds) {
  EXPECT_EQ(Dump("cmd >out 2>>log <in 3<data"), "cmd 1>out 2>>log 0<in 3<data");
}

TEST(ShellParser, DuplicatingAndClosingRedirections) {
  EXPECT_EQ(Dump("cmd 2>&1 >&2 <&3 4<&0 >&- 0<&-"),
            "cmd 2>&1 1>&2 0<&3 4<&0 1>&- 0<&-");
}

TEST(ShellParser, RedirectionFieldsAreSet) {
  absl::StatusOr<List> list = ParseScript("cmd 2>&1");
  ASSERT_OK(list);
  const Command& command = *list->items[0].and_or.pipelines[0].commands[0];
  ASSERT_EQ(command.redirects.size(), 1u);
  EXPECT_EQ(command.redirects[0].fd, 2);
  EXPECT_EQ(command.redirects[0].op, Redirect::Op::kDupOut);
  EXPECT_EQ(DumpWord(command.redirects[0].target), "1");
  EXPECT_EQ(command.simple.words.size(), 1u);
}

TEST(ShellParser, DigitsNameAnFdOnlyWhenTouchingTheOperator) {
  EXPECT_EQ(Dump("echo 2 >f a2>g 10>h"), "echo 2 a2 1>f 1>g 10>h");
}

TEST(ShellParser, RedirectionsMayComeAnywhereInASimpleCommand) {
  EXPECT_EQ(Dump(">out echo a 2>/dev/null b"), "echo a b 1>out 2>/dev/null");
  EXPECT_EQ(Dump(">empty"), "1>empty");
  EXPECT_EQ(Dump("x=1 >f"), "x=1 1>f");
}

TEST(ShellParser, AmpersandGreaterRedirectsBothStreams) {
  EXPECT_EQ(Dump("cmd &>all"), "cmd 1>all 2>&1");
  EXPECT_EQ(Dump("cmd >|f"), "cmd 1>f");
}

TEST(ShellParser, RedirectionTargetIsAFullWord) {
  EXPECT_EQ(Dump("echo >\"$dir/a b\" >fi"), "echo 1>${q:dir}'/a b' 1>fi");
}

TEST(ShellParser, RedirectionWithoutTargetIsAnError) {
  EXPECT_EQ(ErrorOf("echo >"), "syntax error: unexpected end of file");
  EXPECT_EQ(ErrorOf("echo > >x"), "syntax error: unexpected redirection");
  EXPECT_EQ(ErrorOf("echo >;"), "syntax error: unexpected \";\"");
  EXPECT_EQ(ErrorOf("echo 2>&"), "syntax error: unexpected end of file");
}

const Redirect& FirstRedirect(const List& list) {
  return list.items.at(0).and_or.pipelines.at(0).commands.at(0)->redirects.at(
      0);
}

TEST(ShellParser, HereDocumentBodyIsExpandedLikeDoubleQuotes) {
  absl::StatusOr<List> list = ParseScript(
      "cat <<EOF >out\na $x \\$y \\\\ \\\" \"q\" 's' `b` $(c) $((1+1))\\\nd\n"
      "EOF\necho after");
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 2u);
  const Redirect& redirect = FirstRedirect(*list);
  EXPECT_EQ(redirect.op, Redirect::Op::kIn);
  EXPECT_EQ(redirect.fd, 0);
  EXPECT_EQ(DumpWord(redirect.target), "EOF");
  ASSERT_NE(redirect.here_doc, nullptr);
  EXPECT_EQ(DumpWord(*redirect.here_doc),
            "'a '${q:x}' $y \\ \\\" \"q\" 's' '$(q:b)' '$(q:c)' '$((q:1+1))"
            "'d\n'");
  EXPECT_EQ(list->items[1].and_or.pipelines[0].commands[0]->line, 5);
}

TEST(ShellParser, QuotedHereDocumentDelimiterKeepsTheBodyLiteral) {
  for (std::string_view source :
       {"cat <<'EOF'\na $x \\$x\nEOF", "cat <<\"E\"OF\na $x \\$x\nEOF",
        "cat <<\\EOF\na $x \\$x\nEOF"}) {
    absl::StatusOr<List> list = ParseScript(source);
    ASSERT_OK(list);
    const Redirect& redirect = FirstRedirect(*list);
    ASSERT_NE(redirect.here_doc, nullptr) << source;
    ASSERT_EQ(redirect.here_doc->parts.size(), 1u) << source;
    EXPECT_EQ(redirect.here_doc->parts[0].text, "a $x \\$x\n") << source;
    EXPECT_TRUE(redirect.here_doc->parts[0].quoted) << source;
  }
}

TEST(ShellParser, HereDocumentDashStripsLeadingTabs) {
  absl::StatusOr<List> list = ParseScript("cat <<-EOF\n\t\ta\n\t b\n\tEOF\nz");
  ASSERT_OK(list);
  EXPECT_EQ(DumpWord(*FirstRedirect(*list).here_doc), "'a\n b\n'");
  EXPECT_EQ(list->items.size(), 2u);
}

TEST(ShellParser, SeveralHereDocumentsAndTheRestOfTheLine) {
  absl::StatusOr<List> list =
      ParseScript("cat <<A 3<<B | tr a b; echo same\na\nA\nb\nB\necho next");
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 3u);
  const Command& cat = *list->items[0].and_or.pipelines[0].commands[0];
  ASSERT_EQ(cat.redirects.size(), 2u);
  EXPECT_EQ(DumpWord(*cat.redirects[0].here_doc), "'a\n'");
  EXPECT_EQ(cat.redirects[1].fd, 3);
  EXPECT_EQ(DumpWord(*cat.redirects[1].here_doc), "'b\n'");
  EXPECT_EQ(Dump("cat <<A 3<<B | tr a b; echo same\na\nA\nb\nB\necho next"),
            "cat 0<A 3<B | tr a b; echo same; echo next");
}

TEST(ShellParser, HereDocumentInsideFunctionAndSubstitution) {
  EXPECT_EQ(Dump("f() {\ncat <<EOF\nin f\nEOF\n}\nf"), "fn f={cat 0<EOF}; f");
  absl::StatusOr<List> list = ParseScript("x=$(cat <<EOF\nhi\nEOF\n)\necho");
  ASSERT_OK(list);
  EXPECT_EQ(list->items.size(), 2u);
}

TEST(ShellParser, HereDocumentWithoutDelimiterEndsAtEndOfFile) {
  absl::StatusOr<List> list = ParseScript("cat <<EOF\nno end");
  ASSERT_OK(list);
  EXPECT_EQ(DumpWord(*FirstRedirect(*list).here_doc), "'no end'");
  list = ParseScript("cat <<EOF");
  ASSERT_OK(list);
  EXPECT_TRUE(FirstRedirect(*list).here_doc->parts.empty());
}

TEST(ShellParser, HereDocumentErrors) {
  EXPECT_EQ(ErrorOf("cat <<"), "syntax error: unexpected end of file");
  // The bad newline is reported before the body is read.
  EXPECT_EQ(ErrorOf("cat <<E >\nbody\nE\n"),
            "line 2: syntax error: unexpected newline");
  EXPECT_EQ(ErrorOf("cat <<< word"), "syntax error: unexpected redirection");
}

// --- Pipelines and lists -----------------------------------------------------

TEST(ShellParser, Pipeline) {
  absl::StatusOr<List> list = ParseScript("a | b|c");
  ASSERT_OK(list);
  const Pipeline& p = list->items[0].and_or.pipelines[0];
  EXPECT_EQ(p.commands.size(), 3u);
  EXPECT_FALSE(p.negate);
}

TEST(ShellParser, PipelineWithNegation) {
  absl::StatusOr<List> list = ParseScript("! grep -q x f | wc");
  ASSERT_OK(list);
  const Pipeline& p = list->items[0].and_or.pipelines[0];
  EXPECT_TRUE(p.negate);
  EXPECT_EQ(p.commands.size(), 2u);
  EXPECT_EQ(Dump("! a && ! b"), "! a && ! b");
  // Not in command position "!" is an ordinary word.
  EXPECT_EQ(Dump("echo ! a"), "echo ! a");
}

TEST(ShellParser, NegationCannotRepeatOrFollowAPipe) {
  EXPECT_EQ(ErrorOf("! ! true"), "syntax error: unexpected \"!\"");
  EXPECT_EQ(ErrorOf("true | ! false"), "syntax error: unexpected \"!\"");
}

TEST(ShellParser, NewlinesMayFollowPipesAndAndOr) {
  EXPECT_EQ(Dump("a |\n\n b &&\n c ||\n d"), "a | b && c || d");
}

TEST(ShellParser, AndOrChain) {
  absl::StatusOr<List> list = ParseScript("a && b || c");
  ASSERT_OK(list);
  const AndOr& ao = list->items[0].and_or;
  ASSERT_EQ(ao.pipelines.size(), 3u);
  ASSERT_EQ(ao.ops.size(), 2u);
  EXPECT_EQ(ao.ops[0], AndOr::Op::kAnd);
  EXPECT_EQ(ao.ops[1], AndOr::Op::kOr);
}

TEST(ShellParser, ListSeparatorsAndBackground) {
  absl::StatusOr<List> list = ParseScript("a; b & c\nd &\n");
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 4u);
  EXPECT_FALSE(list->items[0].background);
  EXPECT_TRUE(list->items[1].background);
  EXPECT_FALSE(list->items[2].background);
  EXPECT_TRUE(list->items[3].background);
  EXPECT_EQ(Dump("sleep 1&wait"), "sleep 1 &; wait");
}

TEST(ShellParser, StraySeparatorsAreErrors) {
  EXPECT_EQ(ErrorOf(";"), "syntax error: unexpected \";\"");
  EXPECT_EQ(ErrorOf("echo a; ;"), "syntax error: unexpected \";\"");
  EXPECT_EQ(ErrorOf("echo a &; echo b"), "syntax error: unexpected \";\"");
  EXPECT_EQ(ErrorOf("| echo"), "syntax error: unexpected \"|\"");
  EXPECT_EQ(ErrorOf("&& echo"), "syntax error: unexpected \"&&\"");
  EXPECT_EQ(ErrorOf("echo ;;"), "syntax error: unexpected \";;\"");
  EXPECT_EQ(ErrorOf("echo a |"), "syntax error: unexpected end of file");
  EXPECT_EQ(ErrorOf("echo a&&"), "syntax error: unexpected end of file");
  EXPECT_EQ(ErrorOf("echo )"), "syntax error: unexpected \")\"");
  EXPECT_EQ(ErrorOf("echo a (b)"), "syntax error: unexpected \"(\"");
}

// --- Compound commands -------------------------------------------------------

TEST(ShellParser, IfElifElse) {
  EXPECT_EQ(Dump("if a; then b; elif c\nthen d; else e; fi"),
            "if(a){b}elif(c){d}else{e}");
  EXPECT_EQ(Dump("if a\nthen\n  b\n  c\nfi"), "if(a){b; c}");
  absl::StatusOr<List> list = ParseScript("if a; then b; fi");
  ASSERT_OK(list);
  const Command& command = *list->items[0].and_or.pipelines[0].commands[0];
  EXPECT_EQ(command.kind, Command::Kind::kIf);
  EXPECT_EQ(command.if_clause->else_body, nullptr);
}

TEST(ShellParser, WhileAndUntilLoops) {
  EXPECT_EQ(Dump("while a; b; do c; done"), "while(a; b){c}");
  EXPECT_EQ(Dump("until a\ndo\nb\ndone"), "until(a){b}");
}

TEST(ShellParser, ForLoopForms) {
  EXPECT_EQ(Dump("for x in a \"b c\" $d; do echo $x; done"),
            "for x in(a 'b c' ${d}){echo ${x}}");
  EXPECT_EQ(Dump("for x; do echo; done"), "for x{echo}");
  EXPECT_EQ(Dump("for x do echo; done"), "for x{echo}");
  EXPECT_EQ(Dump("for x\ndo echo; done"), "for x{echo}");
  EXPECT_EQ(Dump("for x in; do echo; done"), "for x in(){echo}");
  EXPECT_EQ(Dump("for x\nin a\ndo echo; done"), "for x in(a){echo}");
  absl::StatusOr<List> list = ParseScript("for x; do :; done");
  ASSERT_OK(list);
  EXPECT_FALSE(
      list->items[0].and_or.pipelines[0].commands[0]->for_clause->has_in);
}

TEST(ShellParser, ReservedWordsAreOrdinaryInAForList) {
  EXPECT_EQ(Dump("for w in do if fi; do echo; done"),
            "for w in(do if fi){echo}");
}

TEST(ShellParser, ForLoopErrors) {
  EXPECT_EQ(ErrorOf("for 1 in a; do echo; done"),
            "syntax error: bad for loop variable");
  EXPECT_EQ(ErrorOf("for x in a b; echo"),
            "syntax error: unexpected word (expecting \"do\")");
  EXPECT_EQ(ErrorOf("for x in a b c do; done"),
            "syntax error: unexpected \"done\" (expecting \"do\")");
  EXPECT_EQ(ErrorOf("for x in a >f; do :; done"),
            "syntax error: unexpected redirection");
}

TEST(ShellParser, CaseItems) {
  EXPECT_EQ(Dump("case $1 in a|b) echo ab;; (c) echo c;; *) echo d; esac"),
            "case ${1} in(a|b){echo ab}(c){echo c}(*){echo d}");
  EXPECT_EQ(Dump("case x\nin\nx)\n  echo ok\n  ;;\nesac"),
            "case x in(x){echo ok}");
  EXPECT_EQ(Dump("case x in x) ;; esac"), "case x in(x){}");
  EXPECT_EQ(Dump("case x in esac"), "case x in");
  EXPECT_EQ(Dump("case x in x) a;;\nesac; echo after"),
            "case x in(x){a}; echo after");
}

TEST(ShellParser, CasePatternsKeepQuoting) {
  EXPECT_EQ(Dump("case $f in *.tar.gz|\"*\"|\\?) x;; esac"),
            "case ${f} in(*.tar.gz|'*'|'?'){x}");
  // Reserved words are patterns here, except a leading esac.
  EXPECT_EQ(Dump("case x in fi|in) a;; (esac) b;; esac"),
            "case x in(fi|in){a}(esac){b}");
}

TEST(ShellParser, CaseErrors) {
  EXPECT_EQ(ErrorOf("case x in a) echo"),
            "syntax error: unexpected end of file (expecting \";;\")");
  EXPECT_EQ(ErrorOf("case x foo"),
            "syntax error: unexpected word (expecting \"in\")");
  EXPECT_EQ(ErrorOf("case x in x echo"),
            "syntax error: unexpected word (expecting \")\")");
  EXPECT_EQ(ErrorOf("case x in x) echo ok;; foo"),
            "syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(ErrorOf("case ; in esac"),
            "syntax error: unexpected \";\" (expecting word)");
  EXPECT_EQ(ErrorOf("case x in ) ;; esac"),
            "syntax error: unexpected \";;\" (expecting \")\")");
}

TEST(ShellParser, BraceGroupAndSubshell) {
  EXPECT_EQ(Dump("{ a; b; }"), "{a; b}");
  EXPECT_EQ(Dump("{\na\n}"), "{a}");
  EXPECT_EQ(Dump("(a; b)"), "(a; b)");
  EXPECT_EQ(Dump("(cd /tmp && ls) | wc"), "(cd /tmp && ls) | wc");
  // "}" closes a group only where a command could start.
  EXPECT_EQ(Dump("{ echo }; }"), "{echo }}");
}

TEST(ShellParser, RedirectionsAfterCompoundCommandsApplyToIt) {
  EXPECT_EQ(Dump("{ a; } >out 2>&1"), "{a} 1>out 2>&1");
  EXPECT_EQ(Dump("while read l; do :; done <in"), "while(read l){:} 0<in");
  EXPECT_EQ(Dump("if a; then b; fi 2>/dev/null"), "if(a){b} 2>/dev/null");
}

TEST(ShellParser, CompoundListsMayNotBeEmpty) {
  EXPECT_EQ(ErrorOf("if true; then fi"), "syntax error: unexpected \"fi\"");
  EXPECT_EQ(ErrorOf("if ; then echo; fi"), "syntax error: unexpected \";\"");
  EXPECT_EQ(ErrorOf("while do done"), "syntax error: unexpected \"do\"");
  EXPECT_EQ(ErrorOf("for x in a b; do done"),
            "syntax error: unexpected \"done\"");
  EXPECT_EQ(ErrorOf("( )"), "syntax error: unexpected \")\"");
  EXPECT_EQ(ErrorOf("{ }"), "syntax error: unexpected \"}\"");
  EXPECT_EQ(ErrorOf("if true; then echo a; else fi"),
            "syntax error: unexpected \"fi\"");
}

TEST(ShellParser, UnclosedCompoundCommandsNameTheMissingWord) {
  EXPECT_EQ(ErrorOf("if true; then echo"),
            "syntax error: unexpected end of file (expecting \"fi\")");
  EXPECT_EQ(ErrorOf("if true; echo"),
            "syntax error: unexpected end of file (expecting \"then\")");
  EXPECT_EQ(ErrorOf("while true; do echo"),
            "syntax error: unexpected end of file (expecting \"done\")");
  EXPECT_EQ(ErrorOf("until true; echo"),
            "syntax error: unexpected end of file (expecting \"do\")");
  EXPECT_EQ(ErrorOf("{ echo a }"),
            "syntax error: unexpected end of file (expecting \"}\")");
  EXPECT_EQ(ErrorOf("echo a; (echo b"),
            "syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(ErrorOf("if a; then b; done"),
            "syntax error: unexpected \"done\" (expecting \"fi\")");
}

TEST(ShellParser, EndOfFileRightAfterAKeywordNamesTheMissingWord) {
  EXPECT_EQ(ErrorOf("if"),
            "syntax error: unexpected end of file (expecting \"then\")");
  EXPECT_EQ(ErrorOf("if true; then"),
            "syntax error: unexpected end of file (expecting \"fi\")");
  EXPECT_EQ(ErrorOf("if true; then :; else"),
            "syntax error: unexpected end of file (expecting \"fi\")");
  EXPECT_EQ(ErrorOf("if true; then :; elif"),
            "syntax error: unexpected end of file (expecting \"then\")");
  EXPECT_EQ(ErrorOf("while true\ndo\n"),
            "line 3: syntax error: unexpected end of file (expecting "
            "\"done\")");
  EXPECT_EQ(ErrorOf("{"),
            "syntax error: unexpected end of file (expecting \"}\")");
  EXPECT_EQ(ErrorOf("("),
            "syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(ErrorOf("case x in x)"),
            "syntax error: unexpected end of file (expecting \";;\")");
  EXPECT_EQ(ErrorOf("echo $("),
            "syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(ErrorOf("!"), "syntax error: unexpected end of file");
}

TEST(ShellParser, ReservedWordsAreWordsWhereAshDoesNotLookForThem) {
  // After "f(" and after a case pattern ash reads plain words.
  EXPECT_EQ(ErrorOf("f( {"), "syntax error: unexpected word (expecting \")\")");
  EXPECT_EQ(ErrorOf("case x in a fi"),
            "syntax error: unexpected word (expecting \")\")");
}

TEST(ShellParser, UnexpectedWordAfterCompoundCommand) {
  EXPECT_EQ(ErrorOf("{ echo; } foo"), "syntax error: unexpected word");
  EXPECT_EQ(ErrorOf("{ echo; } fi"), "syntax error: unexpected \"fi\"");
}

// --- Functions
// -----------------------------------------------------------------

TEST(ShellParser, FunctionDefinitions) {
  EXPECT_EQ(Dump("greet() { echo hi $1; }"), "fn greet={echo hi ${1}}");
  EXPECT_EQ(Dump("f ( ) ( echo sub )"), "fn f=(echo sub)");
  EXPECT_EQ(Dump("f()\n{\n  a\n}\nf"), "fn f={a}; f");
  EXPECT_EQ(Dump("f() echo simple"), "fn f=echo simple");
  EXPECT_EQ(Dump("f() { a; } >log"), "fn f={a} 1>log");
  EXPECT_EQ(Dump("function g { a; }; function h() { b; }"),
            "fn g={a}; fn h={b}");
  absl::StatusOr<List> list = ParseScript("f() { a; }");
  ASSERT_OK(list);
  const Command& command = *list->items[0].and_or.pipelines[0].commands[0];
  ASSERT_EQ(command.kind, Command::Kind::kFunction);
  EXPECT_EQ(command.function->name, "f");
  EXPECT_EQ(command.function->body->kind, Command::Kind::kGroup);
}

TEST(ShellParser, FunctionNameErrors) {
  EXPECT_EQ(ErrorOf("export() { :; }"), "syntax error: bad function name");
  EXPECT_EQ(ErrorOf("f-g() { :; }"), "syntax error: bad function name");
  EXPECT_EQ(ErrorOf("f()"), "syntax error: unexpected end of file");
  EXPECT_EQ(ErrorOf("f( x"), "syntax error: unexpected word (expecting \")\")");
  // Ordinary builtins may be overridden.
  EXPECT_EQ(Dump("echo() { :; }"), "fn echo={:}");
}

// --- Reserved words
// ------------------------------------------------------------

TEST(ShellParser, ReservedWordsOnlyInCommandPosition) {
  EXPECT_EQ(Dump("echo if then fi do done { }"), "echo if then fi do done { }");
  // After an assignment "if" is a command name, as in ash.
  EXPECT_EQ(ErrorOf("x=1 if true; then echo y; fi"),
            "syntax error: unexpected \"then\"");
}

TEST(ShellParser, QuotedReservedWordIsACommand) {
  EXPECT_EQ(Dump("\"if\" a; 'fi'; \\then"), "'if' a; 'fi'; 't'hen");
}

TEST(ShellParser, ReservedWordOutOfPlaceIsUnexpected) {
  EXPECT_EQ(ErrorOf("fi"), "syntax error: unexpected \"fi\"");
  EXPECT_EQ(ErrorOf("then"), "syntax error: unexpected \"then\"");
  EXPECT_EQ(ErrorOf("echo x; then"), "syntax error: unexpected \"then\"");
  EXPECT_EQ(ErrorOf("in"), "syntax error: unexpected \"in\"");
  EXPECT_EQ(ErrorOf("if then fi"), "syntax error: unexpected \"then\"");
}

// --- Quoting errors
// --------------------------------------------------------------

TEST(ShellParser, UnterminatedQuoteIsSyntaxError) {
  EXPECT_EQ(ErrorOf("echo 'abc"), "syntax error: unterminated quoted string");
  EXPECT_EQ(ErrorOf("echo \"abc"), "syntax error: unterminated quoted string");
  EXPECT_EQ(ErrorOf("echo $'abc"), "syntax error: unterminated quoted string");
  EXPECT_EQ(ErrorOf("echo \"$(echo a)"),
            "syntax error: unterminated quoted string");
}

// --- Line numbers
// ------------------------------------------------------------------

TEST(ShellParser, CommandLineNumbers) {
  absl::StatusOr<List> list =
      ParseScript("a\n\n  b; c\nif x\nthen\n  d\nfi\n# c\ne \\\n f\ng");
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 6u);
  auto line = [&](size_t i) {
    return list->items[i].and_or.pipelines[0].commands[0]->line;
  };
  EXPECT_EQ(line(0), 1);
  EXPECT_EQ(line(1), 3);
  EXPECT_EQ(line(2), 3);
  EXPECT_EQ(line(3), 4);
  EXPECT_EQ(line(4), 9);
  EXPECT_EQ(line(5), 11);
  const IfClause& clause =
      *list->items[3].and_or.pipelines[0].commands[0]->if_clause;
  EXPECT_EQ(clause.bodies[0].items[0].and_or.pipelines[0].commands[0]->line, 6);
}

TEST(ShellParser, LinesInsideMultiLineQuotesAreCounted) {
  absl::StatusOr<List> list = ParseScript("echo 'a\nb'\necho \"c\nd\"\ne");
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[1].and_or.pipelines[0].commands[0]->line, 3);
  EXPECT_EQ(list->items[2].and_or.pipelines[0].commands[0]->line, 5);
}

TEST(ShellParser, OneLineScriptErrorsHaveNoLinePrefix) {
  EXPECT_EQ(ErrorOf("echo )"), "syntax error: unexpected \")\"");
  EXPECT_EQ(ErrorOf("echo )\n"), "syntax error: unexpected \")\"");
}

TEST(ShellParser, MultiLineScriptErrorsNameTheLineAsAshDoes) {
  EXPECT_EQ(ErrorOf("echo a\nfi"), "line 2: syntax error: unexpected \"fi\"");
  // ash has already read the last newline when it meets the end of file.
  EXPECT_EQ(ErrorOf("if true; then\necho x\n"),
            "line 3: syntax error: unexpected end of file (expecting \"fi\")");
  EXPECT_EQ(ErrorOf("if true\nthen\necho a\necho b )\nfi"),
            "line 4: syntax error: unexpected \")\" (expecting \"fi\")");
  EXPECT_EQ(ErrorOf("echo a\necho \"b\nc\nd"),
            "line 4: syntax error: unterminated quoted string");
  // The offending newline has been consumed, so the next line is named.
  EXPECT_EQ(ErrorOf("echo >\necho hi\n"),
            "line 2: syntax error: unexpected newline");
  EXPECT_EQ(ErrorOf("echo a\n`"),
            "line 2: syntax error: EOF in backquote substitution");
  EXPECT_EQ(ErrorOf("x=1\necho $(\nif\n)"),
            "line 4: syntax error: unexpected \")\"");
}

TEST(ShellParser, ErrorsInsideBackquotesUseScriptLines) {
  EXPECT_EQ(ErrorOf("a\nb\necho `\nif`"),
            "line 4: syntax error: unexpected end of file (expecting "
            "\"then\")");
}

TEST(ShellParser, BackquoteIgnoresTextAfterAListEndAsAshDoes) {
  EXPECT_EQ(Dump("echo \"[`echo a; fi`]\""), "echo '['$(q:echo a)']'");
  EXPECT_EQ(Dump("echo `echo a )`"), "echo $(echo a)");
}

// --- Prefix before an error -------------------------------------------------

TEST(ShellParser, PrefixHoldsTheLinesBeforeASyntaxError) {
  ScriptPrefix prefix = ParseScriptPrefix(
      "echo a; echo b\nif true\nthen echo c\nfi\necho d; fi\n");
  EXPECT_THAT(prefix.status, StatusIs(absl::StatusCode::kInvalidArgument,
                                      "line 5: syntax error: unexpected "
                                      "\"fi\""));
  EXPECT_EQ(DumpList(prefix.list), "echo a; echo b; if(true){echo c}");
}

TEST(ShellParser, PrefixIsEmptyWhenTheFirstLineFails) {
  ScriptPrefix prefix = ParseScriptPrefix("echo a; fi\necho b");
  EXPECT_FALSE(prefix.status.ok());
  EXPECT_TRUE(prefix.list.items.empty());
  prefix = ParseScriptPrefix("echo a &\necho b; (\n");
  EXPECT_EQ(prefix.status.message(),
            "line 3: syntax error: unexpected end of file (expecting \")\")");
  EXPECT_EQ(DumpList(prefix.list), "echo a &");
}

TEST(ShellParser, PrefixOfAValidScriptIsAllOfIt) {
  ScriptPrefix prefix = ParseScriptPrefix("a\nb; c");
  EXPECT_OK(prefix.status);
  EXPECT_EQ(DumpList(prefix.list), "a; b; c");
}

// --- Robustness
// -------------------------------------------------------------------

TEST(ShellParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_THAT(ParseScript(deep),
              StatusIs(absl::StatusCode::kInvalidArgument, "nesting"));
  std::string deep_subst;
  for (int i = 0; i < 5000; ++i) deep_subst += "$(";
  EXPECT_THAT(ParseScript("echo " + deep_subst),
              StatusIs(absl::StatusCode::kInvalidArgument, "nesting"));
  std::string deep_param;
  for (int i = 0; i < 5000; ++i) deep_param += "${x:-";
  EXPECT_THAT(ParseScript("echo " + deep_param),
              StatusIs(absl::StatusCode::kInvalidArgument, "nesting"));
}

TEST(ShellParser, ModerateNestingIsFine) {
  std::string script;
  for (int i = 0; i < 30; ++i) script += "if a; then ";
  script += "b";
  for (int i = 0; i < 30; ++i) script += "; fi";
  EXPECT_OK(ParseScript(script));
}

TEST(ShellParser, TypicalEntrypointScript) {
  constexpr std::string_view kScript = R"(#!/bin/sh
set -e
# first arg is `-f` or `--some-option`
if [ "${1#-}" != "$1" ]; then
	set -- nginx "$@"
fi
for f in /docker-entrypoint.d/*.sh; do
  case "$f" in
    *.sh) echo "$0: running $f" >&2; . "$f" ;;
    *) echo "ignoring $f" ;;
  esac
done
while ! nc -z db 5432 2>/dev/null; do sleep 1; done
exec "$@"
)";
  absl::StatusOr<List> list = ParseScript(kScript);
  ASSERT_OK(list);
  ASSERT_EQ(list->items.size(), 5u);
  EXPECT_EQ(list->items[1].and_or.pipelines[0].commands[0]->line, 4);
  EXPECT_EQ(list->items[4].and_or.pipelines[0].commands[0]->line, 14);
}

}  // namespace
}  // namespace fakecri::userland::sh
