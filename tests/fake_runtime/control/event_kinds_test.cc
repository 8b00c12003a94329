// WatchEvents' kind filter: every kind the log records can be asked for by
// the name EventKindName gives it (the kubelet's records included).
#include <gtest/gtest.h>

#include <string>

#include "fake_runtime/control/event_proto.h"

namespace fakecri::control {
namespace {

using runtime::EventKind;

TEST(WatchKinds, EveryRecordedKindCanBeWatchedByName) {
  for (unsigned k = 0; k <= static_cast<unsigned>(EventKind::kKubelet); ++k) {
    const auto kind = static_cast<EventKind>(k);
    google::protobuf::RepeatedPtrField<std::string> names;
    names.Add(runtime::EventKindName(kind));
    auto mask = ParseKinds(names);
    ASSERT_TRUE(mask.ok()) << runtime::EventKindName(kind) << ": "
                           << mask.status();
    EXPECT_EQ(*mask, KindMask{1} << k) << runtime::EventKindName(kind);
  }
}

TEST(WatchKinds, UnknownKindListsTheKubeletAmongTheKnownOnes) {
  google::protobuf::RepeatedPtrField<std::string> names;
  names.Add("gossip");
  auto mask = ParseKinds(names);
  ASSERT_FALSE(mask.ok());
  EXPECT_EQ(mask.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(mask.status().message()).find("kubelet"),
            std::string::npos)
      << mask.status();
}

}  // namespace
}  // namespace fakecri::control
