// File: container_files.cc
// Runtime-provided /etc files in the exact formats kubelet and containerd
// write them.
#include "fake_runtime/userland/fs/container_files.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fake_runtime/common/str_cat.h"

namespace fakecri::userland {

std::string HostnameFile(std::string_view hostname) {
  return absl::StrCat(ToAbsl(hostname), "\n");
}

std::string HostsFile(const HostsFileSpec& spec) {
  std::string out =
      "# Kubernetes-managed hosts file.\n"
      "127.0.0.1\tlocalhost\n"
      "::1\tlocalhost ip6-localhost ip6-loopback\n"
      "fe00::0\tip6-localnet\n"
      "fe00::0\tip6-mcastprefix\n"
      "fe00::1\tip6-allnodes\n"
      "fe00::2\tip6-allrouters\n";
  for (const std::string& ip : spec.pod_ips) {
    if (spec.domain.empty()) {
      absl::StrAppend(&out, ip, "\t", spec.hostname, "\n");
    } else {
      absl::StrAppend(&out, ip, "\t", spec.hostname, ".", spec.domain, "\t",
                      spec.hostname, "\n");
    }
  }
  if (!spec.host_aliases.empty()) {
    out += "\n# Entries added by HostAliases.\n";
    for (const HostAlias& a : spec.host_aliases) {
      absl::StrAppend(&out, a.ip, "\t", absl::StrJoin(a.hostnames, "\t"), "\n");
    }
  }
  return out;
}

std::string HostsFile(std::string_view hostname, std::string_view pod_ip) {
  HostsFileSpec spec;
  spec.hostname = std::string(hostname);
  if (!pod_ip.empty()) spec.pod_ips.emplace_back(pod_ip);
  return HostsFile(spec);
}

std::string ResolvConf(const std::vector<std::string>& servers,
                       const std::vector<std::string>& searches,
                       const std::vector<std::string>& options) {
  std::string out;
  if (!searches.empty()) {
    absl::StrAppend(&out, "search ", absl::StrJoin(searches, " "), "\n");
  }
  for (const std::string& s : servers) {
    absl::StrAppend(&out, "nameserver ", s, "\n");
  }
  if (!options.empty()) {
    absl::StrAppend(&out, "options ", absl::StrJoin(options, " "), "\n");
  }
  return out;
}

}  // namespace fakecri::userland
