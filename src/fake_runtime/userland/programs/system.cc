// File: system.cc
// Programs about time, identity and processes: sleep, env, hostname, date,
// id, whoami, uname, pgrep, kill, ps, pause, top, stress.
#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "fake_runtime/common/signal_names.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/fs/container_files.h"
#include "fake_runtime/userland/process/userland.h"
#include "fake_runtime/userland/programs/programs.h"

namespace fakecri::userland::programs {
namespace {

userland::PasswdLookup Accounts(Proc& p) {
  auto passwd = p.fs().ReadFile("/etc/passwd", Cred{}, p.pid());
  auto group = p.fs().ReadFile("/etc/group", Cred{}, p.pid());
  return userland::PasswdLookup(passwd.ok() ? *passwd : "",
                                group.ok() ? *group : "");
}

std::optional<std::string> UserName(Proc& p, uint32_t uid) {
  auto e = Accounts(p).ByUid(uid);
  if (!e) return std::nullopt;
  return e->name;
}

std::optional<std::string> GroupName(Proc& p, uint32_t gid) {
  auto e = Accounts(p).GroupByGid(gid);
  if (!e) return std::nullopt;
  return e->name;
}

std::string WithName(uint32_t id, const std::optional<std::string>& name) {
  return name ? fakecri::StrCat(id, "(", *name, ")") : fakecri::StrCat(id);
}

// Command name as ps and pgrep show it.
std::string Comm(const Proc& q) {
  if (q.argv().empty()) return "";
  std::string_view a = q.argv()[0];
  auto slash = a.rfind('/');
  return std::string(slash == std::string_view::npos ? a : a.substr(slash + 1));
}

}  // namespace

bool ParseSleepDuration(std::string_view s, DurationNs* out) {
  if (s.empty()) return false;
  double mult = 1;
  switch (s.back()) {
    case 's':
      mult = 1;
      s.remove_suffix(1);
      break;
    case 'm':
      mult = 60;
      s.remove_suffix(1);
      break;
    case 'h':
      mult = 3600;
      s.remove_suffix(1);
      break;
    case 'd':
      mult = 86400;
      s.remove_suffix(1);
      break;
    default:
      break;
  }
  double v;
  if (s.empty() || !absl::SimpleAtod(ToAbsl(s), &v) || v < 0 || std::isnan(v)) {
    return false;
  }
  *out = static_cast<DurationNs>(v * mult * 1e9);
  return true;
}

Task<int> Sleep(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  if (argv.size() < 2) {
    p.Error("usage: sleep [N]...");
    co_return 1;
  }
  DurationNs total = 0;
  bool forever = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    DurationNs d;
    if (argv[i] == "infinity" || argv[i] == "inf") {
      forever = true;
    } else if (ParseSleepDuration(argv[i], &d)) {
      total += d;
    } else {
      p.Error(fakecri::StrCat("invalid number '", argv[i], "'"));
      co_return 1;
    }
  }
  if (forever) {
    while (true) co_await p.Sleep(24 * 3600 * runtime::kSecond);
  }
  co_await p.Sleep(total);
  co_return 0;
}

Task<int> Env(Proc& p, const ProgramSpec&) {
  std::vector<std::string> argv = p.argv();
  std::vector<std::string> env = p.env;
  size_t i = 1;
  if (i < argv.size() && (argv[i] == "-i" || argv[i] == "-")) {
    env.clear();
    ++i;
  }
  for (; i < argv.size() && argv[i].find('=') != std::string::npos; ++i) {
    const std::string name = argv[i].substr(0, argv[i].find('='));
    std::erase_if(env, [&](const std::string& e) {
      return e.compare(0, name.size() + 1, name + "=") == 0;
    });
    env.push_back(argv[i]);
  }
  if (i == argv.size()) {
    std::string out;
    for (const std::string& e : env) fakecri::StrAppend(&out, e, "\n");
    p.Print(out);
    co_return 0;
  }
  p.env = std::move(env);
  std::vector<std::string> rest(argv.begin() + i, argv.end());
  co_return co_await ExecInPlace(p, std::move(rest));
}

Task<int> Hostname(Proc& p, const ProgramSpec&) {
  p.Print(fakecri::StrCat(p.hostname, "\n"));
  co_return 0;
}

Task<int> Uname(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  const bool all = std::find(argv.begin(), argv.end(), "-a") != argv.end();
  if (all) {
    p.Print(fakecri::StrCat(
        "Linux ", p.hostname,
        " 6.1.0-fakecri #1 SMP PREEMPT_DYNAMIC x86_64 Linux\n"));
  } else if (std::find(argv.begin(), argv.end(), "-r") != argv.end()) {
    p.Print("6.1.0-fakecri\n");
  } else if (std::find(argv.begin(), argv.end(), "-n") != argv.end()) {
    p.Print(fakecri::StrCat(p.hostname, "\n"));
  } else if (std::find(argv.begin(), argv.end(), "-m") != argv.end()) {
    p.Print("x86_64\n");
  } else {
    p.Print("Linux\n");
  }
  co_return 0;
}

Task<int> Date(Proc& p, const ProgramSpec&) {
  absl::Time now = absl::FromUnixNanos(p.Now());
  std::string format = "%a %b %e %H:%M:%S UTC %Y";
  for (size_t i = 1; i < p.argv().size(); ++i) {
    const std::string& a = p.argv()[i];
    if (!a.empty() && a[0] == '+') format = a.substr(1);
  }
  // absl knows %s; %N (nanoseconds) is GNU-only but common in scripts.
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 'N') {
      out += absl::StrFormat("%09d", p.Now() % runtime::kSecond);
      ++i;
    } else if (format[i] == '%' && i + 1 < format.size()) {
      out += absl::FormatTime(format.substr(i, 2), now, absl::UTCTimeZone());
      ++i;
    } else {
      out += format[i];
    }
  }
  p.Print(out + "\n");
  co_return 0;
}

Task<int> Id(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  bool u = false, g = false, G = false, n = false;
  std::optional<std::string> user;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() > 1 && a[0] == '-') {
      for (char c : a.substr(1)) {
        u |= c == 'u';
        g |= c == 'g';
        G |= c == 'G';
        n |= c == 'n';
      }
    } else {
      user = a;
    }
  }
  Cred cred = p.cred;
  if (user) {
    auto accounts = Accounts(p);
    auto entry = accounts.ByName(*user);
    if (!entry) {
      p.Error(fakecri::StrCat("unknown user ", *user));
      co_return 1;
    }
    cred.uid = entry->uid;
    cred.gid = entry->gid;
    cred.groups = accounts.GroupsOf(entry->name, entry->gid);
  }
  // Groups: the primary group, then supplementary ones, without repeats.
  std::vector<uint32_t> groups = {cred.gid};
  for (uint32_t gid : cred.groups) {
    if (std::find(groups.begin(), groups.end(), gid) == groups.end()) {
      groups.push_back(gid);
    }
  }
  auto show = [&](uint32_t id, bool is_group) -> std::string {
    if (!n) return fakecri::StrCat(id);
    auto name = is_group ? GroupName(p, id) : UserName(p, id);
    return name ? *name : fakecri::StrCat(id);
  };
  if (u) {
    p.Print(show(cred.uid, false) + "\n");
  } else if (g) {
    p.Print(show(cred.gid, true) + "\n");
  } else if (G) {
    std::vector<std::string> parts;
    for (uint32_t gid : groups) parts.push_back(show(gid, true));
    p.Print(absl::StrJoin(parts, " ") + "\n");
  } else {
    std::vector<std::string> parts;
    for (uint32_t gid : groups)
      parts.push_back(WithName(gid, GroupName(p, gid)));
    p.Print(fakecri::StrCat("uid=", WithName(cred.uid, UserName(p, cred.uid)),
                            " gid=", WithName(cred.gid, GroupName(p, cred.gid)),
                            " groups=", absl::StrJoin(parts, ","), "\n"));
  }
  co_return 0;
}

Task<int> Whoami(Proc& p, const ProgramSpec&) {
  auto name = UserName(p, p.cred.uid);
  if (!name) {
    p.Error(fakecri::StrCat("unknown uid ", p.cred.uid));
    co_return 1;
  }
  p.Print(*name + "\n");
  co_return 0;
}

Task<int> Pgrep(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  bool full = false, list = false;
  std::string pattern;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-f")
      full = true;
    else if (a == "-l")
      list = true;
    else if (!a.empty() && a[0] != '-')
      pattern = a;
  }
  std::string out;
  int status = 1;
  for (const auto& q : p.userland().Processes()) {
    if (q->pid() == p.pid()) continue;
    std::string subject = full ? absl::StrJoin(q->argv(), " ") : Comm(*q);
    if (subject.find(pattern) == std::string::npos) continue;
    status = 0;
    fakecri::StrAppend(&out, q->pid(), list ? " " + Comm(*q) : "", "\n");
  }
  p.Print(out);
  co_return status;
}

Task<int> Kill(Proc& p, const ProgramSpec&) {
  const auto& argv = p.argv();
  int sig = kSigTerm;
  size_t i = 1;
  if (i < argv.size() && argv[i] == "-l") {
    std::string out;
    for (int s = 1; s < 32; ++s) {
      std::string name = SignalNameOf(s);
      if (!name.empty()) fakecri::StrAppend(&out, name.substr(3), "\n");
    }
    p.Print(out);
    co_return 0;
  }
  if (i < argv.size() && argv[i] == "-s" && i + 1 < argv.size()) {
    sig = SignalFromName(argv[i + 1]);
    if (sig == 0) {
      p.Error(fakecri::StrCat("bad signal name '", argv[i + 1], "'"));
      co_return 1;
    }
    i += 2;
  } else if (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' &&
             argv[i] != "--") {
    std::string name = argv[i].substr(1);
    sig = name == "0" ? 0 : SignalFromName(name);
    if (sig == 0 && name != "0") {
      p.Error(fakecri::StrCat("bad signal name '", name, "'"));
      co_return 1;
    }
    ++i;
  }
  if (i < argv.size() && argv[i] == "--") ++i;
  if (i >= argv.size()) {
    p.Error("usage: kill [-s SIG | -SIG] PID...");
    co_return 1;
  }
  int status = 0;
  for (; i < argv.size(); ++i) {
    uint32_t pid = 0;
    if (!absl::SimpleAtoi(argv[i], &pid)) {
      p.Error(fakecri::StrCat("invalid number '", argv[i], "'"));
      status = 1;
      continue;
    }
    if (p.userland().Find(pid) == nullptr) {
      p.Error(fakecri::StrCat("can't kill pid ", pid, ": No such process"));
      status = 1;
      continue;
    }
    if (sig != 0) p.userland().Find(pid)->DeliverSignal(sig);
  }
  // A process that signalled itself dies here if the signal was fatal.
  co_await p.Cpu(kBuiltinCpuNs);
  co_return status;
}

Task<int> Ps(Proc& p, const ProgramSpec&) {
  std::string out = "PID   USER     TIME  COMMAND\n";
  for (const auto& q : p.userland().Processes()) {
    auto user = UserName(p, q->cred.uid);
    const int64_t secs = q->cpu_ns() / runtime::kSecond;
    fakecri::StrAppend(
        &out,
        absl::StrFormat("%5d %-8s %2d:%02d %s\n", q->pid(),
                        user ? *user : fakecri::StrCat(q->cred.uid), secs / 60,
                        secs % 60, absl::StrJoin(q->argv(), " ")));
  }
  p.Print(out);
  co_return 0;
}

Task<int> Pause(Proc& p, const ProgramSpec&) {
  // The Kubernetes pause binary: sleeps until SIGINT or SIGTERM, then
  // says why and exits 0.
  int sig = co_await p.WaitSignal();
  p.Write(2,
          fakecri::StrCat("Shutting down, got signal: ",
                          sig == kSigInt ? "Interrupt" : "Terminated", "\n"));
  co_return 0;
}

Task<int> Top(Proc& p, const ProgramSpec&) {
  // Batch-mode style: a snapshot every 5 seconds until killed.
  while (true) {
    std::string out = absl::StrFormat(
        "Mem: %dK used\nCPU:   0%% usr   0%% sys   0%% nic 100%% idle\n"
        "  PID  PPID USER     STAT   VSZ %%VSZ CPU %%CPU COMMAND\n",
        p.userland().MemoryBytes() / 1024);
    for (const auto& q : p.userland().Processes()) {
      fakecri::StrAppend(
          &out,
          absl::StrFormat("%5d %5d %-8d S    %5d   0%%   0   0%% %s\n",
                          q->pid(), q->ppid(), q->cred.uid, q->rss() / 1024,
                          absl::StrJoin(q->argv(), " ")));
    }
    if (!p.Print(out)) co_return 1;
    co_await p.Cpu(200'000);
    co_await p.Sleep(5 * runtime::kSecond);
  }
}

Task<int> Stress(Proc& p, const ProgramSpec&) {
  // stress --vm 1 --vm-bytes 250M [--vm-hang N] [--timeout 10s]: grows to
  // the given size in 10 steps over 100 ms and holds it (the example the
  // Kubernetes docs use to show OOM kills).
  const auto& argv = p.argv();
  uint64_t bytes = 256ull << 20;
  DurationNs timeout = 0;
  for (size_t i = 1; i + 1 < argv.size(); ++i) {
    if (argv[i] == "--vm-bytes") {
      std::string v = argv[i + 1];
      uint64_t mult = 1;
      char unit = v.empty() ? 0 : static_cast<char>(std::toupper(v.back()));
      if (unit == 'K' || unit == 'M' || unit == 'G') {
        mult = unit == 'K' ? 1024 : unit == 'M' ? 1 << 20 : 1 << 30;
        v.pop_back();
      }
      uint64_t n;
      if (!absl::SimpleAtoi(v, &n)) {
        p.Error(fakecri::StrCat("invalid size '", argv[i + 1], "'"));
        co_return 1;
      }
      bytes = n * mult;
    } else if (argv[i] == "--timeout") {
      if (!ParseSleepDuration(argv[i + 1], &timeout)) {
        p.Error(fakecri::StrCat("invalid timeout '", argv[i + 1], "'"));
        co_return 1;
      }
    }
  }
  p.Print(fakecri::StrCat("stress: info: [", p.pid(),
                          "] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"));
  const uint64_t base = p.rss();
  for (int step = 1; step <= 10; ++step) {
    co_await p.Cpu(10 * runtime::kMillisecond);
    p.SetRss(base + bytes / 10 * step);
    p.CheckKilled();
  }
  if (timeout > 0) {
    co_await p.Sleep(timeout);
    p.Print(fakecri::StrCat("stress: info: [", p.pid(),
                            "] successful run completed\n"));
    co_return 0;
  }
  while (true) co_await p.Sleep(3600 * runtime::kSecond);
}

}  // namespace fakecri::userland::programs
