// File: shell_fuzzer.cc
// The simulated shell, parser and interpreter: the input is a script run
// as PID 1 (`sh -c <input>`) of a fresh userland on a virtual clock, for at
// most one second of virtual time (a busy loop yields every 10 ms of CPU),
// then every process is killed. Checked: no crash, no sanitizer report, no
// leak; the parser alone must agree with itself (ParseScript succeeds
// exactly when ParseScriptPrefix reports no error).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/userland/process/scheduler.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/shell/parser.h"

namespace {

using fakecri::runtime::kMillisecond;
using fakecri::runtime::kSecond;

constexpr size_t kMaxScript = 4096;
constexpr size_t kMaxOutput = 64 * 1024;

void RunScript(const std::string& script) {
  fakecri::runtime::VirtualClock clock;
  fakecri::Mutex mu;
  fakecri::userland::Scheduler sched(clock, mu);
  std::string output;
  bool exited = false;
  fakecri::userland::UserlandConfig cfg;
  cfg.hostname = "fuzz-0";
  cfg.env = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "HOSTNAME=fuzz-0", "HOME=/root"};
  cfg.memory_limit = 64ull << 20;
  cfg.output = [&output](bool, std::string_view bytes) {
    if (output.size() < kMaxOutput) output.append(bytes);
  };
  std::shared_ptr<fakecri::userland::Userland> ul;
  {
    fakecri::MutexLock l(&mu);
    ul = std::make_shared<fakecri::userland::Userland>(sched, std::move(cfg));
    (void)ul->StartInit({"sh", "-c", script},
                        [&exited](int) { exited = true; });
    sched.RunReady();
  }
  const auto end = clock.Now() + kSecond;
  while (!exited && clock.Now() < end) {
    clock.AdvanceBy(10 * kMillisecond);
  }
  fakecri::MutexLock l(&mu);
  ul->KillAll();
  sched.RunReady();
  ul.reset();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxScript) return 0;
  const std::string script(reinterpret_cast<const char*>(data), size);
  const bool parses = fakecri::userland::sh::ParseScript(script).ok();
  const bool prefix_ok =
      fakecri::userland::sh::ParseScriptPrefix(script).status.ok();
  if (parses != prefix_ok) {
    std::fprintf(stderr, "shell_fuzzer: ParseScript says %d, prefix %d\n",
                 parses, prefix_ok);
    std::abort();
  }
  RunScript(script);
  return 0;
}
