// File: expand.cc
#include "fake_runtime/userland/shell/expand.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/shell/parser.h"

namespace fakecri::userland::sh {
namespace {

bool IsIfsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

bool HasGlobChars(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// Collects fields while parts of one word are expanded.
struct FieldBuilder {
  FieldBuilder(std::vector<std::string>* o, bool s) : out(o), split(s) {}
  std::vector<std::string>* out;
  bool split;
  std::string cur;
  bool started = false;
  bool glob = false;

  void AddQuoted(std::string_view s) {
    cur += s;
    started = true;
  }
  void AddUnquoted(std::string_view s) {
    if (!split) {
      cur += s;
      started = started || !s.empty();
      return;
    }
    for (char c : s) {
      if (IsIfsSpace(c)) {
        Break();
      } else {
        cur += c;
        started = true;
      }
    }
  }
  void Break() {
    if (started) {
      out->push_back(std::move(cur));
      cur.clear();
      started = false;
    }
  }
  void Finish(ExpandHost& host) {
    if (!split) {
      out->push_back(std::move(cur));
      return;
    }
    if (!started) return;
    if (glob && HasGlobChars(cur)) {
      std::vector<std::string> matches = host.Glob(cur);
      if (!matches.empty()) {
        for (std::string& m : matches) out->push_back(std::move(m));
        return;
      }
    }
    out->push_back(std::move(cur));
  }
};

class ArithHost final : public ArithEnv {
 public:
  explicit ArithHost(ExpandHost& h) : h_(h) {}
  std::string Get(std::string_view name) override {
    return h_.GetVar(name).value_or("");
  }
  void Set(std::string_view name, std::string value) override {
    h_.SetVar(name, std::move(value));
  }

 private:
  ExpandHost& h_;
};

Task<std::string> ExpandToString(const Word& w, ExpandHost& host) {
  std::vector<std::string> out;
  co_await ExpandWord(w, host, /*split=*/false, &out);
  co_return out.empty() ? std::string() : std::move(out[0]);
}

// Removes the shortest/longest prefix/suffix matching a glob pattern.
std::string Trim(const std::string& v, const std::string& pat,
                 std::string_view op) {
  const bool suffix = op[4] == '%';
  const bool longest = op.size() == 6;
  const size_t n = v.size();
  for (size_t k = 0; k <= n; ++k) {
    const size_t len = longest ? n - k : k;
    if (suffix) {
      if (GlobMatch(pat, std::string_view(v).substr(n - len))) {
        return v.substr(0, n - len);
      }
    } else if (GlobMatch(pat, std::string_view(v).substr(0, len))) {
      return v.substr(len);
    }
  }
  return v;
}

// ${NAME<op>word}: the value of one parameter expansion.
Task<std::string> ExpandParam(const WordPart& part, ExpandHost& host) {
  std::optional<std::string> value = host.GetVar(part.text);
  const std::string& op = part.op;
  // The word after the operator, expanded only when it is used. (Plain
  // if/else around co_await: GCC 12 miscompiles it inside ?: and braces.)
  std::string arg;
  auto need_arg = [&]() -> Task<std::string> {
    std::string out;
    if (part.arg) out = co_await ExpandToString(*part.arg, host);
    co_return out;
  };
  if (op.empty()) co_return value.value_or("");
  if (op == "#") co_return fakecri::StrCat(value.value_or("").size());
  if (op == ":-" || op == "-") {
    if (!value || (op == ":-" && value->empty())) {
      arg = co_await need_arg();
      co_return arg;
    }
    co_return *value;
  }
  if (op == ":=" || op == "=") {
    if (!value || (op == ":=" && value->empty())) {
      arg = co_await need_arg();
      host.SetVar(part.text, arg);
      co_return arg;
    }
    co_return *value;
  }
  if (op == ":+" || op == "+") {
    if (value && (op == "+" || !value->empty())) {
      arg = co_await need_arg();
      co_return arg;
    }
    co_return "";
  }
  if (op == ":?" || op == "?") {
    if (!value || (op == ":?" && value->empty())) {
      arg = co_await need_arg();
      host.Error(fakecri::StrCat(part.text, ": ",
                                 arg.empty() ? "parameter not set" : arg));
    }
    co_return value.value_or("");
  }
  if (op.rfind("trim", 0) == 0) {
    arg = co_await need_arg();
    co_return Trim(value.value_or(""), arg, op);
  }
  if (op == ":") {  // ${x:offset:length}
    const std::string v = value.value_or("");
    ArithHost env(host);
    int64_t off = 0, len = static_cast<int64_t>(v.size());
    if (part.arg) {
      std::string e = co_await ExpandToString(*part.arg, host);
      off = EvalArith(e, env).value_or(0);
    }
    if (part.arg2) {
      std::string e = co_await ExpandToString(*part.arg2, host);
      len = EvalArith(e, env).value_or(0);
    }
    if (off < 0)
      off = std::max<int64_t>(0, static_cast<int64_t>(v.size()) + off);
    if (off > static_cast<int64_t>(v.size())) co_return "";
    if (len < 0)
      len = std::max<int64_t>(0, static_cast<int64_t>(v.size()) - off + len);
    co_return v.substr(off, len);
  }
  if (op == "/" || op == "//") {
    std::string v = value.value_or("");
    std::string pat = co_await need_arg();
    std::string rep;
    if (part.arg2) rep = co_await ExpandToString(*part.arg2, host);
    if (pat.empty()) co_return v;
    std::string out;
    size_t i = 0;
    bool replaced = false;
    while (i < v.size()) {
      size_t best = 0;
      if (!(replaced && op == "/")) {
        for (size_t len = v.size() - i; len > 0; --len) {
          if (GlobMatch(pat, std::string_view(v).substr(i, len))) {
            best = len;
            break;
          }
        }
      }
      if (best > 0) {
        out += rep;
        i += best;
        replaced = true;
      } else {
        out += v[i++];
      }
    }
    co_return out;
  }
  // "bad" and anything unknown: ash fails the expansion.
  host.Error("syntax error: bad substitution");
  co_return "";
}

}  // namespace

std::vector<std::string> SplitFields(std::string_view text) {
  std::vector<std::string> out;
  FieldBuilder b(&out, true);
  b.AddUnquoted(text);
  b.Break();
  return out;
}

Task<void> ExpandWord(const Word& w, ExpandHost& host, bool split,
                      std::vector<std::string>* out) {
  FieldBuilder b(out, split);
  for (const WordPart& part : w.parts) {
    switch (part.kind) {
      case WordPart::Kind::kLiteral:
        if (part.quoted) {
          b.AddQuoted(part.text);
        } else {
          if (HasGlobChars(part.text)) b.glob = true;
          b.cur += part.text;
          b.started = b.started || !part.text.empty();
        }
        break;
      case WordPart::Kind::kParam: {
        if (part.op.empty() && (part.text == "@" || part.text == "*")) {
          const std::vector<std::string>& pos = host.Positional();
          if (part.quoted && part.text == "@" && split) {
            // "$@": one field per parameter.
            for (size_t i = 0; i < pos.size(); ++i) {
              if (i > 0) {
                out->push_back(std::move(b.cur));
                b.cur.clear();
              }
              b.AddQuoted(pos[i]);
            }
          } else if (part.quoted) {
            b.AddQuoted(absl::StrJoin(pos, " "));
          } else {
            for (const std::string& p : pos) {
              b.Break();
              b.AddUnquoted(p);
            }
          }
          break;
        }
        std::optional<std::string> value = host.GetVar(part.text);
        std::string text = co_await ExpandParam(part, host);
        if (part.quoted) {
          b.AddQuoted(text);
        } else {
          b.AddUnquoted(text);
        }
        break;
      }
      case WordPart::Kind::kCommand: {
        std::string text;
        if (part.command) text = co_await host.CommandOutput(*part.command);
        if (part.quoted) {
          b.AddQuoted(text);
        } else {
          b.AddUnquoted(text);
        }
        break;
      }
      case WordPart::Kind::kArith: {
        ArithHost env(host);
        absl::StatusOr<int64_t> v = EvalArith(part.text, env);
        std::string text;
        if (v.ok()) {
          text = fakecri::StrCat(*v);
        } else {
          host.Error(std::string(v.status().message()));
          text = "0";
        }
        if (part.quoted) {
          b.AddQuoted(text);
        } else {
          b.AddUnquoted(text);
        }
        break;
      }
    }
  }
  b.Finish(host);
}

std::vector<std::string> GlobPaths(Proc& p, std::string_view pattern) {
  std::vector<std::string> out;
  if (!HasGlobChars(pattern)) return out;
  std::string dir, base;
  auto slash = pattern.rfind('/');
  if (slash == std::string_view::npos) {
    base = std::string(pattern);
  } else {
    dir = std::string(pattern.substr(0, slash + 1));
    base = std::string(pattern.substr(slash + 1));
  }
  if (HasGlobChars(dir) || base.empty()) return out;
  auto entries = p.fs().List(MemFs::Resolve(p.cwd, dir.empty() ? "." : dir),
                             p.cred, p.pid());
  if (!entries.ok()) return out;
  for (const DirEntry& e : *entries) {
    if (e.name == "." || e.name == "..") continue;
    if (e.name[0] == '.' && base[0] != '.') continue;
    if (GlobMatch(base, e.name)) out.push_back(dir + e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace fakecri::userland::sh
