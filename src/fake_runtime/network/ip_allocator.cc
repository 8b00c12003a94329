#include "fake_runtime/network/ip_allocator.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {
namespace {

absl::StatusOr<uint32_t> ParseIpv4(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not an IPv4 address"));
  }
  uint32_t ip = 0;
  for (auto p : parts) {
    int v;
    if (p.empty() || p.size() > 3 || !absl::SimpleAtoi(p, &v) || v < 0 ||
        v > 255) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", text, "\" is not an IPv4 address"));
    }
    ip = (ip << 8) | static_cast<uint32_t>(v);
  }
  return ip;
}

}  // namespace

std::string Ipv4ToString(uint32_t ip) {
  return absl::StrCat(ip >> 24, ".", (ip >> 16) & 255, ".", (ip >> 8) & 255,
                      ".", ip & 255);
}

std::string Ipv4Cidr::ToString() const {
  return absl::StrCat(Ipv4ToString(network), "/", prefix);
}

absl::StatusOr<Ipv4Cidr> ParseIpv4Cidr(absl::string_view text) {
  auto slash = text.find('/');
  if (slash == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid CIDR \"", text, "\": want address/prefix"));
  }
  auto ip = ParseIpv4(text.substr(0, slash));
  if (!ip.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid CIDR \"", text, "\": ", ip.status().message()));
  }
  int prefix;
  if (!absl::SimpleAtoi(text.substr(slash + 1), &prefix) || prefix < 8 ||
      prefix > 30) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid CIDR \"", text, "\": prefix length must be between 8 and 30"));
  }
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return Ipv4Cidr{.network = *ip & mask, .prefix = prefix};
}

IpAllocator::IpAllocator() { cidr_ = *ParseIpv4Cidr(kDefaultPodCidr); }

absl::Status IpAllocator::SetCidr(absl::string_view cidr) {
  auto parsed = ParseIpv4Cidr(cidr);
  if (!parsed.ok()) return parsed.status();
  if (parsed->network != cidr_.network || parsed->prefix != cidr_.prefix) {
    cidr_ = *parsed;
    next_offset_ = 2;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> IpAllocator::Allocate() {
  const uint32_t size = uint32_t{1} << (32 - cidr_.prefix);
  // Offsets 0 (network), 1 (gateway) and size-1 (broadcast) are not for pods.
  const uint32_t usable = size - 3;
  for (uint32_t tries = 0; tries < usable; ++tries) {
    uint32_t off = next_offset_;
    next_offset_ = off + 1 >= size - 1 ? 2 : off + 1;
    uint32_t ip = cidr_.network + off;
    if (used_.insert(ip).second) return Ipv4ToString(ip);
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("no free IP address left in pod CIDR ", cidr_.ToString()));
}

void IpAllocator::Release(absl::string_view ip) {
  auto parsed = ParseIpv4(ip);
  if (parsed.ok()) used_.erase(*parsed);
}

}  // namespace fakecri::runtime
