// File: program.h
// The programs of the simulated userland. A program is a coroutine over a
// Proc; its spec says how it treats signals and how much memory it holds,
// so PID 1 semantics and stats follow from what it is.
#ifndef FAKECRI_USERLAND_PROCESS_PROGRAM_H_
#define FAKECRI_USERLAND_PROCESS_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fake_runtime/userland/process/image_behavior.h"
#include "fake_runtime/userland/process/proc.h"

namespace fakecri::userland {

struct ProgramSpec;
using ProgramFn = Task<int> (*)(Proc&, const ProgramSpec&);

struct ProgramSpec {
  std::string name;
  ProgramFn fn = nullptr;
  // Signals the program installs handlers for (bit n = signal n).
  uint64_t catches = 0;
  uint64_t ignores = 0;
  uint64_t rss = 512 * 1024;  // resident memory while it runs
  std::shared_ptr<const ImageBehavior> behavior;  // image programs only
};

constexpr uint64_t SigBit(int sig) { return uint64_t{1} << sig; }

// The built-in programs (echo, sleep, sh, nginx, ...), by name.
const ProgramSpec* FindBuiltinProgram(std::string_view name);
// Names of every built-in program (for /bin listings and docs).
std::vector<std::string> BuiltinProgramNames();

// Program running an image's declared behaviour.
ProgramSpec MakeImageProgram(std::string name,
                             std::shared_ptr<const ImageBehavior> behavior);

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_PROGRAM_H_
