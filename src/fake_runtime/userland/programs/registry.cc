// File: registry.cc
// The table of built-in programs: name, entry point, the signals each one
// handles (which decides how StopContainer ends it, PID 1 or not) and its
// resident memory.
#include <algorithm>
#include <array>

#include "absl/container/flat_hash_map.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/programs/programs.h"
#include "fake_runtime/userland/shell/interpreter.h"

namespace fakecri::userland {
namespace {

using namespace programs;  // NOLINT: the table below names every program

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kTermIntQuit =
    SigBit(kSigTerm) | SigBit(kSigInt) | SigBit(kSigQuit);

ProgramSpec P(std::string name, ProgramFn fn, uint64_t rss, uint64_t catches,
              uint64_t ignores) {
  ProgramSpec spec;
  spec.name = std::move(name);
  spec.fn = fn;
  spec.rss = rss;
  spec.catches = catches;
  spec.ignores = ignores;
  return spec;
}

const std::vector<ProgramSpec>& Table() {
  static const auto* table = new std::vector<ProgramSpec>{
      P("sh", sh::ShellMain, 600 * kKiB, 0, 0),
      P("ash", sh::ShellMain, 600 * kKiB, 0, 0),
      P("bash", sh::ShellMain, 1200 * kKiB, 0, 0),
      P("echo", Echo, 300 * kKiB, 0, 0),
      P("printf", Printf, 300 * kKiB, 0, 0),
      P("true", True, 200 * kKiB, 0, 0),
      P("false", False, 200 * kKiB, 0, 0),
      P("yes", Yes, 300 * kKiB, 0, 0),
      P("seq", Seq, 300 * kKiB, 0, 0),
      P("cat", Cat, 300 * kKiB, 0, 0),
      P("tee", Tee, 300 * kKiB, 0, 0),
      P("ls", Ls, 400 * kKiB, 0, 0),
      P("touch", Touch, 300 * kKiB, 0, 0),
      P("mkdir", Mkdir, 300 * kKiB, 0, 0),
      P("rm", Rm, 300 * kKiB, 0, 0),
      P("head", Head, 300 * kKiB, 0, 0),
      P("tail", Tail, 300 * kKiB, 0, 0),
      P("wc", Wc, 300 * kKiB, 0, 0),
      P("grep", Grep, 500 * kKiB, 0, 0),
      P("test", Test, 200 * kKiB, 0, 0),
      P("[", Test, 200 * kKiB, 0, 0),
      P("sleep", Sleep, 250 * kKiB, 0, 0),
      P("env", Env, 250 * kKiB, 0, 0),
      P("hostname", Hostname, 250 * kKiB, 0, 0),
      P("uname", Uname, 250 * kKiB, 0, 0),
      P("date", Date, 300 * kKiB, 0, 0),
      P("id", Id, 300 * kKiB, 0, 0),
      P("whoami", Whoami, 250 * kKiB, 0, 0),
      P("pgrep", Pgrep, 400 * kKiB, 0, 0),
      P("kill", Kill, 250 * kKiB, 0, 0),
      P("ps", Ps, 400 * kKiB, 0, 0),
      P("top", Top, 700 * kKiB, 0, 0),
      P("stress", Stress, 800 * kKiB, 0, 0),
      // The Kubernetes pause container handles INT and TERM (exit 0).
      P("pause", Pause, 300 * kKiB, SigBit(kSigInt) | SigBit(kSigTerm), 0),
      P("nginx", Nginx, 6 * kMiB,
        kTermIntQuit | SigBit(kSigHup) | SigBit(kSigUsr1), 0),
      P("httpd", Httpd, 5 * kMiB,
        SigBit(kSigTerm) | SigBit(kSigInt) | SigBit(kSigWinch) |
            SigBit(kSigHup) | SigBit(kSigUsr1),
        0),
      P("httpd-foreground", HttpdForeground, 600 * kKiB, 0, 0),
      P("redis-server", RedisServer, 8 * kMiB,
        SigBit(kSigTerm) | SigBit(kSigInt), SigBit(kSigPipe) | SigBit(kSigHup)),
      P("docker-entrypoint.sh", DockerEntrypoint, 600 * kKiB, 0, 0),
      // Go: the runtime installs handlers; pause/serve subcommands exit on
      // TERM/INT (see Agnhost).
      P("agnhost", Agnhost, 12 * kMiB, SigBit(kSigTerm) | SigBit(kSigInt), 0),
  };
  return *table;
}

}  // namespace

const ProgramSpec* FindBuiltinProgram(std::string_view name) {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<std::string, const ProgramSpec*>;
    for (const ProgramSpec& spec : Table()) (*m)[spec.name] = &spec;
    return m;
  }();
  auto it = index->find(ToAbsl(name));
  return it == index->end() ? nullptr : it->second;
}

std::vector<std::string> BuiltinProgramNames() {
  std::vector<std::string> names;
  for (const ProgramSpec& spec : Table()) names.push_back(spec.name);
  std::sort(names.begin(), names.end());
  return names;
}

ProgramSpec MakeImageProgram(std::string name,
                             std::shared_ptr<const ImageBehavior> behavior) {
  ProgramSpec spec;
  spec.name = std::move(name);
  spec.fn = programs::RunImageBehavior;
  if (behavior->handles_term) {
    spec.catches = SigBit(kSigTerm) | SigBit(kSigInt);
  }
  spec.rss = behavior->memory_start;
  spec.behavior = std::move(behavior);
  return spec;
}

}  // namespace fakecri::userland
