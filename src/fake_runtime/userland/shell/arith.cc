// File: arith.cc
// EvalArith: the $((...)) evaluator. 64-bit two's-complement arithmetic
// that wraps instead of trapping (as ash does), C operator precedence, and
// C's short-circuiting: the untaken side of && || ?: is parsed but neither
// evaluated nor allowed to assign. A variable's value is itself evaluated
// as an expression, as in ash, so x=1+2 makes $((x*2)) 6.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/userland/shell/lexer.h"
#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

using internal::IsNameChar;
using internal::IsNameStart;

// Bounds recursion through parentheses, unary operators and variables
// whose values refer to further variables.
constexpr int kMaxArithDepth = 200;

absl::Status SyntaxError() {
  return absl::InvalidArgumentError("arithmetic syntax error");
}

int64_t Wrap(uint64_t v) { return static_cast<int64_t>(v); }

// Binary operators below the power operator, loosest first.
struct BinaryOp {
  std::string_view text;
  int precedence;
};
constexpr BinaryOp kBinaryOps[] = {
    // Longer spellings first so that "<<" is not read as "<".
    {"||", 1}, {"&&", 2}, {"==", 6}, {"!=", 6}, {"<=", 7}, {">=", 7},
    {"<<", 8}, {">>", 8}, {"|", 3},  {"^", 4},  {"&", 5},  {"<", 7},
    {">", 7},  {"+", 9},  {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10},
};
constexpr int kLowestPrecedence = 1;

constexpr std::string_view kAssignOps[] = {
    "<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "=",
};

class Evaluator {
 public:
  Evaluator(std::string_view expr, ArithEnv& env,
            std::vector<std::string>& active, int depth)
      : s_(expr), env_(env), active_(active), depth_(depth) {}

  absl::StatusOr<int64_t> Run() {
    SkipSpace();
    if (AtEnd()) return 0;
    ASSIGN_OR_RETURN(int64_t value, Comma(true));
    SkipSpace();
    if (!AtEnd()) return SyntaxError();
    return value;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  int Cur() const {
    return AtEnd() ? -1 : static_cast<unsigned char>(s_[pos_]);
  }
  bool LookingAt(std::string_view text) const {
    return s_.substr(pos_, text.size()) == text;
  }
  void SkipSpace() {
    while (!AtEnd() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' ||
            s_[pos_] == '\r' || s_[pos_] == '\v' || s_[pos_] == '\f')) {
      ++pos_;
    }
  }

  absl::StatusOr<int64_t> Comma(bool eval) {
    ASSIGN_OR_RETURN(int64_t value, Assignment(eval));
    for (;;) {
      SkipSpace();
      if (Cur() != ',') return value;
      ++pos_;
      ASSIGN_OR_RETURN(value, Assignment(eval));
    }
  }

  absl::StatusOr<int64_t> Assignment(bool eval) {
    SkipSpace();
    size_t start = pos_;
    if (IsNameStart(Cur())) {
      std::string name = ReadName();
      SkipSpace();
      for (std::string_view op : kAssignOps) {
        if (!LookingAt(op)) continue;
        if (op == "=" && LookingAt("==")) break;
        pos_ += op.size();
        ASSIGN_OR_RETURN(int64_t rhs, Nested([&] { return Assignment(eval); }));
        if (!eval) return 0;
        int64_t value = rhs;
        if (op != "=") {
          ASSIGN_OR_RETURN(int64_t current, Lookup(name));
          ASSIGN_OR_RETURN(value,
                           Apply(op.substr(0, op.size() - 1), current, rhs));
        }
        env_.Set(name, std::to_string(value));
        return value;
      }
    }
    pos_ = start;
    return Conditional(eval);
  }

  absl::StatusOr<int64_t> Conditional(bool eval) {
    ASSIGN_OR_RETURN(int64_t condition, Binary(kLowestPrecedence, eval));
    SkipSpace();
    if (Cur() != '?') return condition;
    ++pos_;
    ASSIGN_OR_RETURN(int64_t if_true, Comma(eval && condition != 0));
    SkipSpace();
    if (Cur() != ':') {
      return absl::InvalidArgumentError("malformed ?: operator");
    }
    ++pos_;
    ASSIGN_OR_RETURN(int64_t if_false, Nested([&] {
                       return Conditional(eval && condition == 0);
                     }));
    return condition != 0 ? if_true : if_false;
  }

  // The binary operator at the cursor, if any. Compound assignments and
  // "**" are not binary operators at this level.
  const BinaryOp* PeekBinary() {
    SkipSpace();
    for (const BinaryOp& op : kBinaryOps) {
      if (!LookingAt(op.text)) continue;
      char after =
          pos_ + op.text.size() < s_.size() ? s_[pos_ + op.text.size()] : '\0';
      if (after == '=' && op.text != "==" && op.text != "!=" &&
          op.text != "<=" && op.text != ">=") {
        return nullptr;  // an assignment operator such as "+=" or "<<="
      }
      if (op.text == "*" && after == '*') return nullptr;
      return &op;
    }
    return nullptr;
  }

  // Precedence climbing over kBinaryOps; all of them are left-associative.
  absl::StatusOr<int64_t> Binary(int min_precedence, bool eval) {
    ASSIGN_OR_RETURN(int64_t left, Power(eval));
    for (;;) {
      const BinaryOp* op = PeekBinary();
      if (op == nullptr || op->precedence < min_precedence) return left;
      pos_ += op->text.size();
      bool rhs_eval = eval;
      if (op->text == "&&") rhs_eval = eval && left != 0;
      if (op->text == "||") rhs_eval = eval && left == 0;
      ASSIGN_OR_RETURN(int64_t right, Binary(op->precedence + 1, rhs_eval));
      if (!eval) {
        left = 0;
        continue;
      }
      ASSIGN_OR_RETURN(left, Apply(op->text, left, right));
    }
  }

  // "**" binds tighter than * and looser than unary minus, and to the
  // right: -2**2 is 4, 2**3**2 is 512.
  absl::StatusOr<int64_t> Power(bool eval) {
    ASSIGN_OR_RETURN(int64_t base, Unary(eval));
    SkipSpace();
    if (!LookingAt("**") || LookingAt("**=")) return base;
    pos_ += 2;
    ASSIGN_OR_RETURN(int64_t exponent, Nested([&] { return Power(eval); }));
    if (!eval) return 0;
    return Apply("**", base, exponent);
  }

  // Runs one level of right recursion (nested operand, right-associative
  // chain) under the depth cap.
  template <typename Fn>
  absl::StatusOr<int64_t> Nested(Fn fn) {
    if (depth_ >= kMaxArithDepth) return SyntaxError();
    ++depth_;
    absl::StatusOr<int64_t> result = fn();
    --depth_;
    return result;
  }

  absl::StatusOr<int64_t> Unary(bool eval) {
    return Nested([&] { return UnaryInner(eval); });
  }

  absl::StatusOr<int64_t> UnaryInner(bool eval) {
    SkipSpace();
    if (LookingAt("++") || LookingAt("--")) {
      // Only a variable can be incremented; elsewhere "--5" is -(-5).
      size_t start = pos_;
      int delta = s_[pos_] == '+' ? 1 : -1;
      pos_ += 2;
      SkipSpace();
      if (IsNameStart(Cur())) {
        std::string name = ReadName();
        if (!eval) return 0;
        ASSIGN_OR_RETURN(int64_t value, Lookup(name));
        value = Wrap(static_cast<uint64_t>(value) + delta);
        env_.Set(name, std::to_string(value));
        return value;
      }
      pos_ = start;
    }
    int c = Cur();
    if (c == '-' || c == '+' || c == '!' || c == '~') {
      ++pos_;
      ASSIGN_OR_RETURN(int64_t operand, Unary(eval));
      switch (c) {
        case '-':
          return Wrap(0 - static_cast<uint64_t>(operand));
        case '+':
          return operand;
        case '!':
          return operand == 0 ? 1 : 0;
        default:
          return ~operand;
      }
    }
    return Primary(eval);
  }

  absl::StatusOr<int64_t> Primary(bool eval) {
    SkipSpace();
    int c = Cur();
    if (c == '(') {
      ++pos_;
      ASSIGN_OR_RETURN(int64_t value, Comma(eval));
      SkipSpace();
      if (Cur() != ')') return SyntaxError();
      ++pos_;
      return value;
    }
    if (c >= '0' && c <= '9') return Number();
    if (c == '$') {
      ++pos_;
      std::string name;
      if (Cur() == '{') {
        ++pos_;
        while (!AtEnd() && Cur() != '}') name.push_back(s_[pos_++]);
        if (AtEnd() || name.empty()) return SyntaxError();
        ++pos_;
      } else if (IsNameStart(Cur())) {
        name = ReadName();
      } else if (!AtEnd() &&
                 std::string_view("0123456789#?$!-@*").find(s_[pos_]) !=
                     std::string_view::npos) {
        name = std::string(1, s_[pos_++]);
      } else {
        return SyntaxError();
      }
      if (!eval) return 0;
      return Lookup(name);
    }
    if (IsNameStart(c)) {
      std::string name = ReadName();
      SkipSpace();
      if (LookingAt("++") || LookingAt("--")) {
        int delta = s_[pos_] == '+' ? 1 : -1;
        pos_ += 2;
        if (!eval) return 0;
        ASSIGN_OR_RETURN(int64_t value, Lookup(name));
        env_.Set(name,
                 std::to_string(Wrap(static_cast<uint64_t>(value) + delta)));
        return value;
      }
      if (!eval) return 0;
      return Lookup(name);
    }
    return SyntaxError();
  }

  std::string ReadName() {
    size_t start = pos_;
    while (IsNameChar(Cur())) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  // Decimal, 0x hex, leading-0 octal, or base#digits (base 2..64).
  absl::StatusOr<int64_t> Number() {
    size_t start = pos_;
    while (IsNameChar(Cur()) || Cur() == '@' || Cur() == '#') ++pos_;
    std::string_view text = s_.substr(start, pos_ - start);
    int base = 10;
    std::string_view digits = text;
    size_t hash = text.find('#');
    if (hash != std::string_view::npos) {
      std::string_view base_text = text.substr(0, hash);
      if (base_text.size() > 2) return SyntaxError();
      base = 0;
      for (char d : base_text) {
        if (d < '0' || d > '9') return SyntaxError();
        base = base * 10 + (d - '0');
      }
      if (base < 2 || base > 64) return SyntaxError();
      digits = text.substr(hash + 1);
    } else if (text.size() > 1 && text[0] == '0' &&
               (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      digits = text.substr(2);
    } else if (text.size() > 1 && text[0] == '0') {
      base = 8;
      digits = text.substr(1);
    }
    if (digits.empty()) return SyntaxError();
    uint64_t value = 0;
    for (char d : digits) {
      int v = DigitValue(d, base);
      if (v < 0 || v >= base) return SyntaxError();
      value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(v);
    }
    return Wrap(value);
  }

  static int DigitValue(char d, int base) {
    if (d >= '0' && d <= '9') return d - '0';
    if (d >= 'a' && d <= 'z') return d - 'a' + 10;
    if (d >= 'A' && d <= 'Z') return d - 'A' + (base <= 36 ? 10 : 36);
    if (d == '@') return 62;
    if (d == '_') return 63;
    return -1;
  }

  absl::StatusOr<int64_t> Lookup(const std::string& name) {
    std::string value = env_.Get(name);
    if (value.find_first_not_of(" \t\n") == std::string::npos) return 0;
    for (const std::string& outer : active_) {
      if (outer == name) {
        return absl::InvalidArgumentError("expression recursion loop detected");
      }
    }
    if (depth_ > kMaxArithDepth) return SyntaxError();
    active_.push_back(name);
    absl::StatusOr<int64_t> result =
        Evaluator(value, env_, active_, depth_ + 1).Run();
    active_.pop_back();
    return result;
  }

  static absl::StatusOr<int64_t> Apply(std::string_view op, int64_t a,
                                       int64_t b) {
    uint64_t ua = static_cast<uint64_t>(a);
    uint64_t ub = static_cast<uint64_t>(b);
    if (op == "+") return Wrap(ua + ub);
    if (op == "-") return Wrap(ua - ub);
    if (op == "*") return Wrap(ua * ub);
    if (op == "/" || op == "%") {
      if (b == 0) return absl::InvalidArgumentError("divide by zero");
      // The one quotient that overflows; ash yields the wrapped value.
      if (a == std::numeric_limits<int64_t>::min() && b == -1) {
        return op == "/" ? a : 0;
      }
      return op == "/" ? a / b : a % b;
    }
    if (op == "<<") return Wrap(ua << (ub & 63));
    if (op == ">>") return a >> (ub & 63);
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if (op == "&&") return (a != 0 && b != 0) ? 1 : 0;
    if (op == "||") return (a != 0 || b != 0) ? 1 : 0;
    if (op == "==") return a == b ? 1 : 0;
    if (op == "!=") return a != b ? 1 : 0;
    if (op == "<") return a < b ? 1 : 0;
    if (op == "<=") return a <= b ? 1 : 0;
    if (op == ">") return a > b ? 1 : 0;
    if (op == ">=") return a >= b ? 1 : 0;
    if (op == "**") {
      if (b < 0) return absl::InvalidArgumentError("exponent less than 0");
      uint64_t result = 1;
      uint64_t factor = ua;
      for (uint64_t e = ub; e != 0; e >>= 1) {
        if (e & 1) result *= factor;
        factor *= factor;
      }
      return Wrap(result);
    }
    return SyntaxError();
  }

  std::string_view s_;
  size_t pos_ = 0;
  ArithEnv& env_;
  std::vector<std::string>& active_;  // variables being evaluated
  int depth_;
};

}  // namespace

absl::StatusOr<int64_t> EvalArith(std::string_view expr, ArithEnv& env) {
  std::vector<std::string> active;
  return Evaluator(expr, env, active, 0).Run();
}

}  // namespace fakecri::userland::sh
