// File: container_files.h
// The files a runtime bind-mounts into every container (/etc/hostname,
// /etc/hosts, /etc/resolv.conf), built from plain values so that callers
// need no CRI protobufs, and a reader of /etc/passwd and /etc/group for
// `id`, `whoami` and resolving an image's USER.
#ifndef FAKECRI_USERLAND_FS_CONTAINER_FILES_H_
#define FAKECRI_USERLAND_FS_CONTAINER_FILES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fake_runtime/userland/fs/mem_fs.h"

namespace fakecri::userland {

// containerd writes the hostname file as the hostname plus a newline.
std::string HostnameFile(std::string_view hostname);

struct HostAlias {  // PodSpec.hostAliases
  std::string ip;
  std::vector<std::string> hostnames;
};

struct HostsFileSpec {
  std::string hostname;
  std::string domain;                // "<subdomain>.<ns>.svc.<cluster>", or ""
  std::vector<std::string> pod_ips;  // one line each (dual stack: two)
  std::vector<HostAlias> host_aliases;
};

// The hosts file kubelet manages for a pod outside the host network:
// its header, the localhost / IPv6 boilerplate, "<ip>\t<hostname>" (or
// "<ip>\t<fqdn>\t<hostname>" with a domain) per pod IP, then the host
// aliases under their own header. (containerd itself only copies the node's
// /etc/hosts; kubelet's file is what pods see.)
std::string HostsFile(const HostsFileSpec& spec);
// The same for one IP ("" = no pod line) and no aliases.
std::string HostsFile(std::string_view hostname, std::string_view pod_ip);

// containerd's resolv.conf from a pod's DNSConfig: "search a b", then one
// "nameserver x" per server, then "options o1 o2". All empty: "" (containerd
// then copies the node's resolv.conf).
std::string ResolvConf(const std::vector<std::string>& servers,
                       const std::vector<std::string>& searches,
                       const std::vector<std::string>& options);

struct PasswdEntry {
  std::string name;
  uint32_t uid = 0, gid = 0;
  std::string gecos, home, shell;
};

struct GroupEntry {
  std::string name;
  uint32_t gid = 0;
  std::vector<std::string> members;
};

// getpwnam / getpwuid / getgrgid over the text of /etc/passwd and
// /etc/group; malformed lines are skipped, and the first match wins, as in
// musl and glibc.
class PasswdLookup {
 public:
  PasswdLookup(std::string_view passwd_text, std::string_view group_text);

  std::optional<PasswdEntry> ByName(std::string_view name) const;
  std::optional<PasswdEntry> ByUid(uint32_t uid) const;
  std::optional<GroupEntry> GroupByGid(uint32_t gid) const;
  std::optional<GroupEntry> GroupByName(std::string_view name) const;
  // getgrouplist: `primary_gid` first, then every group naming `user` as a
  // member, in file order, without duplicates.
  std::vector<uint32_t> GroupsOf(std::string_view user,
                                 uint32_t primary_gid) const;

  // An image USER / CRI run_as value as containerd resolves it: "" (root),
  // "uid", "name", "uid:gid", "name:group", "uid:group", "name:gid". A
  // numeric uid missing from passwd runs with gid 0; a missing name is an
  // error. Supplementary groups come from /etc/group for a named user.
  absl::StatusOr<Cred> ResolveUser(std::string_view spec) const;

 private:
  std::vector<PasswdEntry> users_;
  std::vector<GroupEntry> groups_;
};

}  // namespace fakecri::userland

#endif  // FAKECRI_USERLAND_FS_CONTAINER_FILES_H_
