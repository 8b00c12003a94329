// File: test.cc
// test and [: file tests, string and integer comparisons, !, -a, -o and
// parentheses, with the exit statuses POSIX gives (0 true, 1 false, 2
// error).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"

namespace fakecri::userland::programs {
namespace {

class TestEval {
 public:
  TestEval(Proc& p, std::vector<std::string> args)
      : p_(p), a_(std::move(args)) {}

  // Returns 0/1, or 2 with the error printed.
  int Run() {
    if (a_.empty()) return 1;
    bool v = Or();
    if (error_) return 2;
    if (i_ != a_.size()) {
      p_.Error(fakecri::StrCat(a_[i_], ": unknown operand"));
      return 2;
    }
    return v ? 0 : 1;
  }

 private:
  bool More() const { return i_ < a_.size(); }
  const std::string& Peek(size_t k = 0) const {
    static const std::string empty;
    return i_ + k < a_.size() ? a_[i_ + k] : empty;
  }
  bool Or() {
    bool v = And();
    while (More() && Peek() == "-o") {
      ++i_;
      v = And() || v;
    }
    return v;
  }
  bool And() {
    bool v = Not();
    while (More() && Peek() == "-a") {
      ++i_;
      v = Not() && v;
    }
    return v;
  }
  bool Not() {
    if (More() && Peek() == "!" && a_.size() - i_ > 1) {
      ++i_;
      return !Not();
    }
    return Primary();
  }
  bool Int(const std::string& s, int64_t* v) {
    if (absl::SimpleAtoi(s, v)) return true;
    p_.Error(fakecri::StrCat("invalid number '", s, "'"));
    error_ = true;
    return false;
  }
  bool Primary() {
    if (!More()) {
      error_ = true;
      p_.Error("argument expected");
      return false;
    }
    if (Peek() == "(" && a_.size() - i_ > 2) {
      ++i_;
      bool v = Or();
      if (Peek() == ")") ++i_;
      return v;
    }
    // Binary operators first: "a = b", "1 -lt 2".
    if (a_.size() - i_ >= 3) {
      const std::string& op = Peek(1);
      const std::string l = Peek(), r = Peek(2);
      auto take = [&] { i_ += 3; };
      if (op == "=" || op == "==") return take(), l == r;
      if (op == "!=") return take(), l != r;
      if (op == "<") return take(), l < r;
      if (op == ">") return take(), l > r;
      if (op == "-eq" || op == "-ne" || op == "-lt" || op == "-le" ||
          op == "-gt" || op == "-ge") {
        take();
        int64_t x = 0, y = 0;
        if (!Int(l, &x) || !Int(r, &y)) return false;
        if (op == "-eq") return x == y;
        if (op == "-ne") return x != y;
        if (op == "-lt") return x < y;
        if (op == "-le") return x <= y;
        if (op == "-gt") return x > y;
        return x >= y;
      }
    }
    const std::string& op = Peek();
    if (op.size() == 2 && op[0] == '-' && a_.size() - i_ >= 2) {
      const std::string arg = Peek(1);
      const std::string path = MemFs::Resolve(p_.cwd, arg);
      i_ += 2;
      switch (op[1]) {
        case 'n':
          return !arg.empty();
        case 'z':
          return arg.empty();
        case 'e':
          return p_.fs().Stat(path, p_.pid()).ok();
        case 'f': {
          auto st = p_.fs().Stat(path, p_.pid());
          return st.ok() && st->type == FileType::kRegular;
        }
        case 'd': {
          auto st = p_.fs().Stat(path, p_.pid());
          return st.ok() && st->type == FileType::kDirectory;
        }
        case 'L':
        case 'h': {
          auto st = p_.fs().Stat(path, p_.pid());
          return st.ok() && st->type == FileType::kSymlink;
        }
        case 's': {
          auto st = p_.fs().Stat(path, p_.pid());
          return st.ok() && st->size > 0;
        }
        case 'r':
          return p_.fs().Access(path, 4, p_.cred) == Errno::kOk;
        case 'w':
          return p_.fs().Access(path, 2, p_.cred) == Errno::kOk;
        case 'x':
          return p_.fs().Access(path, 1, p_.cred) == Errno::kOk;
        case 't':
          return false;  // no terminal in a container's stdout
        default:
          i_ -= 2;
          break;
      }
    }
    // A lone string: true when not empty.
    ++i_;
    return !op.empty();
  }

  Proc& p_;
  std::vector<std::string> a_;
  size_t i_ = 0;
  bool error_ = false;
};

}  // namespace

Task<int> Test(Proc& p, const ProgramSpec&) {
  std::vector<std::string> args(p.argv().begin() + 1, p.argv().end());
  const std::string& name = p.argv()[0];
  if (name == "[" || name.ends_with("/[")) {
    if (args.empty() || args.back() != "]") {
      p.Error("missing ]");
      co_return 2;
    }
    args.pop_back();
  }
  co_return TestEval(p, std::move(args)).Run();
}

}  // namespace fakecri::userland::programs
