// The container's simulated processes: how the manager turns a container
// config into a userland (command, environment, user, filesystem views), and
// what happens when PID 1 exits.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/oci/signals.h"
#include "fake_runtime/userland/fs/container_files.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;
using userland::Cred;

namespace {

constexpr char kDefaultPath[] =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

void SetEnv(std::vector<std::string>& env, absl::string_view key,
            absl::string_view value) {
  const std::string prefix = absl::StrCat(key, "=");
  for (std::string& e : env) {
    if (absl::StartsWith(e, prefix)) {
      e = absl::StrCat(prefix, value);
      return;
    }
  }
  env.push_back(absl::StrCat(prefix, value));
}

bool HasEnv(const std::vector<std::string>& env, absl::string_view key) {
  const std::string prefix = absl::StrCat(key, "=");
  return std::any_of(env.begin(), env.end(), [&](const std::string& e) {
    return absl::StartsWith(e, prefix);
  });
}

// A container's stdout or stderr: straight into its CRI log writer,
// stamped with the runtime's clock.
class LogOut final : public userland::OutStream {
 public:
  LogOut(std::shared_ptr<logs::CriLogWriter> log, logs::LogStream stream,
         Clock& clock)
      : log_(std::move(log)), stream_(stream), clock_(clock) {}
  bool Write(userland::Proc&, std::string_view bytes) override {
    log_->Write(stream_, bytes, clock_.Now());
    return true;
  }

 private:
  std::shared_ptr<logs::CriLogWriter> log_;
  logs::LogStream stream_;
  Clock& clock_;
};

}  // namespace

absl::StatusOr<userland::UserlandConfig> ContainerManager::UserlandConfigFor(
    const ContainerRecord& ctr, const v1::ContainerConfig& cfg,
    const SandboxRecord& sb, std::vector<std::string>* argv) {
  // The image as pulled; a container whose image was removed since keeps
  // running its config's command (containerd copied the image config into
  // the container spec at creation; fakecri only keeps what it needs).
  std::optional<ImageRecord> image = images_.Find(ctr.image_id);
  const ImageProfile* profile = image ? &image->profile : nullptr;

  // Command: as containerd resolves it. A config command replaces the
  // image entrypoint and drops the image cmd; config args replace the cmd.
  std::vector<std::string> entrypoint, cmd;
  if (!cfg.command().empty()) {
    entrypoint.assign(cfg.command().begin(), cfg.command().end());
    cmd.assign(cfg.args().begin(), cfg.args().end());
  } else {
    if (profile) entrypoint = profile->entrypoint;
    if (!cfg.args().empty()) {
      cmd.assign(cfg.args().begin(), cfg.args().end());
    } else if (profile) {
      cmd = profile->cmd;
    }
  }
  argv->clear();
  argv->insert(argv->end(), entrypoint.begin(), entrypoint.end());
  argv->insert(argv->end(), cmd.begin(), cmd.end());

  userland::UserlandConfig uc;
  uc.hostname = sb.config.hostname().empty() ? sb.config.metadata().name()
                                             : sb.config.hostname();
  // Environment: image, then config (later wins), then what the runtime
  // adds when missing.
  if (profile) uc.env = profile->env;
  for (const auto& kv : cfg.envs()) SetEnv(uc.env, kv.key(), kv.value());
  if (!HasEnv(uc.env, "PATH")) uc.env.insert(uc.env.begin(), kDefaultPath);
  if (!HasEnv(uc.env, "HOSTNAME")) SetEnv(uc.env, "HOSTNAME", uc.hostname);
  uc.working_dir = !cfg.working_dir().empty() ? cfg.working_dir()
                   : (profile && !profile->working_dir.empty())
                       ? profile->working_dir
                       : "/";

  // Filesystem views.
  const auto& sc = cfg.linux().security_context();
  uc.fs.readonly_rootfs = sc.readonly_rootfs();
  uc.fs.masked_paths.assign(sc.masked_paths().begin(), sc.masked_paths().end());
  uc.fs.readonly_paths.assign(sc.readonly_paths().begin(),
                              sc.readonly_paths().end());
  for (const auto& m : cfg.mounts()) {
    uc.fs.mounts.push_back({m.container_path(), m.host_path(), m.readonly()});
  }
  const auto& dns = sb.config.dns_config();
  uc.fs.runtime_files = {
      {"/etc/hostname", userland::HostnameFile(uc.hostname)},
      {"/etc/hosts", userland::HostsFile(uc.hostname, sb.ip)},
      {"/etc/resolv.conf",
       userland::ResolvConf({dns.servers().begin(), dns.servers().end()},
                            {dns.searches().begin(), dns.searches().end()},
                            {dns.options().begin(), dns.options().end()})},
  };
  for (const auto& [k, v] : sb.config.linux().sysctls()) {
    uc.fs.sysctls.emplace_back(k, v);
  }
  const int64_t limit = cfg.linux().resources().memory_limit_in_bytes();
  uc.memory_limit = limit > 0 ? static_cast<uint64_t>(limit) : 0;

  // The image's own program, when its catalogue entry declares behaviour.
  if (profile && profile->behavior) {
    const std::vector<std::string>& own =
        !profile->entrypoint.empty() ? profile->entrypoint : profile->cmd;
    if (!own.empty()) {
      std::string name = own[0].substr(own[0].rfind('/') + 1);
      uc.image_programs.push_back(
          userland::MakeImageProgram(std::move(name), profile->behavior));
    }
  }
  return uc;
}

std::shared_ptr<const userland::PasswdLookup> ContainerManager::PasswdLookupFor(
    userland::Userland& ul) {
  auto passwd = ul.fs().ReadFile("/etc/passwd", Cred{});
  auto group = ul.fs().ReadFile("/etc/group", Cred{});
  const absl::string_view passwd_text =
      passwd.ok() ? absl::string_view(*passwd) : absl::string_view();
  const absl::string_view group_text =
      group.ok() ? absl::string_view(*group) : absl::string_view();
  // The length prefix keeps (passwd, group) pairs from sharing a key.
  std::string key =
      absl::StrCat(passwd_text.size(), ":", passwd_text, group_text);
  auto it = passwd_cache_.find(key);
  if (it != passwd_cache_.end()) return it->second;
  if (passwd_cache_.size() >= 64) passwd_cache_.clear();  // stays small
  auto parsed = std::make_shared<const userland::PasswdLookup>(
      ToStd(passwd_text), ToStd(group_text));
  passwd_cache_.emplace(std::move(key), parsed);
  return parsed;
}

absl::Status ContainerManager::StartProcess(Ctx, ContainerRecord& ctr,
                                            const SandboxRecord& sb) {
  std::vector<std::string> argv;
  const v1::ContainerConfig cfg = ctr.config.Get();
  auto config = UserlandConfigFor(ctr, cfg, sb, &argv);
  if (!config.ok()) return config.status();
  std::shared_ptr<logs::CriLogWriter> log;
  if (!ctr.log_path.empty()) {
    // Threshold 0: every write is handed to the sink thread at once, so
    // `kubectl logs -f` sees lines as they are printed; the sink batches
    // the file I/O. StartContainer has created the file (logs::CreateLogFile).
    log = std::make_shared<logs::CriLogWriter>(
        log_sink_, ctr.log_path, /*flush_threshold=*/0,
        logs::CriLogWriter::Create::kAlreadyDone);
  }
  if (log != nullptr) {
    config->stdout_stream =
        std::make_shared<LogOut>(log, logs::LogStream::kStdout, clock_);
    config->stderr_stream =
        std::make_shared<LogOut>(log, logs::LogStream::kStderr, clock_);
  } else {
    config->stdout_stream = config->stderr_stream = userland::NullOut();
  }
  auto ul = std::make_shared<userland::Userland>(sched_, std::move(*config));

  // The user: CRI run_as_user / run_as_username, else the image USER
  // ("name", "uid", "name:group", "uid:gid"), resolved in the container's
  // own /etc/passwd and /etc/group as runc does; then run_as_group and the
  // supplemental groups.
  const auto& sc = cfg.linux().security_context();
  const std::shared_ptr<const userland::PasswdLookup> lookup =
      PasswdLookupFor(*ul);
  const userland::PasswdLookup& users = *lookup;
  std::string user_spec = ctr.image_user;
  if (sc.has_run_as_user()) {
    user_spec = absl::StrCat(sc.run_as_user().value());
  } else if (!sc.run_as_username().empty()) {
    user_spec = sc.run_as_username();
  }
  absl::StatusOr<Cred> resolved = users.ResolveUser(user_spec);
  if (!resolved.ok()) return resolved.status();
  Cred cred = *resolved;
  if (sc.has_run_as_group()) {
    cred.gid = static_cast<uint32_t>(sc.run_as_group().value());
  }
  for (int64_t g : sc.supplemental_groups()) {
    const auto gid = static_cast<uint32_t>(g);
    if (std::find(cred.groups.begin(), cred.groups.end(), gid) ==
        cred.groups.end()) {
      cred.groups.push_back(gid);
    }
  }
  const auto entry = users.ByUid(cred.uid);
  const std::string home = entry ? entry->home : "/";
  ul->SetCredentials(cred, home);

  const std::string id = ctr.id;
  absl::Status st = ul->StartInit(
      std::move(argv), [this, id](int status) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        OnContainerExit(id, status);
      });
  if (!st.ok()) return st;
  ctr.userland = std::move(ul);
  ctr.log = std::move(log);
  return absl::OkStatus();
}

void ContainerManager::OnContainerExit(const std::string& id, int status) {
  ContainerRecord* ctr = containers_.ResolveOrNull(id);
  if (ctr == nullptr) return;
  // An injected crash ends PID 1 with SIGKILL but reports its own code.
  if (ctr->injected_exit_code) status = *ctr->injected_exit_code;
  const bool oom_killed = ctr->userland && ctr->userland->oom_killed();
  // Refused (no change) unless the container is RUNNING or UNKNOWN: a late
  // exit of a container that already exited changes nothing.
  absl::Status exited = TransitionContainer(
      CallContext{}, *ctr, ContainerOp::kExit,
      absl::StrCat("exit code ", status, oom_killed ? ", OOM killed" : ""),
      // The update runs inside TransitionContainer, under mu_.
      {v1::CONTAINER_STOPPED_EVENT}, [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        const TimeNs now = clock_.Now();
        ctr->injected_exit_code.reset();
        ctr->finished_at = now;
        ctr->exit_code = status;
        ctr->oom_killed = oom_killed;
        ctr->reason = oom_killed    ? "OOMKilled"
                      : status == 0 ? "Completed"
                                    : "Error";
        if (ctr->log) ctr->log->Close(now);
        SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr->sandbox_id);
        HandlerFor(sb ? sb->runtime_handler : "")
            ->MarkExited(0, ctr->id, status);
      });
  if (!exited.ok()) return;
  for (auto& waiter : std::exchange(ctr->stop_waiters, {})) {
    sched_.AfterUnlock([w = std::move(waiter)] { w(absl::OkStatus()); });
  }
}

}  // namespace fakecri::runtime
