// File: files.cc
// Programs over the container's filesystem: cat, ls, touch, mkdir, rm,
// head, tail, wc, grep, tee. Messages are worded as busybox words them.
#include <algorithm>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"

namespace fakecri::userland::programs {
namespace {

std::string Path(Proc& p, std::string_view arg) {
  return MemFs::Resolve(p.cwd, arg);
}

// Splits argv into flags (single letters, "-n 5" style values not handled
// here) and operands. "--" ends options.
struct Args {
  std::string flags;
  std::vector<std::string> operands;
};
Args ParseArgs(const std::vector<std::string>& argv) {
  Args a;
  bool opts = true;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (opts && s == "--") {
      opts = false;
    } else if (opts && s.size() > 1 && s[0] == '-') {
      a.flags += s.substr(1);
    } else {
      a.operands.push_back(s);
    }
  }
  return a;
}

bool Has(const Args& a, char f) { return a.flags.find(f) != std::string::npos; }

// Contents of each input (operands, or stdin when none / "-").
struct Input {
  std::string name;
  std::string data;
  bool ok = true;
};
Task<std::vector<Input>> ReadInputs(Proc& p,
                                    const std::vector<std::string>& files,
                                    std::string_view open_error_prefix) {
  std::vector<Input> out;
  if (files.empty()) {
    // (Computed first: GCC 12 mishandles co_await inside a braced list.)
    std::string data = co_await p.ReadAll(p.in);
    out.push_back({"-", std::move(data)});
    co_return out;
  }
  for (const std::string& f : files) {
    if (f == "-") {
      std::string data = co_await p.ReadAll(p.in);
      out.push_back({f, std::move(data)});
      continue;
    }
    auto data = p.fs().ReadFile(Path(p, f), p.cred, p.pid());
    if (!data.ok()) {
      p.Error(fakecri::StrCat(
          open_error_prefix, f,
          open_error_prefix.empty() ? ": " : "': ", ErrnoText(data.error())));
      out.push_back({f, "", false});
      continue;
    }
    out.push_back({f, std::move(*data)});
  }
  co_return out;
}

std::vector<std::string_view> Lines(std::string_view data) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(data.substr(start));
      break;
    }
    lines.push_back(data.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return lines;
}

std::string ModeString(const FileStat& st) {
  std::string m = st.type == FileType::kDirectory    ? "d"
                  : st.type == FileType::kSymlink    ? "l"
                  : st.type == FileType::kCharDevice ? "c"
                                                     : "-";
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) {
    m += (st.mode & (0400 >> i)) ? rwx[i] : '-';
  }
  if (st.mode & 01000) m[9] = (st.mode & 01) ? 't' : 'T';
  return m;
}

// Reads a count option given as "-n N", "-nN" or "-N".
bool TakeCount(std::vector<std::string>& argv, int64_t* n) {
  for (size_t i = 1; i < argv.size(); ++i) {
    std::string& a = argv[i];
    if (a == "-n" && i + 1 < argv.size()) {
      std::string v = argv[i + 1];
      bool from_start = !v.empty() && v[0] == '+';
      if (!absl::SimpleAtoi(from_start ? v.substr(1) : v, n)) return false;
      if (from_start) *n = -*n;  // tail -n +K
      argv.erase(argv.begin() + i, argv.begin() + i + 2);
      return true;
    }
    if (a.size() > 2 && a.rfind("-n", 0) == 0) {
      if (!absl::SimpleAtoi(a.substr(2), n)) return false;
      argv.erase(argv.begin() + i);
      return true;
    }
    if (a.size() > 1 && a[0] == '-' &&
        std::isdigit(static_cast<unsigned char>(a[1]))) {
      if (!absl::SimpleAtoi(a.substr(1), n)) return false;
      argv.erase(argv.begin() + i);
      return true;
    }
  }
  return true;
}

}  // namespace

Task<int> Cat(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  int status = 0;
  if (a.operands.empty()) a.operands.push_back("-");
  for (const std::string& f : a.operands) {
    if (f == "-") {
      // Streams stdin as it arrives (cat in a pipeline).
      while (auto chunk = co_await p.Read()) {
        if (!p.Print(*chunk)) co_return 1;
      }
      continue;
    }
    auto data = p.fs().ReadFile(Path(p, f), p.cred, p.pid());
    if (!data.ok()) {
      p.Error(
          fakecri::StrCat("can't open '", f, "': ", ErrnoText(data.error())));
      status = 1;
      continue;
    }
    p.Print(*data);
  }
  co_return status;
}

Task<int> Tee(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  const bool append = Has(a, 'a');
  int status = 0;
  for (const std::string& f : a.operands) {
    auto r = p.fs().WriteFile(Path(p, f), "", append, p.cred);
    if (!r.ok()) {
      p.Error(fakecri::StrCat("can't open '", f, "': ", ErrnoText(r.error())));
      status = 1;
    }
  }
  while (auto chunk = co_await p.Read()) {
    p.Print(*chunk);
    for (const std::string& f : a.operands) {
      (void)p.fs().WriteFile(Path(p, f), *chunk, true, p.cred);
    }
  }
  co_return status;
}

Task<int> Ls(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  const bool all = Has(a, 'a'), almost_all = Has(a, 'A'),
             long_fmt = Has(a, 'l');
  const bool dir_itself = Has(a, 'd');
  if (a.operands.empty()) a.operands.push_back(".");
  int status = 0;
  std::string out;
  auto line = [&](const std::string& name, const FileStat& st) {
    if (!long_fmt) {
      fakecri::StrAppend(&out, name, "\n");
      return;
    }
    absl::Time t = absl::FromUnixNanos(st.mtime_ns);
    fakecri::StrAppend(
        &out,
        absl::StrFormat(
            "%s %4d %-8d %-8d %9d %s %s\n", ModeString(st),
            st.type == FileType::kDirectory ? 2 : 1, st.uid, st.gid, st.size,
            absl::FormatTime("%b %e %H:%M", t, absl::UTCTimeZone()), name));
  };
  const bool many = a.operands.size() > 1;
  bool first = true;
  for (const std::string& f : a.operands) {
    auto st = p.fs().Stat(Path(p, f), p.pid());
    if (!st.ok()) {
      p.Error(fakecri::StrCat(f, ": ", ErrnoText(st.error())));
      status = 1;
      continue;
    }
    if (st->type != FileType::kDirectory || dir_itself) {
      line(f, *st);
      continue;
    }
    auto entries = p.fs().List(Path(p, f), p.cred, p.pid());
    if (!entries.ok()) {
      p.Error(fakecri::StrCat("can't open '", f,
                              "': ", ErrnoText(entries.error())));
      status = 1;
      continue;
    }
    if (many) fakecri::StrAppend(&out, first ? "" : "\n", f, ":\n");
    first = false;
    std::vector<DirEntry> list = std::move(*entries);
    std::sort(
        list.begin(), list.end(),
        [](const DirEntry& x, const DirEntry& y) { return x.name < y.name; });
    if (all) {
      line(".", *st);
      line("..", *st);
    }
    for (const DirEntry& e : list) {
      if (e.name == "." || e.name == "..") continue;
      if (e.name[0] == '.' && !all && !almost_all) continue;
      line(e.name, e.stat);
    }
  }
  p.Print(out);
  co_return status;
}

Task<int> Touch(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  if (a.operands.empty()) {
    p.Error("missing file operand");
    co_return 1;
  }
  int status = 0;
  for (const std::string& f : a.operands) {
    auto r = p.fs().Touch(Path(p, f), p.cred);
    if (!r.ok()) {
      p.Error(fakecri::StrCat(f, ": ", ErrnoText(r.error())));
      status = 1;
    }
  }
  co_return status;
}

Task<int> Mkdir(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  const bool parents = Has(a, 'p');
  int status = 0;
  for (const std::string& f : a.operands) {
    auto r = p.fs().Mkdir(Path(p, f), parents, 0755, p.cred);
    if (!r.ok()) {
      p.Error(fakecri::StrCat("can't create directory '", f,
                              "': ", ErrnoText(r.error())));
      status = 1;
    }
  }
  co_return status;
}

Task<int> Rm(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  const bool force = Has(a, 'f');
  const bool recursive = Has(a, 'r') || Has(a, 'R');
  int status = 0;
  for (const std::string& f : a.operands) {
    auto st = p.fs().Stat(Path(p, f), p.pid());
    if (!st.ok()) {
      if (!force) {
        p.Error(
            fakecri::StrCat("can't remove '", f, "': ", ErrnoText(st.error())));
        status = 1;
      }
      continue;
    }
    if (st->type == FileType::kDirectory && !recursive) {
      p.Error(fakecri::StrCat("'", f, "' is a directory"));
      status = 1;
      continue;
    }
    auto r = p.fs().Remove(Path(p, f), recursive, p.cred);
    if (!r.ok()) {
      p.Error(
          fakecri::StrCat("can't remove '", f, "': ", ErrnoText(r.error())));
      status = 1;
    }
  }
  co_return status;
}

Task<int> Head(Proc& p, const ProgramSpec&) {
  std::vector<std::string> argv = p.argv();
  int64_t n = 10;
  if (!TakeCount(argv, &n)) {
    p.Error("invalid number");
    co_return 1;
  }
  Args a = ParseArgs(argv);
  if (a.operands.empty()) {
    // Stop reading as soon as enough lines arrived (head in a pipeline
    // ends, and the writer then gets SIGPIPE).
    int64_t seen = 0;
    std::string out;
    while (seen < n) {
      auto chunk = co_await p.Read();
      if (!chunk) break;
      for (char c : *chunk) {
        out += c;
        if (c == '\n' && ++seen >= n) break;
      }
    }
    p.Print(out);
    co_return 0;
  }
  std::vector<Input> inputs =
      co_await ReadInputs(p, a.operands, "can't open '");
  int status = 0;
  for (const Input& in : inputs) {
    if (!in.ok) {
      status = 1;
      continue;
    }
    if (inputs.size() > 1) p.Print(fakecri::StrCat("==> ", in.name, " <==\n"));
    auto lines = Lines(in.data);
    std::string out;
    for (int64_t i = 0; i < n && i < static_cast<int64_t>(lines.size()); ++i) {
      out += lines[i];
    }
    p.Print(out);
  }
  co_return status;
}

Task<int> Tail(Proc& p, const ProgramSpec&) {
  std::vector<std::string> argv = p.argv();
  int64_t n = 10;
  if (!TakeCount(argv, &n)) {
    p.Error("invalid number");
    co_return 1;
  }
  Args a = ParseArgs(argv);
  const bool follow = Has(a, 'f') || Has(a, 'F');
  std::vector<Input> inputs =
      co_await ReadInputs(p, a.operands, "can't open '");
  int status = 0;
  for (const Input& in : inputs) {
    if (!in.ok) {
      status = 1;
      continue;
    }
    auto lines = Lines(in.data);
    size_t from =
        n >= 0 ? (lines.size() > static_cast<size_t>(n) ? lines.size() - n : 0)
               : std::min<size_t>(lines.size(), -n - 1);
    std::string out;
    for (size_t i = from; i < lines.size(); ++i) out += lines[i];
    p.Print(out);
  }
  if (follow) {
    // `tail -f /dev/null` keeps a container alive: wait until killed.
    while (true) co_await p.Sleep(3600 * runtime::kSecond);
  }
  co_return status;
}

Task<int> Wc(Proc& p, const ProgramSpec&) {
  Args a = ParseArgs(p.argv());
  bool l = Has(a, 'l'), w = Has(a, 'w'), c = Has(a, 'c') || Has(a, 'm');
  if (!l && !w && !c) l = w = c = true;
  std::vector<Input> inputs = co_await ReadInputs(p, a.operands, "");
  int status = 0;
  std::string out;
  for (const Input& in : inputs) {
    if (!in.ok) {
      status = 1;
      continue;
    }
    int64_t lines = std::count(in.data.begin(), in.data.end(), '\n');
    int64_t words = 0;
    bool inword = false;
    for (char ch : in.data) {
      bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      if (!space && !inword) ++words;
      inword = !space;
    }
    std::string fields;
    const bool single = (l + w + c) == 1 && in.name == "-";
    auto add = [&](int64_t v) {
      fakecri::StrAppend(
          &fields, fields.empty() ? "" : " ",
          single ? fakecri::StrCat(v) : absl::StrFormat("%7d", v));
    };
    if (l) add(lines);
    if (w) add(words);
    if (c) add(static_cast<int64_t>(in.data.size()));
    fakecri::StrAppend(&out, fields, in.name == "-" ? "" : " " + in.name, "\n");
  }
  p.Print(out);
  co_return status;
}

Task<int> Grep(Proc& p, const ProgramSpec&) {
  std::vector<std::string> argv = p.argv();
  std::string pattern;
  bool have_pattern = false;
  // -e PATTERN
  for (size_t i = 1; i + 1 < argv.size(); ++i) {
    if (argv[i] == "-e") {
      pattern = argv[i + 1];
      have_pattern = true;
      argv.erase(argv.begin() + i, argv.begin() + i + 2);
      break;
    }
  }
  Args a = ParseArgs(argv);
  if (!have_pattern) {
    if (a.operands.empty()) {
      p.Error("usage: grep [-ivcnqlE] PATTERN [FILE]...");
      co_return 2;
    }
    pattern = a.operands.front();
    a.operands.erase(a.operands.begin());
  }
  const bool invert = Has(a, 'v'), count = Has(a, 'c'), quiet = Has(a, 'q'),
             number = Has(a, 'n'), icase = Has(a, 'i'), fixed = Has(a, 'F'),
             list = Has(a, 'l');
  auto flags = Has(a, 'E') ? std::regex::extended : std::regex::basic;
  if (icase) flags |= std::regex::icase;
  std::regex re;
  if (!fixed) {
    try {
      re = std::regex(pattern, flags);
    } catch (const std::regex_error&) {
      p.Error(fakecri::StrCat("bad regex '", pattern, "'"));
      co_return 2;
    }
  }
  std::vector<Input> inputs = co_await ReadInputs(p, a.operands, "");
  const bool names = inputs.size() > 1;
  int status = 1;
  bool error = false;
  std::string out;
  for (const Input& in : inputs) {
    if (!in.ok) {
      error = true;
      continue;
    }
    int64_t matches = 0, lineno = 0;
    for (std::string_view line : Lines(in.data)) {
      ++lineno;
      std::string_view body = line;
      if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
      bool hit =
          fixed ? std::string_view(body).find(pattern) != std::string_view::npos
                : std::regex_search(body.begin(), body.end(), re);
      if (hit == invert) continue;
      ++matches;
      status = 0;
      if (quiet) co_return 0;
      if (count || list) continue;
      fakecri::StrAppend(&out, names ? in.name + ":" : "",
                         number ? fakecri::StrCat(lineno, ":") : "", body,
                         "\n");
    }
    if (count)
      fakecri::StrAppend(&out, names ? in.name + ":" : "", matches, "\n");
    if (list && matches > 0) fakecri::StrAppend(&out, in.name, "\n");
  }
  p.Print(out);
  co_return error&& status != 0 ? 2 : status;
}

}  // namespace fakecri::userland::programs
