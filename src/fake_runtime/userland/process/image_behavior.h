// File: image_behavior.h
// What an image's own program does, declared in the image catalogue (YAML
// `behavior:`) instead of being one of the built-in programs: run forever,
// exit or crash after a while, print lines, grow its memory.
#ifndef FAKECRI_USERLAND_PROCESS_IMAGE_BEHAVIOR_H_
#define FAKECRI_USERLAND_PROCESS_IMAGE_BEHAVIOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fake_runtime/clock/clock.h"

namespace fakecri::userland {

// Behaviour declared by an image profile for its own binary (catalogue
// YAML `behavior:`): what the image's default command does.
struct ImageBehavior {
  enum class Run { kForever, kExit, kCrash } run = Run::kForever;
  runtime::DurationNs exit_after = 0;  // kExit / kCrash: when
  int exit_code = 0;                   // kExit; kCrash dies with SIGSEGV (139)
  std::vector<std::string> startup_lines;  // printed at start
  std::string periodic_line;               // printed every `period`
  runtime::DurationNs period = 0;
  uint64_t memory_start = 4 << 20;   // resident bytes at start
  uint64_t memory_growth_per_s = 0;  // bytes/s of clock time
  bool handles_term = true;          // exits 0 on SIGTERM/SIGINT
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_PROCESS_IMAGE_BEHAVIOR_H_
