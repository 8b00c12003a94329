// File: api.h
// Include this instead of "runtime/v1/api.pb.h". <signal.h> (pulled in by
// GoogleTest, gRPC internals and others) defines SIGTERM & co. as macros,
// and the CRI's `Signal` enum has values with exactly those names, so the
// generated header does not compile after <signal.h>. The colliding macros
// are removed here, for good: code that needs the C signal numbers uses
// fake_runtime/oci/signals.h (or keeps <signal.h> in a file of its own).
#ifndef FAKECRI_CRI_API_H_
#define FAKECRI_CRI_API_H_

#undef SIGABRT
#undef SIGALRM
#undef SIGBUS
#undef SIGCHLD
#undef SIGCLD
#undef SIGCONT
#undef SIGFPE
#undef SIGHUP
#undef SIGILL
#undef SIGINT
#undef SIGIO
#undef SIGIOT
#undef SIGKILL
#undef SIGPIPE
#undef SIGPOLL
#undef SIGPROF
#undef SIGPWR
#undef SIGQUIT
#undef SIGSEGV
#undef SIGSTKFLT
#undef SIGSTOP
#undef SIGSYS
#undef SIGTERM
#undef SIGTRAP
#undef SIGTSTP
#undef SIGTTIN
#undef SIGTTOU
#undef SIGURG
#undef SIGUSR1
#undef SIGUSR2
#undef SIGVTALRM
#undef SIGWINCH
#undef SIGXCPU
#undef SIGXFSZ
#undef SIGRTMIN
#undef SIGRTMINPLUS1
#undef SIGRTMINPLUS2
#undef SIGRTMINPLUS3
#undef SIGRTMINPLUS4
#undef SIGRTMINPLUS5
#undef SIGRTMINPLUS6
#undef SIGRTMINPLUS7
#undef SIGRTMINPLUS8
#undef SIGRTMINPLUS9
#undef SIGRTMINPLUS10
#undef SIGRTMINPLUS11
#undef SIGRTMINPLUS12
#undef SIGRTMINPLUS13
#undef SIGRTMINPLUS14
#undef SIGRTMINPLUS15
#undef SIGRTMAXMINUS14
#undef SIGRTMAXMINUS13
#undef SIGRTMAXMINUS12
#undef SIGRTMAXMINUS11
#undef SIGRTMAXMINUS10
#undef SIGRTMAXMINUS9
#undef SIGRTMAXMINUS8
#undef SIGRTMAXMINUS7
#undef SIGRTMAXMINUS6
#undef SIGRTMAXMINUS5
#undef SIGRTMAXMINUS4
#undef SIGRTMAXMINUS3
#undef SIGRTMAXMINUS2
#undef SIGRTMAXMINUS1
#undef SIGRTMAX

#include "runtime/v1/api.pb.h"  // IWYU pragma: export

#endif  // FAKECRI_CRI_API_H_
