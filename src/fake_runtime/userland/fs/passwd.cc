// File: passwd.cc
// PasswdLookup: the getpw* / getgr* answers a container's own /etc/passwd
// and /etc/group give, and containerd's resolution of a USER string.
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "fake_runtime/common/str_cat.h"
#include "fake_runtime/userland/fs/container_files.h"

namespace fakecri::userland {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

std::optional<uint32_t> ParseId(std::string_view s) {
  uint32_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::string_view line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    out.push_back(line);
  }
  return out;
}

}  // namespace

PasswdLookup::PasswdLookup(std::string_view passwd_text,
                           std::string_view group_text) {
  for (std::string_view line : Lines(passwd_text)) {
    std::vector<std::string_view> f = Split(line, ':');
    if (f.size() != 7) continue;
    std::optional<uint32_t> uid = ParseId(f[2]);
    std::optional<uint32_t> gid = ParseId(f[3]);
    if (f[0].empty() || !uid || !gid) continue;
    users_.push_back(PasswdEntry{std::string(f[0]), *uid, *gid,
                                 std::string(f[4]), std::string(f[5]),
                                 std::string(f[6])});
  }
  for (std::string_view line : Lines(group_text)) {
    std::vector<std::string_view> f = Split(line, ':');
    if (f.size() != 4) continue;
    std::optional<uint32_t> gid = ParseId(f[2]);
    if (f[0].empty() || !gid) continue;
    GroupEntry g{std::string(f[0]), *gid, {}};
    if (!f[3].empty()) {
      for (std::string_view m : Split(f[3], ',')) {
        if (!m.empty()) g.members.emplace_back(m);
      }
    }
    groups_.push_back(std::move(g));
  }
}

std::optional<PasswdEntry> PasswdLookup::ByName(std::string_view name) const {
  for (const PasswdEntry& e : users_) {
    if (e.name == name) return e;
  }
  return std::nullopt;
}

std::optional<PasswdEntry> PasswdLookup::ByUid(uint32_t uid) const {
  for (const PasswdEntry& e : users_) {
    if (e.uid == uid) return e;
  }
  return std::nullopt;
}

std::optional<GroupEntry> PasswdLookup::GroupByGid(uint32_t gid) const {
  for (const GroupEntry& g : groups_) {
    if (g.gid == gid) return g;
  }
  return std::nullopt;
}

std::optional<GroupEntry> PasswdLookup::GroupByName(
    std::string_view name) const {
  for (const GroupEntry& g : groups_) {
    if (g.name == name) return g;
  }
  return std::nullopt;
}

std::vector<uint32_t> PasswdLookup::GroupsOf(std::string_view user,
                                             uint32_t primary_gid) const {
  std::vector<uint32_t> out = {primary_gid};
  for (const GroupEntry& g : groups_) {
    if (std::find(g.members.begin(), g.members.end(), user) ==
        g.members.end()) {
      continue;
    }
    if (std::find(out.begin(), out.end(), g.gid) == out.end()) {
      out.push_back(g.gid);
    }
  }
  return out;
}

absl::StatusOr<Cred> PasswdLookup::ResolveUser(std::string_view spec) const {
  Cred cred;
  if (spec.empty()) spec = "0";
  size_t colon = spec.find(':');
  std::string_view user = spec.substr(0, colon);
  std::optional<std::string_view> group;
  if (colon != std::string_view::npos) group = spec.substr(colon + 1);

  std::optional<PasswdEntry> entry;
  if (std::optional<uint32_t> uid = ParseId(user)) {
    cred.uid = *uid;
    entry = ByUid(*uid);
    cred.gid = entry ? entry->gid : 0;
  } else {
    entry = ByName(user);
    if (!entry) {
      return absl::NotFoundError(
          absl::StrCat("no users found matching ", ToAbsl(user)));
    }
    cred.uid = entry->uid;
    cred.gid = entry->gid;
  }
  if (group) {
    if (std::optional<uint32_t> gid = ParseId(*group)) {
      cred.gid = *gid;
    } else if (std::optional<GroupEntry> g = GroupByName(*group)) {
      cred.gid = g->gid;
    } else {
      return absl::NotFoundError(
          absl::StrCat("no groups found matching ", ToAbsl(*group)));
    }
  }
  if (entry) {
    for (uint32_t gid : GroupsOf(entry->name, cred.gid)) {
      if (gid != cred.gid) cred.groups.push_back(gid);
    }
  }
  return cred;
}

}  // namespace fakecri::userland
