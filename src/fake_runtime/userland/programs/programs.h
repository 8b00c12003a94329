// File: programs.h
// Entry points of the built-in programs (see registry.cc for the table
// that names them and declares their signals and memory).
#ifndef FAKECRI_USERLAND_PROGRAMS_PROGRAMS_H_
#define FAKECRI_USERLAND_PROGRAMS_PROGRAMS_H_

#include <string>
#include <string_view>

#include "fake_runtime/userland/process/program.h"

namespace fakecri::userland::programs {

#define FAKECRI_PROGRAM(Name) Task<int> Name(Proc& p, const ProgramSpec& spec)

// text.cc
FAKECRI_PROGRAM(Echo);
FAKECRI_PROGRAM(Printf);
FAKECRI_PROGRAM(True);
FAKECRI_PROGRAM(False);
FAKECRI_PROGRAM(Yes);
FAKECRI_PROGRAM(Seq);
// files.cc
FAKECRI_PROGRAM(Cat);
FAKECRI_PROGRAM(Ls);
FAKECRI_PROGRAM(Touch);
FAKECRI_PROGRAM(Mkdir);
FAKECRI_PROGRAM(Rm);
FAKECRI_PROGRAM(Head);
FAKECRI_PROGRAM(Tail);
FAKECRI_PROGRAM(Wc);
FAKECRI_PROGRAM(Grep);
FAKECRI_PROGRAM(Tee);
// test.cc
FAKECRI_PROGRAM(Test);
// system.cc
FAKECRI_PROGRAM(Sleep);
FAKECRI_PROGRAM(Env);
FAKECRI_PROGRAM(Hostname);
FAKECRI_PROGRAM(Date);
FAKECRI_PROGRAM(Id);
FAKECRI_PROGRAM(Whoami);
FAKECRI_PROGRAM(Uname);
FAKECRI_PROGRAM(Pgrep);
FAKECRI_PROGRAM(Kill);
FAKECRI_PROGRAM(Ps);
FAKECRI_PROGRAM(Pause);
FAKECRI_PROGRAM(Top);
FAKECRI_PROGRAM(Stress);
// servers.cc
FAKECRI_PROGRAM(Nginx);
FAKECRI_PROGRAM(Httpd);
FAKECRI_PROGRAM(HttpdForeground);
FAKECRI_PROGRAM(RedisServer);
FAKECRI_PROGRAM(DockerEntrypoint);
FAKECRI_PROGRAM(Agnhost);
FAKECRI_PROGRAM(RunImageBehavior);

#undef FAKECRI_PROGRAM

// Shared helpers.
// "5", "0.5", "2s", "3m", "1h", "1d" -> ns; false when malformed.
bool ParseSleepDuration(std::string_view s, DurationNs* out);
// Runs another program in the same process (exec): argv, signals and
// memory become the new program's.
Task<int> ExecInPlace(Proc& p, std::vector<std::string> argv);

}  // namespace fakecri::userland::programs

#endif  // FAKECRI_USERLAND_PROGRAMS_PROGRAMS_H_
