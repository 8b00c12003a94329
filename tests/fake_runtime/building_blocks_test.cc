// Id index, name registrar, IP allocator and signal tables.
#include <gtest/gtest.h>

#include "fake_runtime/common/random.h"
#include "fake_runtime/network/ip_allocator.h"
#include "fake_runtime/oci/signals.h"
#include "fake_runtime/store/id_index.h"
#include "fake_runtime/store/name_registrar.h"
#include "fake_runtime/store/packed_message.h"
#include "testing/status_matchers.h"

// These tests name the CRI Signal enum values, which <signal.h> (pulled in
// by GoogleTest and gRPC) shadows with macros of the same names.
#undef SIGKILL
#undef SIGTERM

namespace fakecri::runtime {
namespace {

using fakecri::testing::StatusIs;
using Code = absl::StatusCode;

TEST(IdIndex, ResolvesFullIdsAndUniquePrefixes) {
  IdIndex<int> idx;
  idx.Insert("abc123", std::make_unique<int>(1));
  idx.Insert("abd456", std::make_unique<int>(2));
  EXPECT_EQ(**idx.Resolve("abc123", "container"), 1);
  EXPECT_EQ(**idx.Resolve("abd", "container"), 2);
  EXPECT_THAT(idx.Resolve("ab", "container"),
              StatusIs(Code::kUnknown, "ambiguous"));
  EXPECT_THAT(idx.Resolve("zz", "container"),
              StatusIs(Code::kNotFound, "container \"zz\""));
  EXPECT_THAT(idx.Resolve("", "sandbox"),
              StatusIs(Code::kInvalidArgument, "sandbox id"));
  EXPECT_EQ(idx.ResolveOrNull("ab"), nullptr);
  EXPECT_NE(idx.Erase("abc123"), nullptr);
  EXPECT_EQ(**idx.Resolve("ab", "container"), 2);
}

TEST(IdIndex, AFullIdWinsOverLongerIdsItPrefixes) {
  IdIndex<int> idx;
  idx.Insert("abc", std::make_unique<int>(1));
  idx.Insert("abcd", std::make_unique<int>(2));
  EXPECT_EQ(**idx.Resolve("abc", "x"), 1);
}

TEST(NameRegistrar, ReservesUntilReleased) {
  NameRegistrar names;
  EXPECT_TRUE(names.Reserve("a_b_c_0", "id1").ok());
  EXPECT_TRUE(names.Reserve("a_b_c_0", "id1").ok())
      << "same owner again is fine";
  EXPECT_THAT(names.Reserve("a_b_c_0", "id2"),
              StatusIs(Code::kFailedPrecondition, "id1"));
  names.Release("a_b_c_0");
  EXPECT_TRUE(names.Reserve("a_b_c_0", "id2").ok());
}

TEST(PackedMessage, KeepsEveryFieldAndIsSmallerThanTheParsedMessage) {
  ::runtime::v1::ContainerConfig cfg;
  cfg.mutable_metadata()->set_name("app");
  cfg.mutable_metadata()->set_attempt(3);
  cfg.add_command("sleep");
  (*cfg.mutable_labels())["io.kubernetes.pod.namespace"] = "default";
  (*cfg.mutable_annotations())["io.kubernetes.container.hash"] = "8f3a9c21";
  cfg.mutable_linux()->mutable_resources()->set_memory_limit_in_bytes(1 << 20);
  PackedMessage<::runtime::v1::ContainerConfig> packed(cfg);
  EXPECT_EQ(packed.Get().SerializeAsString(), cfg.SerializeAsString());
  EXPECT_EQ(packed.Get().labels().at("io.kubernetes.pod.namespace"), "default");
  EXPECT_LT(packed.ByteSize(), cfg.SpaceUsedLong());

  cfg.mutable_metadata()->set_attempt(4);
  packed.Set(cfg);
  EXPECT_EQ(packed.Get().metadata().attempt(), 4u);
}

TEST(IpAllocator, HandsOutHostAddressesAndReusesReleasedOnes) {
  IpAllocator ips;
  ASSERT_TRUE(ips.SetCidr("192.168.7.0/30").ok());  // 4 addresses, 1 usable
  auto a = ips.Allocate();
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "192.168.7.2");
  EXPECT_THAT(ips.Allocate(), StatusIs(Code::kResourceExhausted, "no free IP"));
  ips.Release(*a);
  EXPECT_EQ(*ips.Allocate(), "192.168.7.2");
}

TEST(IpAllocator, RejectsMalformedCidrs) {
  IpAllocator ips;
  for (const char* bad :
       {"10.0.0.0", "10.0.0/8", "10.0.0.256/8", "10.0.0.0/31", "x/8", ""}) {
    EXPECT_THAT(ips.SetCidr(bad), StatusIs(Code::kInvalidArgument, "")) << bad;
  }
  EXPECT_EQ(ips.cidr().ToString(), "10.88.0.0/16");
  ASSERT_TRUE(ips.SetCidr("10.244.1.77/24").ok());
  EXPECT_EQ(ips.cidr().ToString(), "10.244.1.0/24");
}

TEST(Signals, NamesNumbersAndCriEnumAgree) {
  EXPECT_EQ(SignalNumber("SIGTERM"), 15);
  EXPECT_EQ(SignalNumber("term"), 15);
  EXPECT_EQ(SignalNumber("3"), 3);
  EXPECT_EQ(SignalNumber("SIGQUIT"), 3);
  EXPECT_EQ(SignalNumber("SIGRTMIN+3"), 37);
  EXPECT_EQ(SignalNumber("NOPE"), 0);
  EXPECT_EQ(SignalNumber(::runtime::v1::SIGKILL), 9);
  EXPECT_EQ(SignalNumber(::runtime::v1::SIGRTMINPLUS1), 35);
  EXPECT_EQ(SignalNumber(::runtime::v1::RUNTIME_DEFAULT), 0);
  EXPECT_EQ(SignalEnum(15), ::runtime::v1::SIGTERM);
  EXPECT_EQ(SignalName(28), "SIGWINCH");
}

TEST(RandomStream, SameSeedAndNameGiveTheSameIdsOthersDiffer) {
  RandomStream a(7, "ids"), b(7, "ids"), c(7, "other"), d(8, "ids");
  std::string first = a.Hex64();
  EXPECT_EQ(first, b.Hex64());
  EXPECT_NE(first, c.Hex64());
  EXPECT_NE(first, d.Hex64());
  EXPECT_EQ(first.size(), 64u);
}

}  // namespace
}  // namespace fakecri::runtime
