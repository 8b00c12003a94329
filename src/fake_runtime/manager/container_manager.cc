// Construction, lookups, event-log helpers and the CRI views (status, info,
// stats) shared by the per-RPC files.
#include "fake_runtime/manager/container_manager.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "fake_runtime/common/quote.h"
#include "fake_runtime/manager/cri_enums.h"
#include "fake_runtime/oci/signals.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

nlohmann::json ProtoToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = false;
  if (!google::protobuf::util::MessageToJsonString(m, &out, opts).ok()) {
    return nlohmann::json::object();
  }
  return nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
}

// Numeric ids for the user names the catalogue's images use.
int64_t WellKnownUid(absl::string_view name) {
  static const std::pair<absl::string_view, int64_t> kUsers[] = {
      {"root", 0},       {"daemon", 1},     {"bin", 2},
      {"nobody", 65534}, {"www-data", 33},  {"nginx", 101},
      {"redis", 999},    {"postgres", 999}, {"users", 100},
  };
  for (const auto& [n, id] : kUsers) {
    if (n == name) return id;
  }
  return 0;
}

// "uid[:gid]" or "name[:group]" -> ids.
std::pair<int64_t, int64_t> ParseImageUser(absl::string_view user) {
  if (user.empty()) return {0, 0};
  std::vector<absl::string_view> parts =
      absl::StrSplit(user, absl::MaxSplits(':', 1));
  int64_t uid = 0;
  if (!absl::SimpleAtoi(parts[0], &uid)) uid = WellKnownUid(parts[0]);
  int64_t gid = uid;
  if (parts.size() == 2 && !absl::SimpleAtoi(parts[1], &gid)) {
    gid = WellKnownUid(parts[1]);
  }
  return {uid, gid};
}

}  // namespace

ContainerManager::ContainerManager(ManagerOptions options, Clock& clock,
                                   EventLog& log, ImageStore& images)
    : options_(std::move(options)),
      clock_(clock),
      log_(log),
      images_(images),
      log_sink_(logs::MaxOpenLogFilesForThisProcess(), options_.log_root),
      sched_(clock, mu_),
      id_stream_(options_.seed, "ids") {
  uint32_t first_pid = 1000;
  for (auto& profile : BuiltInHandlerProfiles()) {
    std::string name = profile.name;
    handlers_[name].oci =
        std::make_unique<OciRuntime>(std::move(profile), log_, first_pid);
    first_pid += 100000;  // disjoint pid ranges make the event log readable
  }
  ManagerLock l(this);
  pod_cidr_ = options_.pod_cidr;
  if (!ips_.SetCidr(pod_cidr_).ok()) pod_cidr_ = ips_.cidr().ToString();
}

ContainerManager::~ContainerManager() {
  Shutdown();
  // Userlands go before the scheduler they run on.
  fakecri::MutexLock l(&mu_);
  for (const auto& [id, ctr] : containers_.items()) {
    ctr->userland.reset();
  }
}

ContainerManager::ManagerLock::ManagerLock(ContainerManager* m) : m_(m) {
  m_->mu_.Lock();
}

ContainerManager::ManagerLock::~ManagerLock() {
  std::vector<std::function<void()>> after = m_->sched_.TakeAfterUnlock();
  m_->mu_.Unlock();
  for (auto& fn : after) fn();
}

void ContainerManager::Shutdown() {
  {
    ManagerLock l(this);
    shutting_down_ = true;
    const absl::Status gone =
        absl::UnavailableError("runtime is shutting down");
    for (auto& [id, done] : std::exchange(pending_execs_, {})) {
      sched_.AfterUnlock([d = std::move(done), gone] { d(gone); });
    }
    for (const auto& [id, ctr] : containers_.items()) {
      for (auto& waiter : std::exchange(ctr->stop_waiters, {})) {
        sched_.AfterUnlock([w = std::move(waiter), gone] { w(gone); });
      }
      if (ctr->log != nullptr) ctr->log->Flush();
    }
  }
  log_sink_.Sync();
}

void ContainerManager::SyncLogs() {
  {
    ManagerLock l(this);
    for (const auto& [id, ctr] : containers_.items()) {
      if (ctr->log != nullptr) ctr->log->Flush();
    }
  }
  log_sink_.Sync();
}

void ContainerManager::WithUserland(
    absl::string_view container_id,
    const std::function<void(userland::Userland*)>& fn) {
  ManagerLock l(this);
  ContainerRecord* ctr = containers_.ResolveOrNull(container_id);
  fn(ctr != nullptr ? ctr->userland.get() : nullptr);
  sched_.RunReady();
}

OciRuntime* ContainerManager::HandlerFor(absl::string_view runtime_handler) {
  if (runtime_handler.empty()) runtime_handler = "runc";
  auto it = handlers_.find(runtime_handler);
  return it == handlers_.end() ? nullptr : it->second.oci.get();
}

absl::StatusOr<SandboxRecord*> ContainerManager::FindSandbox(
    absl::string_view id) {
  auto r = sandboxes_.Resolve(id, "sandbox");
  if (r.status().code() == absl::StatusCode::kNotFound) {
    // containerd's wording, kept because logs and tests grep for it.
    return absl::NotFoundError(absl::StrCat(
        "an error occurred when try to find sandbox: not found: sandbox ",
        QuoteInput(id), " does not exist"));
  }
  return r;
}

absl::StatusOr<ContainerRecord*> ContainerManager::FindContainer(
    absl::string_view id) {
  auto r = containers_.Resolve(id, "container");
  if (r.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(
        absl::StrCat("an error occurred when try to find container ",
                     QuoteInput(id), ": not found"));
  }
  return r;
}

absl::StatusOr<ContainerRecord*> ContainerManager::FindContainerFor(
    absl::string_view id, ContainerOp op) {
  auto ctr = FindContainer(id);
  if (!ctr.ok()) return ctr;
  if (auto next = ContainerTransition((*ctr)->state, op); !next.ok()) {
    return next.status();
  }
  return ctr;
}

absl::Status ContainerManager::TransitionContainer(
    Ctx c, ContainerRecord& ctr, ContainerOp op, absl::string_view why,
    CriEvents events, absl::FunctionRef<void()> update) {
  const std::optional<ContainerState> from =
      op == ContainerOp::kCreate ? std::nullopt
                                 : std::optional<ContainerState>(ctr.state);
  absl::StatusOr<ContainerState> to = ContainerTransition(from, op);
  if (!to.ok()) return to.status();
  if (from == *to) return absl::OkStatus();
  update();
  ctr.state = *to;
  RecordTransition(c, "container", ctr.id,
                   from ? ContainerStateName(*from) : "none",
                   ContainerStateName(*to), why);
  if (!events.empty()) {
    const SandboxRecord* sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
    for (const auto type : events) EmitCriEvent(ctr.id, sb, type);
  }
  return absl::OkStatus();
}

absl::Status ContainerManager::TransitionSandbox(
    Ctx c, SandboxRecord& sb, SandboxOp op, absl::string_view why,
    CriEvents events, absl::FunctionRef<void()> update) {
  const std::optional<SandboxState> from =
      op == SandboxOp::kRun ? std::nullopt
                            : std::optional<SandboxState>(sb.state);
  absl::StatusOr<SandboxState> to = SandboxTransition(from, op);
  if (!to.ok()) return to.status();
  if (from == *to) return absl::OkStatus();
  update();
  sb.state = *to;
  RecordTransition(c, "sandbox", sb.id, from ? SandboxStateName(*from) : "none",
                   SandboxStateName(*to), why);
  for (const auto type : events) EmitCriEvent(sb.id, &sb, type);
  return absl::OkStatus();
}

void ContainerManager::RecordTransition(Ctx c, absl::string_view kind,
                                        absl::string_view id,
                                        absl::string_view from,
                                        absl::string_view to,
                                        absl::string_view why) {
  Event e;
  e.kind = EventKind::kTransition;
  e.span_id = log_.NewSpanId();
  e.parent_span_id = c.span;
  e.subject = std::string(kind);
  e.object_id = std::string(id);
  e.detail = why.empty() ? absl::StrCat(from, " -> ", to)
                         : absl::StrCat(from, " -> ", to, " (", why, ")");
  log_.Append(std::move(e));
}

void ContainerManager::EmitCriEvent(absl::string_view object_id,
                                    const SandboxRecord* sb,
                                    v1::ContainerEventType type) {
  v1::ContainerEventResponse ev;
  ev.set_container_id(std::string(object_id));
  ev.set_container_event_type(type);
  ev.set_created_at(clock_.Now());
  if (sb != nullptr) {
    FillSandboxStatus(*sb, ev.mutable_pod_sandbox_status());
    for (const auto& cid : sb->container_ids) {
      auto ctr = containers_.ResolveOrNull(cid);
      if (ctr != nullptr)
        FillContainerStatus(*ctr, ev.add_containers_statuses());
    }
  }
  Event e;
  e.kind = EventKind::kCriEvent;
  e.subject = v1::ContainerEventType_Name(type);
  e.object_id = std::string(object_id);
  e.time_ns = ev.created_at();
  ev.SerializeToString(&e.cri_event_bytes);
  log_.Append(std::move(e));
}

void ContainerManager::FillSandboxStatus(const SandboxRecord& sb,
                                         v1::PodSandboxStatus* out) {
  out->set_id(sb.id);
  *out->mutable_metadata() = sb.config.metadata();
  out->set_state(ToCri(sb.state));
  out->set_created_at(sb.created_at);
  auto* net = out->mutable_network();
  net->set_ip(sb.ip);
  if (sb.config.has_linux() && sb.config.linux().has_security_context() &&
      sb.config.linux().security_context().has_namespace_options()) {
    *out->mutable_linux()->mutable_namespaces()->mutable_options() =
        sb.config.linux().security_context().namespace_options();
  } else {
    out->mutable_linux()->mutable_namespaces()->mutable_options();
  }
  *out->mutable_labels() = sb.config.labels();
  *out->mutable_annotations() = sb.config.annotations();
  out->set_runtime_handler(sb.runtime_handler);
}

void ContainerManager::FillContainerStatus(const ContainerRecord& ctr,
                                           v1::ContainerStatus* out) {
  v1::ContainerConfig cfg = ctr.config.Get();
  out->set_id(ctr.id);
  out->mutable_metadata()->Swap(cfg.mutable_metadata());
  out->set_state(ToCri(ctr.state));
  out->set_created_at(ctr.created_at);
  out->set_started_at(ctr.started_at);
  out->set_finished_at(ctr.finished_at);
  if (ctr.finished_at != 0) out->set_exit_code(ctr.exit_code);
  out->mutable_image()->set_image(ctr.image_name);
  if (cfg.has_image()) {
    v1::ImageSpec& image = *cfg.mutable_image();
    out->mutable_image()->mutable_annotations()->swap(
        *image.mutable_annotations());
    out->mutable_image()->set_user_specified_image(
        std::move(*image.mutable_user_specified_image()));
    out->mutable_image()->set_runtime_handler(
        std::move(*image.mutable_runtime_handler()));
  }
  out->set_image_ref(ctr.image_digest.empty() ? ctr.image_id
                                              : ctr.image_digest);
  out->set_image_id(ctr.image_id);
  out->set_reason(ctr.reason);
  out->set_message(ctr.message);
  out->mutable_labels()->swap(*cfg.mutable_labels());
  out->mutable_annotations()->swap(*cfg.mutable_annotations());
  out->mutable_mounts()->Swap(cfg.mutable_mounts());
  out->set_log_path(ctr.log_path);
  if (cfg.has_linux() && cfg.linux().has_resources()) {
    *out->mutable_resources()->mutable_linux() = cfg.linux().resources();
  }
  // The user the main process runs as: security context first, then the
  // image's USER, then root.
  auto* user = out->mutable_user()->mutable_linux();
  auto [uid, gid] = ParseImageUser(ctr.image_user);
  if (cfg.has_linux() && cfg.linux().has_security_context()) {
    const auto& sc = cfg.linux().security_context();
    if (sc.has_run_as_user()) {
      uid = sc.run_as_user().value();
      gid = uid == 0 ? 0 : gid;
    }
    if (sc.has_run_as_group()) gid = sc.run_as_group().value();
    user->set_uid(uid);
    user->set_gid(gid);
    user->add_supplemental_groups(gid);
    for (int64_t g : sc.supplemental_groups()) {
      if (g != gid) user->add_supplemental_groups(g);
    }
  } else {
    user->set_uid(uid);
    user->set_gid(gid);
    user->add_supplemental_groups(gid);
  }
  int sig = SignalNumber(cfg.stop_signal());
  if (sig == 0) sig = SignalNumber(ctr.image_stop_signal);
  if (sig == 0) sig = kSigTerm;
  out->set_stop_signal(SignalEnum(sig));
}

std::string ContainerManager::SandboxInfoJson(const SandboxRecord& sb) {
  nlohmann::json j;
  OciRuntime* oci = HandlerFor(sb.runtime_handler);
  j["pid"] = sb.pid;
  j["processStatus"] = sb.state == SandboxState::kReady ? "running" : "stopped";
  j["netNamespaceClosed"] = sb.state != SandboxState::kReady;
  j["image"] = options_.sandbox_image;
  j["snapshotKey"] = sb.id;
  j["snapshotter"] = "overlayfs";
  j["runtimeHandler"] = sb.runtime_handler;
  j["runtimeType"] = oci ? oci->profile().runtime_type : "";
  j["config"] = ProtoToJson(sb.config);
  j["runtimeSpec"] = {
      {"ociVersion", "1.1.0"},
      {"process", {{"args", {"/pause"}}, {"cwd", "/"}}},
      {"hostname", sb.config.hostname()},
      {"linux", {{"cgroupsPath", sb.config.linux().cgroup_parent()}}}};
  j["simulated"] = true;
  return j.dump();
}

std::string ContainerManager::ContainerInfoJson(const ContainerRecord& ctr) {
  nlohmann::json j;
  auto sb = sandboxes_.ResolveOrNull(ctr.sandbox_id);
  OciRuntime* oci = HandlerFor(sb ? sb->runtime_handler : "");
  j["sandboxID"] = ctr.sandbox_id;
  j["pid"] = ctr.pid;
  j["removing"] = false;
  j["snapshotKey"] = ctr.id;
  j["snapshotter"] = "overlayfs";
  j["runtimeType"] = oci ? oci->profile().runtime_type : "";
  j["runtimeOptions"] = nlohmann::json::object();
  const v1::ContainerConfig cfg = ctr.config.Get();
  j["config"] = ProtoToJson(cfg);
  nlohmann::json args = nlohmann::json::array();
  for (const auto& a : cfg.command()) args.push_back(a);
  for (const auto& a : cfg.args()) args.push_back(a);
  j["runtimeSpec"] = {
      {"ociVersion", "1.1.0"},
      {"process",
       {{"args", args},
        {"cwd", cfg.working_dir().empty() ? "/" : cfg.working_dir()}}}};
  j["simulated"] = true;
  return j.dump();
}

void ContainerManager::FillContainerStats(const ContainerRecord& ctr,
                                          TimeNs now, v1::ContainerStats* out) {
  auto* attr = out->mutable_attributes();
  v1::ContainerConfig cfg = ctr.config.Get();
  attr->set_id(ctr.id);
  attr->mutable_metadata()->Swap(cfg.mutable_metadata());
  attr->mutable_labels()->swap(*cfg.mutable_labels());
  attr->mutable_annotations()->swap(*cfg.mutable_annotations());
  // Figures come from the simulated processes: CPU they used, memory they
  // hold, files they wrote. usage_nano_cores is the rate since the previous
  // sample (since start for the first), as containerd computes it.
  const userland::Userland* ul = ctr.userland.get();
  const int64_t cpu_ns = ul != nullptr ? ul->CpuUsageNs() : 0;
  uint64_t rate = 0;
  if (ul != nullptr && ctr.state == ContainerState::kRunning) {
    const TimeNs since =
        ctr.last_stats_at != 0 ? ctr.last_stats_at : ctr.started_at;
    const int64_t used =
        cpu_ns - (ctr.last_stats_at != 0 ? ctr.last_stats_cpu_ns : 0);
    if (now > since) {
      rate = static_cast<uint64_t>(static_cast<long double>(used) * kSecond /
                                   (now - since));
    }
    ctr.last_stats_at = now;
    ctr.last_stats_cpu_ns = cpu_ns;
  }
  auto* cpu = out->mutable_cpu();
  cpu->set_timestamp(now);
  cpu->mutable_usage_core_nano_seconds()->set_value(cpu_ns);
  cpu->mutable_usage_nano_cores()->set_value(rate);
  const uint64_t mem = ul != nullptr && ctr.state == ContainerState::kRunning
                           ? ul->MemoryBytes()
                           : 0;
  auto* m = out->mutable_memory();
  m->set_timestamp(now);
  m->mutable_working_set_bytes()->set_value(mem);
  m->mutable_usage_bytes()->set_value(mem + mem / 8);
  m->mutable_rss_bytes()->set_value(mem * 3 / 4);
  int64_t limit = cfg.linux().resources().memory_limit_in_bytes();
  m->mutable_available_bytes()->set_value(
      limit > 0 && static_cast<uint64_t>(limit) > mem ? limit - mem : 0);
  m->mutable_page_faults()->set_value(mem / 4096);
  m->mutable_major_page_faults()->set_value(0);
  auto* fs = out->mutable_writable_layer();
  fs->set_timestamp(now);
  fs->mutable_fs_id()->set_mountpoint(options_.image_fs_mountpoint);
  // What the container wrote into its writable layer.
  fs->mutable_used_bytes()->set_value(
      ul != nullptr ? ctr.userland->fs().WritableBytes() : 0);
  fs->mutable_inodes_used()->set_value(
      ul != nullptr ? ctr.userland->fs().WritableInodes() : 0);
}

void ContainerManager::FillSandboxStats(const SandboxRecord& sb, TimeNs now,
                                        v1::PodSandboxStats* out) {
  auto* attr = out->mutable_attributes();
  attr->set_id(sb.id);
  *attr->mutable_metadata() = sb.config.metadata();
  *attr->mutable_labels() = sb.config.labels();
  *attr->mutable_annotations() = sb.config.annotations();
  auto* linux = out->mutable_linux();
  uint64_t cpu_total = 0, rate = 0, mem = 0, processes = 0;
  // The pause process itself costs a little.
  const bool ready = sb.state == SandboxState::kReady;
  if (ready) {
    mem += 512 * 1024;
    processes += 1;
  }
  for (const auto& cid : sb.container_ids) {
    auto ctr = containers_.ResolveOrNull(cid);
    if (ctr == nullptr) continue;
    auto* cs = linux->add_containers();
    FillContainerStats(*ctr, now, cs);
    cpu_total += cs->cpu().usage_core_nano_seconds().value();
    rate += cs->cpu().usage_nano_cores().value();
    mem += cs->memory().working_set_bytes().value();
    if (ctr->state == ContainerState::kRunning) processes += 1;
  }
  linux->mutable_cpu()->set_timestamp(now);
  linux->mutable_cpu()->mutable_usage_core_nano_seconds()->set_value(cpu_total);
  linux->mutable_cpu()->mutable_usage_nano_cores()->set_value(rate);
  linux->mutable_memory()->set_timestamp(now);
  linux->mutable_memory()->mutable_working_set_bytes()->set_value(mem);
  linux->mutable_memory()->mutable_usage_bytes()->set_value(mem + mem / 8);
  linux->mutable_memory()->mutable_rss_bytes()->set_value(mem * 3 / 4);
  linux->mutable_memory()->mutable_available_bytes()->set_value(0);
  linux->mutable_memory()->mutable_page_faults()->set_value(cpu_total /
                                                            1'000'000);
  linux->mutable_memory()->mutable_major_page_faults()->set_value(0);
  auto* net = linux->mutable_network();
  net->set_timestamp(now);
  // Traffic grows with the time the pod has had a network.
  TimeNs end = ready ? now : sb.stopped_at;
  uint64_t secs =
      static_cast<uint64_t>(std::max<TimeNs>(0, end - sb.created_at) / kSecond);
  auto* eth = net->mutable_default_interface();
  eth->set_name("eth0");
  eth->mutable_rx_bytes()->set_value(sb.ip.empty() && ready ? 0 : secs * 1200);
  eth->mutable_rx_errors()->set_value(0);
  eth->mutable_tx_bytes()->set_value(sb.ip.empty() && ready ? 0 : secs * 800);
  eth->mutable_tx_errors()->set_value(0);
  *net->add_interfaces() = *eth;
  linux->mutable_process()->set_timestamp(now);
  linux->mutable_process()->mutable_process_count()->set_value(processes);
}

ContainerManager::Counts ContainerManager::CountsForTest() {
  ManagerLock l(this);
  Counts c;
  c.sandboxes = sandboxes_.size();
  c.containers = containers_.size();
  c.names = sandbox_names_.size() + container_names_.size();
  c.ips = ips_.InUse();
  for (auto& [name, h] : handlers_) c.tasks += h.oci->TaskCount();
  return c;
}

}  // namespace fakecri::runtime
