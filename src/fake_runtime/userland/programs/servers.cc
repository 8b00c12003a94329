// File: servers.cc
// Long-running programs of the catalogue's server images (nginx, httpd,
// redis) and of images that declare their behaviour. Each logs what the
// real one logs at start-up and shutdown and handles the signals the real
// one handles, so StopContainer ends them the way it ends real ones.
#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"

namespace fakecri::userland::programs {
namespace {

std::string NginxTime(Proc& p) {
  return absl::FormatTime("%Y/%m/%d %H:%M:%S", absl::FromUnixNanos(p.Now()),
                          absl::UTCTimeZone());
}

std::string RedisTime(Proc& p) {
  return absl::FormatTime("%d %b %Y %H:%M:%E3S", absl::FromUnixNanos(p.Now()),
                          absl::UTCTimeZone());
}

std::string HttpdTime(Proc& p) {
  return absl::FormatTime("%a %b %d %H:%M:%E6S %Y",
                          absl::FromUnixNanos(p.Now()), absl::UTCTimeZone());
}

Task<int> WaitForever(Proc& p, const ProgramSpec&) {
  while (true) {
    int sig = co_await p.WaitSignal();
    if (sig == kSigQuit || sig == kSigTerm || sig == kSigInt) co_return 0;
  }
}

const ProgramSpec& NginxWorker() {
  static const ProgramSpec* spec = [] {
    auto* s = new ProgramSpec;
    s->name = "nginx";
    s->fn = WaitForever;
    s->catches = SigBit(kSigQuit) | SigBit(kSigTerm) | SigBit(kSigInt);
    s->rss = 3 << 20;
    return s;
  }();
  return *spec;
}

}  // namespace

Task<int> ExecInPlace(Proc& p, std::vector<std::string> argv) {
  const ProgramSpec* spec =
      argv.empty() ? nullptr : p.userland().FindProgram(argv[0]);
  if (spec == nullptr) {
    p.Error(
        fakecri::StrCat("exec: ", argv.empty() ? "" : argv[0], ": not found"));
    co_return 127;
  }
  p.mutable_argv() = std::move(argv);
  p.userland().Become(p, *spec);
  co_return co_await spec->fn(p, *spec);
}

Task<int> DockerEntrypoint(Proc& p, const ProgramSpec&) {
  std::vector<std::string> rest(p.argv().begin() + 1, p.argv().end());
  if (rest.empty()) co_return 0;
  if (rest[0] == "nginx" || rest[0] == "nginx-debug") {
    const char* kLines[] = {
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will "
        "attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in "
        "/docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching "
        "/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
        "/etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
        "/etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing "
        "/docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching "
        "/docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching "
        "/docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
    };
    std::string out;
    for (const char* l : kLines) fakecri::StrAppend(&out, l, "\n");
    p.Print(out);
    co_await p.Cpu(5 * runtime::kMillisecond);
  }
  co_return co_await ExecInPlace(p, std::move(rest));
}

Task<int> Nginx(Proc& p, const ProgramSpec&) {
  for (const std::string& a : p.argv()) {
    if (a == "-v" || a == "-V") {
      p.Write(2, "nginx version: nginx/1.27.3\n");
      co_return 0;
    }
    if (a == "-t") {
      p.Write(2,
              "nginx: the configuration file /etc/nginx/nginx.conf syntax is "
              "ok\nnginx: configuration file /etc/nginx/nginx.conf test is "
              "successful\n");
      co_return 0;
    }
  }
  const std::string pid = fakecri::StrCat(p.pid(), "#", p.pid());
  auto notice = [&](std::string_view msg) {
    p.Write(2,
            fakecri::StrCat(NginxTime(p), " [notice] ", pid, ": ", msg, "\n"));
  };
  // Writes its pid file and its logs go to the image's symlinks.
  (void)p.fs().Mkdir("/var/run", true, 0755, Cred{});
  (void)p.fs().WriteFile("/var/run/nginx.pid", fakecri::StrCat(p.pid(), "\n"),
                         false, p.cred);
  notice("using the \"epoll\" event method");
  notice("nginx/1.27.3");
  notice("built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1)");
  notice("OS: Linux 6.1.0-fakecri");
  notice("getrlimit(RLIMIT_NOFILE): 1048576:1048576");
  notice("start worker processes");
  auto worker =
      p.userland().Spawn(p, {"nginx: worker process"}, &NginxWorker());
  notice(fakecri::StrCat("start worker process ", worker->pid()));
  co_await p.Cpu(20 * runtime::kMillisecond);
  while (true) {
    int sig = co_await p.WaitSignal();
    const std::string name = SignalNameOf(sig);
    if (sig == kSigHup) {
      notice(fakecri::StrCat("signal ", sig, " (", name,
                             ") received, reconfiguring"));
      continue;
    }
    if (sig == kSigUsr1) {
      notice(fakecri::StrCat("signal ", sig, " (", name,
                             ") received, reopening logs"));
      continue;
    }
    const bool graceful = sig == kSigQuit;
    notice(fakecri::StrCat("signal ", sig, " (", name, ") received, ",
                           graceful ? "shutting down" : "exiting"));
    if (p.userland().Find(worker->pid()) != nullptr) {
      worker->DeliverSignal(graceful ? kSigQuit : kSigTerm);
      int status = co_await p.WaitChild(worker->pid());
      notice(
          fakecri::StrCat("signal 17 (SIGCHLD) received from ", worker->pid()));
      notice(fakecri::StrCat("worker process ", worker->pid(),
                             " exited with code ", status));
    }
    notice("exit");
    (void)p.fs().Remove("/var/run/nginx.pid", false, Cred{});
    co_return 0;
  }
}

Task<int> HttpdForeground(Proc& p, const ProgramSpec&) {
  // The httpd image's wrapper removes a stale pid file, then execs httpd.
  (void)p.fs().Remove("/usr/local/apache2/logs/httpd.pid", false, Cred{});
  // (A named vector: GCC 12 rejects a braced list inside co_await.)
  std::vector<std::string> argv = {"httpd", "-DFOREGROUND"};
  co_return co_await ExecInPlace(p, std::move(argv));
}

Task<int> Httpd(Proc& p, const ProgramSpec&) {
  auto log = [&](std::string_view module, std::string_view msg) {
    p.Write(2, fakecri::StrCat("[", HttpdTime(p), "] [", module, "] [pid ",
                               p.pid(), ":tid ", p.pid(), "] ", msg, "\n"));
  };
  const std::string fqdn_warning = fakecri::StrCat(
      "AH00558: httpd: Could not reliably determine the server's fully "
      "qualified domain name, using ",
      p.hostname,
      ". Set the 'ServerName' directive globally to suppress this message\n");
  p.Write(2, fqdn_warning);
  p.Write(2, fqdn_warning);
  log("mpm_event:notice",
      "AH00489: Apache/2.4.62 (Unix) configured -- resuming normal "
      "operations");
  log("core:notice", fakecri::StrCat("AH00094: Command line: '",
                                     absl::StrJoin(p.argv(), " "), "'"));
  co_await p.Cpu(15 * runtime::kMillisecond);
  while (true) {
    int sig = co_await p.WaitSignal();
    if (sig == kSigWinch) {
      log("mpm_event:notice",
          "AH00492: caught SIGWINCH, shutting down gracefully");
      co_return 0;
    }
    if (sig == kSigTerm || sig == kSigInt) {
      log("mpm_event:notice", "AH00491: caught SIGTERM, shutting down");
      co_return 0;
    }
    if (sig == kSigHup || sig == kSigUsr1) {
      log("mpm_event:notice",
          "AH00493: SIGUSR1 received.  Doing graceful restart");
    }
  }
}

Task<int> RedisServer(Proc& p, const ProgramSpec&) {
  const std::string pid = fakecri::StrCat(p.pid());
  auto line = [&](char role, char level, std::string_view msg) {
    p.Print(fakecri::StrCat(pid, ":", std::string(1, role), " ", RedisTime(p),
                            " ", std::string(1, level), " ", msg, "\n"));
  };
  line('C', '*', "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
  line('C', '*',
       fakecri::StrCat("Redis version=7.4.1, bits=64, commit=00000000, "
                       "modified=0, pid=",
                       pid, ", just started"));
  line('C', '#',
       "Warning: no config file specified, using the default config. In "
       "order to specify a config file use redis-server /path/to/redis.conf");
  line('M', '*', "monotonic clock: POSIX clock_gettime");
  line('M', '*', "Running mode=standalone, port=6379.");
  line('M', '*', "Server initialized");
  line('M', '*', "Ready to accept connections tcp");
  co_await p.Cpu(10 * runtime::kMillisecond);
  while (true) {
    int sig = co_await p.WaitSignal();
    if (sig != kSigTerm && sig != kSigInt) continue;
    p.Print(fakecri::StrCat(
        pid, ":signal-handler (", p.Now() / runtime::kSecond, ") Received ",
        sig == kSigTerm ? "SIGTERM" : "SIGINT", " scheduling shutdown...\n"));
    line('M', '*', "User requested shutdown...");
    line('M', '*', "Saving the final RDB snapshot before exiting.");
    (void)p.fs().WriteFile(MemFs::Resolve(p.cwd, "dump.rdb"),
                           "REDIS0011\xfa\x09redis-ver\x05"
                           "7.4.1\xff",
                           false, p.cred);
    line('M', '*', "DB saved on disk");
    line('M', '#', "Redis is now ready to exit, bye bye...");
    co_return 0;
  }
}

Task<int> Agnhost(Proc& p, const ProgramSpec&) {
  const std::string sub = p.argv().size() > 1 ? p.argv()[1] : "";
  if (sub == "pause") {
    p.Print("Paused\n");
    int sig = co_await p.WaitSignal();
    p.Print(fakecri::StrCat("Shutting down after receiving signal: ",
                            sig == kSigInt ? "interrupt" : "terminated",
                            ".\n"));
    co_return 0;
  }
  if (sub == "netexec" || sub == "serve-hostname" || sub == "test-webserver" ||
      sub == "porter" || sub == "liveness" || sub == "webhook") {
    if (sub == "netexec") {
      p.Print(
          "Started HTTP server on port 8080\nStarted UDP server on port "
          "8081\n");
    }
    co_await p.WaitSignal();
    // Go programs exit 2 when they get a signal they did not ask for.
    co_return 2;
  }
  if (sub.empty()) {
    p.Print("Usage:\n  agnhost [command]\n");
    co_return 0;
  }
  p.Write(2, fakecri::StrCat("Error: unknown command \"", sub,
                             "\" for \"agnhost\"\nRun 'agnhost --help' for "
                             "usage.\n"));
  co_return 1;
}

Task<int> RunImageBehavior(Proc& p, const ProgramSpec& spec) {
  const userland::ImageBehavior& b = *spec.behavior;
  std::string out;
  for (const std::string& l : b.startup_lines)
    fakecri::StrAppend(&out, l, "\n");
  p.Print(out);
  const TimeNs start = p.Now();
  p.SetRss(b.memory_start);
  p.CheckKilled();
  const TimeNs end = b.run == ImageBehavior::Run::kForever
                         ? std::numeric_limits<TimeNs>::max()
                         : start + b.exit_after;
  // Wakes for the next periodic line, memory step (every second) or end.
  // Times are tracked as deadlines, not multiples of the period: on a real
  // clock a timer fires a little after its due time.
  constexpr TimeNs kNever = std::numeric_limits<TimeNs>::max();
  TimeNs next_line = b.period > 0 ? start + b.period : kNever;
  TimeNs next_mem =
      b.memory_growth_per_s > 0 ? start + runtime::kSecond : kNever;
  while (true) {
    const TimeNs now = p.Now();
    if (now >= end) break;
    const TimeNs next = std::min({end, next_line, next_mem});
    if (next == kNever) {
      // Nothing to do but wait for a signal.
      int sig = co_await p.WaitSignal();
      if (b.handles_term && (sig == kSigTerm || sig == kSigInt)) co_return 0;
      continue;
    }
    const bool full = co_await p.Sleep(next - now);
    if (!full) {
      int sig = p.TakeSignal();
      if (b.handles_term && (sig == kSigTerm || sig == kSigInt)) co_return 0;
      continue;
    }
    const TimeNs t = p.Now();
    if (t >= next_line && t < end) {
      p.Print(b.periodic_line + "\n");
      while (next_line <= t) next_line += b.period;
      co_await p.Cpu(50'000);
    }
    if (t >= next_mem) {
      const double secs = static_cast<double>(t - start) / 1e9;
      p.SetRss(b.memory_start +
               static_cast<uint64_t>(
                   secs * static_cast<double>(b.memory_growth_per_s)));
      p.CheckKilled();
      next_mem = t + runtime::kSecond;
    }
  }
  if (b.run == ImageBehavior::Run::kCrash) {
    p.Write(2,
            "panic: runtime error: invalid memory address or nil pointer "
            "dereference\n[signal SIGSEGV: segmentation violation]\n");
    co_return 128 + kSigSegv;
  }
  co_return b.exit_code;
}

}  // namespace fakecri::userland::programs
