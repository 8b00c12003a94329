// File: text.cc
// Programs that produce text: echo, printf, true, false, yes, seq.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/programs/programs.h"

namespace fakecri::userland::programs {
namespace {

// Backslash escapes of echo -e and printf. Sets *stop on \c.
std::string Unescape(std::string_view s, bool* stop) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        if (stop) *stop = true;
        return out;
      case '0': {
        int v = 0, n = 0;
        while (n < 3 && i + 1 < s.size() && s[i + 1] >= '0' &&
               s[i + 1] <= '7') {
          v = v * 8 + (s[++i] - '0');
          ++n;
        }
        out += static_cast<char>(v);
        break;
      }
      default:
        out += '\\';
        out += c;
    }
  }
  return out;
}

// printf's own conversions for one argument; `spec` comes from the user's
// format string but only ever holds flags, width and precision here.
template <typename T>
std::string CFormat(const std::string& spec, T v) {
  char buf[512];
  int n = std::snprintf(buf, sizeof buf, spec.c_str(), v);
  if (n < 0) return "";
  return std::string(buf, std::min<size_t>(n, sizeof buf - 1));
}

int64_t ParseIntArg(Proc& p, const std::string& s) {
  if (s.size() >= 2 && (s[0] == '\'' || s[0] == '"')) {
    return static_cast<unsigned char>(s[1]);  // printf %d "'A" -> 65
  }
  int64_t v = 0;
  if (s.empty()) return 0;
  if (!absl::SimpleAtoi(s, &v)) {
    p.Error(fakecri::StrCat("invalid number '", s, "'"));
  }
  return v;
}

}  // namespace

Task<int> True(Proc&, const ProgramSpec&) { co_return 0; }
Task<int> False(Proc&, const ProgramSpec&) { co_return 1; }

Task<int> Echo(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  bool newline = true, escapes = false;
  size_t i = 1;
  // Options are leading arguments made only of n, e and E.
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-' ||
        a.find_first_not_of("neE", 1) != std::string::npos) {
      break;
    }
    for (char c : a.substr(1)) {
      if (c == 'n') newline = false;
      if (c == 'e') escapes = true;
      if (c == 'E') escapes = false;
    }
  }
  std::string out;
  bool stop = false;
  for (size_t j = i; j < argv.size() && !stop; ++j) {
    if (j > i) out += ' ';
    out += escapes ? Unescape(argv[j], &stop) : argv[j];
  }
  if (newline && !stop) out += '\n';
  p.Print(out);
  co_return 0;
}

Task<int> Printf(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  if (argv.size() < 2) {
    p.Error("usage: printf FORMAT [ARGUMENT...]");
    co_return 1;
  }
  const std::string& fmt = argv[1];
  size_t arg = 2;
  std::string out;
  bool stop = false;
  // The format is reused while arguments remain, as POSIX printf does.
  do {
    for (size_t i = 0; i < fmt.size() && !stop; ++i) {
      char c = fmt[i];
      if (c == '\\') {
        size_t j = i + 1;
        std::string esc = "\\";
        if (j < fmt.size()) esc += fmt[j];
        if (j < fmt.size() && fmt[j] == '0') {
          while (esc.size() < 5 && j + 1 < fmt.size() && fmt[j + 1] >= '0' &&
                 fmt[j + 1] <= '7') {
            esc += fmt[++j];
          }
        }
        out += Unescape(esc, &stop);
        i = j;
        continue;
      }
      if (c != '%') {
        out += c;
        continue;
      }
      if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
        out += '%';
        ++i;
        continue;
      }
      // %[flags][width][.prec]conv
      size_t j = i + 1;
      std::string spec = "%";
      while (j < fmt.size() &&
             std::string_view("-+ #0").find(fmt[j]) != std::string_view::npos) {
        spec += fmt[j++];
      }
      while (
          j < fmt.size() &&
          (std::isdigit(static_cast<unsigned char>(fmt[j])) || fmt[j] == '.')) {
        spec += fmt[j++];
      }
      if (j >= fmt.size()) {
        out += spec;
        break;
      }
      char conv = fmt[j];
      std::string a = arg < argv.size() ? argv[arg] : "";
      if (arg < argv.size()) ++arg;
      switch (conv) {
        case 's':
          out += CFormat(spec + "s", a.c_str());
          break;
        case 'b':
          out += Unescape(a, &stop);
          break;
        case 'c':
          if (!a.empty()) out += a[0];
          break;
        case 'd':
        case 'i':
          out +=
              CFormat(spec + "lld", static_cast<long long>(ParseIntArg(p, a)));
          break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
          out += CFormat(spec + "ll" + conv,
                         static_cast<unsigned long long>(ParseIntArg(p, a)));
          break;
        case 'f':
        case 'e':
        case 'g': {
          double d = a.empty() ? 0 : std::strtod(a.c_str(), nullptr);
          out += CFormat(spec + conv, d);
          break;
        }
        default:
          p.Error(
              fakecri::StrCat("%", std::string(1, conv), ": invalid format"));
          p.Print(out);
          co_return 1;
      }
      i = j;
    }
  } while (arg < argv.size() && !stop && fmt.find('%') != std::string::npos);
  p.Print(out);
  co_return 0;
}

Task<int> Yes(Proc& p, const ProgramSpec&) {
  std::string line = "y";
  if (p.argv().size() > 1) {
    line.clear();
    for (size_t i = 1; i < p.argv().size(); ++i) {
      fakecri::StrAppend(&line, i > 1 ? " " : "", p.argv()[i]);
    }
  }
  line += '\n';
  std::string block;
  while (block.size() < 4096) block += line;
  // Rate-limited: one 4 KiB block per millisecond of clock time, so a
  // forgotten `yes` cannot flood memory or the log.
  while (true) {
    if (!p.Print(block)) co_await p.Sleep(0);
    co_await p.Cpu(50'000);
    co_await p.Sleep(runtime::kMillisecond);
  }
}

Task<int> Seq(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  int64_t first = 1, step = 1, last = 0;
  std::vector<int64_t> nums;
  for (size_t i = 1; i < argv.size(); ++i) {
    int64_t v;
    if (!absl::SimpleAtoi(argv[i], &v)) {
      p.Error(fakecri::StrCat("invalid number '", argv[i], "'"));
      co_return 1;
    }
    nums.push_back(v);
  }
  if (nums.empty() || nums.size() > 3) {
    p.Error("usage: seq [FIRST [INC]] LAST");
    co_return 1;
  }
  if (nums.size() == 1) last = nums[0];
  if (nums.size() == 2) first = nums[0], last = nums[1];
  if (nums.size() == 3) first = nums[0], step = nums[1], last = nums[2];
  if (step == 0) co_return 1;
  std::string out;
  for (int64_t v = first; step > 0 ? v <= last : v >= last; v += step) {
    fakecri::StrAppend(&out, v, "\n");
    if (out.size() > 65536) {
      if (!p.Print(out)) co_return 1;
      out.clear();
      co_await p.Cpu(100'000);
    }
  }
  p.Print(out);
  co_return 0;
}

}  // namespace fakecri::userland::programs
