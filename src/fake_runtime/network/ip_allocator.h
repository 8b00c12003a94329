// File: ip_allocator.h
// Pod IPs from the pod CIDR, as a CNI host-local IPAM plugin would hand them
// out. The default CIDR is containerd's default bridge network, 10.88.0.0/16;
// UpdateRuntimeConfig replaces it.
#ifndef FAKECRI_NETWORK_IP_ALLOCATOR_H_
#define FAKECRI_NETWORK_IP_ALLOCATOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fakecri::runtime {

inline constexpr absl::string_view kDefaultPodCidr = "10.88.0.0/16";

struct Ipv4Cidr {
  uint32_t network = 0;  // host order, host bits zero
  int prefix = 0;
  std::string ToString() const;
};
// "10.244.1.0/24" -> InvalidArgument with a precise message when malformed.
absl::StatusOr<Ipv4Cidr> ParseIpv4Cidr(absl::string_view text);
std::string Ipv4ToString(uint32_t ip);

// Not thread-safe: the container manager serialises access.
class IpAllocator {
 public:
  IpAllocator();  // kDefaultPodCidr
  // Takes effect for new allocations; addresses already handed out stay
  // valid until released (as with a real CNI plugin).
  absl::Status SetCidr(absl::string_view cidr);
  const Ipv4Cidr& cidr() const { return cidr_; }
  // Next free address (skipping network, gateway .1 and broadcast).
  absl::StatusOr<std::string> Allocate();
  void Release(absl::string_view ip);
  size_t InUse() const { return used_.size(); }

 private:
  Ipv4Cidr cidr_;
  uint32_t next_offset_ = 2;
  absl::flat_hash_set<uint32_t> used_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_NETWORK_IP_ALLOCATOR_H_
