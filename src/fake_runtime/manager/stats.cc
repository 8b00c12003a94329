// Stats and metrics RPCs. Figures come from the synthetic usage model in
// FillContainerStats: plausible, monotonic, timestamped with the clock.
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"
#include "fake_runtime/manager/filters.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

namespace {

bool HasStats(const ContainerRecord& ctr) {
  return ctr.state == ContainerState::kCreated ||
         ctr.state == ContainerState::kRunning;
}

struct MetricDef {
  const char* name;
  const char* help;
  v1::MetricType type;
};
// cAdvisor names, so dashboards built for the kubelet's /metrics/cadvisor
// recognise them.
constexpr MetricDef kContainerMetrics[] = {
    {"container_cpu_usage_seconds_total",
     "Cumulative cpu time consumed in seconds.", v1::COUNTER},
    {"container_memory_working_set_bytes", "Current working set in bytes.",
     v1::GAUGE},
    {"container_memory_rss", "Size of RSS in bytes.", v1::GAUGE},
    {"container_start_time_seconds",
     "Start time of the container since unix epoch in seconds.", v1::GAUGE},
};
constexpr MetricDef kPodMetrics[] = {
    {"container_network_receive_bytes_total",
     "Cumulative count of bytes received.", v1::COUNTER},
    {"container_network_transmit_bytes_total",
     "Cumulative count of bytes transmitted.", v1::COUNTER},
};

void AddMetric(google::protobuf::RepeatedPtrField<v1::Metric>* out,
               const MetricDef& def, TimeNs now, uint64_t value,
               std::initializer_list<std::string> labels) {
  auto* m = out->Add();
  m->set_name(def.name);
  m->set_timestamp(now);
  m->set_metric_type(def.type);
  for (const auto& l : labels) m->add_label_values(l);
  m->mutable_value()->set_value(value);
}

}  // namespace

absl::Status ContainerManager::ContainerStats(
    Ctx, const v1::ContainerStatsRequest& req,
    v1::ContainerStatsResponse* resp) {
  ManagerLock l(this);
  auto ctr = FindContainer(req.container_id());
  if (!ctr.ok()) return ctr.status();
  FillContainerStats(**ctr, clock_.Now(), resp->mutable_stats());
  return absl::OkStatus();
}

absl::Status ContainerManager::ListContainerStats(
    Ctx, const v1::ListContainerStatsRequest& req,
    v1::ListContainerStatsResponse* resp) {
  ManagerLock l(this);
  const auto& f = req.filter();
  const TimeNs now = clock_.Now();
  std::string sandbox_id = f.pod_sandbox_id();
  if (!sandbox_id.empty()) {
    if (auto sb = sandboxes_.ResolveOrNull(sandbox_id)) sandbox_id = sb->id;
  }
  auto add =
      [&](const ContainerRecord& ctr) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        if (!HasStats(ctr)) return;
        if (!sandbox_id.empty() && ctr.sandbox_id != sandbox_id) return;
        if (!f.label_selector().empty() &&
            !MatchesLabels(ctr.config.Get().labels(), f.label_selector())) {
          return;
        }
        FillContainerStats(ctr, now, resp->add_stats());
      };
  if (!f.id().empty()) {
    if (auto ctr = containers_.ResolveOrNull(f.id())) add(*ctr);
    return absl::OkStatus();
  }
  for (const auto& [id, ctr] : containers_.items()) add(*ctr);
  return absl::OkStatus();
}

absl::Status ContainerManager::PodSandboxStats(
    Ctx, const v1::PodSandboxStatsRequest& req,
    v1::PodSandboxStatsResponse* resp) {
  ManagerLock l(this);
  auto sb = FindSandbox(req.pod_sandbox_id());
  if (!sb.ok()) return sb.status();
  FillSandboxStats(**sb, clock_.Now(), resp->mutable_stats());
  return absl::OkStatus();
}

absl::Status ContainerManager::ListPodSandboxStats(
    Ctx, const v1::ListPodSandboxStatsRequest& req,
    v1::ListPodSandboxStatsResponse* resp) {
  ManagerLock l(this);
  const auto& f = req.filter();
  const TimeNs now = clock_.Now();
  auto add = [&](const SandboxRecord& sb) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (sb.state != SandboxState::kReady) return;
    if (!MatchesLabels(sb.config.labels(), f.label_selector())) return;
    FillSandboxStats(sb, now, resp->add_stats());
  };
  if (!f.id().empty()) {
    if (auto sb = sandboxes_.ResolveOrNull(f.id())) add(*sb);
    return absl::OkStatus();
  }
  for (const auto& [id, sb] : sandboxes_.items()) add(*sb);
  return absl::OkStatus();
}

absl::Status ContainerManager::ListMetricDescriptors(
    Ctx, const v1::ListMetricDescriptorsRequest&,
    v1::ListMetricDescriptorsResponse* resp) {
  for (const auto& def : kContainerMetrics) {
    auto* d = resp->add_descriptors();
    d->set_name(def.name);
    d->set_help(def.help);
    for (const char* k :
         {"container", "id", "image", "name", "namespace", "pod"}) {
      d->add_label_keys(k);
    }
  }
  for (const auto& def : kPodMetrics) {
    auto* d = resp->add_descriptors();
    d->set_name(def.name);
    d->set_help(def.help);
    for (const char* k : {"interface", "namespace", "pod"})
      d->add_label_keys(k);
  }
  return absl::OkStatus();
}

absl::Status ContainerManager::ListPodSandboxMetrics(
    Ctx, const v1::ListPodSandboxMetricsRequest&,
    v1::ListPodSandboxMetricsResponse* resp) {
  ManagerLock l(this);
  const TimeNs now = clock_.Now();
  for (const auto& [id, sb] : sandboxes_.items()) {
    if (sb->state != SandboxState::kReady) continue;
    // Same figures as PodSandboxStats, so both views agree.
    v1::PodSandboxStats stats;
    FillSandboxStats(*sb, now, &stats);
    const auto& md = sb->config.metadata();
    auto* pm = resp->add_pod_metrics();
    pm->set_pod_sandbox_id(sb->id);
    const auto& eth = stats.linux().network().default_interface();
    AddMetric(pm->mutable_metrics(), kPodMetrics[0], now,
              eth.rx_bytes().value(), {"eth0", md.namespace_(), md.name()});
    AddMetric(pm->mutable_metrics(), kPodMetrics[1], now,
              eth.tx_bytes().value(), {"eth0", md.namespace_(), md.name()});
    for (const auto& cs : stats.linux().containers()) {
      auto ctr = containers_.ResolveOrNull(cs.attributes().id());
      if (ctr == nullptr) continue;
      auto* cm = pm->add_container_metrics();
      cm->set_container_id(ctr->id);
      const std::string& name = cs.attributes().metadata().name();
      std::initializer_list<std::string> labels = {
          name, ctr->id, ctr->image_name, name, md.namespace_(), md.name()};
      AddMetric(cm->mutable_metrics(), kContainerMetrics[0], now,
                cs.cpu().usage_core_nano_seconds().value() / 1'000'000'000,
                labels);
      AddMetric(cm->mutable_metrics(), kContainerMetrics[1], now,
                cs.memory().working_set_bytes().value(), labels);
      AddMetric(cm->mutable_metrics(), kContainerMetrics[2], now,
                cs.memory().rss_bytes().value(), labels);
      AddMetric(cm->mutable_metrics(), kContainerMetrics[3], now,
                static_cast<uint64_t>(ctr->started_at / kSecond), labels);
    }
  }
  return absl::OkStatus();
}

}  // namespace fakecri::runtime
