// File: item_text_test.cc
#include "gui/model/item_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "event_builders.h"

namespace fakecri::gui {
namespace {

using ::testing::HasSubstr;
using testing::Id;
using testing::PodStart;
using testing::Script;

TEST(ItemText, FormatDurationPicksAUnit) {
  EXPECT_EQ(FormatDuration(850), "850 ns");
  EXPECT_EQ(FormatDuration(12'300), "12.3 us");
  EXPECT_EQ(FormatDuration(4'560'000), "4.56 ms");
  EXPECT_EQ(FormatDuration(1'200'000'000), "1.2 s");
  EXPECT_EQ(FormatDuration(125'000'000'000), "2m05s");
  EXPECT_EQ(FormatDuration(-2'000), "-2 us");
}

TEST(ItemText, StatusCodeNamesAreGrpcs) {
  EXPECT_EQ(StatusCodeName(0), "OK");
  EXPECT_EQ(StatusCodeName(14), "UNAVAILABLE");
  EXPECT_EQ(StatusCodeName(42), "CODE_42");
}

TEST(ItemText, OffsetIsFromTheRunStart) {
  EXPECT_EQ(FormatOffset(testing::kT0 + 1'234'567'000, testing::kT0),
            "+1.234567 s");
}

TEST(ItemText, LabelsSayWhatEachRowIs) {
  Script s;
  PodStart(s);
  s.RpcIn(20, "GetContainerEvents");
  s.Fault("f", "fault f fired on oci start (pod default/web): oci_failure", 2);
  s.Oci(21, 20, "runc.start", Id('b'), "task failed", 2);
  s.Kubelet("backoff", "web/app", "Back-off 10s restarting failed container");
  RunModel m;
  s.FeedTo(m);
  const Call& run = *m.FindSpan(10);
  EXPECT_EQ(ItemLabel(m, run.request_item), "RunPodSandbox");
  EXPECT_EQ(ItemLabel(m, run.reply_item), "OK 2 ms");
  EXPECT_EQ(ItemLabel(m, m.calls()[run.children[0]].request_item),
            "runc create");
  const size_t n = m.items().size();
  EXPECT_EQ(ItemLabel(m, static_cast<ItemId>(n - 4)),
            "GetContainerEvents [stream]");
  EXPECT_EQ(ItemLabel(m, static_cast<ItemId>(n - 3)),
            "fault f: oci_failure UNKNOWN");
  EXPECT_EQ(ItemLabel(m, static_cast<ItemId>(n - 2)),
            "runc start FAILED: UNKNOWN");
  EXPECT_EQ(ItemLabel(m, static_cast<ItemId>(n - 1)),
            "backoff: Back-off 10s restarting failed container");
}

TEST(ItemText, SummaryNamesTheObjectAndTheOutcome) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  const std::string text = ItemSummary(m, m.FindSpan(14)->reply_item);
  EXPECT_THAT(text, HasSubstr("StartContainer (runtime service)"));
  EXPECT_THAT(text, HasSubstr("object: default/web/app"));
  EXPECT_THAT(text, HasSubstr("OK after 3 ms"));
  EXPECT_THAT(text, HasSubstr("2 OCI runtime call(s)"));
}

TEST(ItemText, CallDetailsSaysWhenPayloadsWereNotRecorded) {
  Script s;
  PodStart(s);
  RunModel m;
  s.FeedTo(m);
  const std::string text =
      CallDetails(m, static_cast<CallId>(m.FindSpan(14) - m.calls().data()));
  EXPECT_THAT(text, HasSubstr("State transitions caused\n  container "
                              "default/web/app: CONTAINER_CREATED -> "
                              "CONTAINER_RUNNING (pid 1001)"));
  EXPECT_THAT(text, HasSubstr("OCI runtime calls\n  runc create "
                              "default/web/app: OK container task created"));
  EXPECT_THAT(text, HasSubstr("Request\n  (not recorded: start the runtime "
                              "with --record-payloads)"));
}

TEST(ItemText, CallDetailsShowsPayloadsAndFaults) {
  Script s;
  s.RpcIn(1, "Version").payload = "version: \"v1\"";
  s.Fault("slow", "fault slow fired on cri Version (runtime): latency 1ms", 0,
          1'000'000);
  s.RpcOut(1, "Version", 0, 1'000'000).payload = "runtime_name: \"fakecri\"\n";
  RunModel m;
  s.FeedTo(m);
  const std::string text = CallDetails(m, 0);
  EXPECT_THAT(text, HasSubstr("Request\nversion: \"v1\"\n"));
  EXPECT_THAT(text, HasSubstr("Response\nruntime_name: \"fakecri\"\n"));
  EXPECT_THAT(text, HasSubstr("Injected faults\n  rule slow (cri Version)"));
  EXPECT_THAT(text, HasSubstr("latency 1 ms"));
}

TEST(ItemText, ErrorReplyHasNoResponseMessage) {
  Script s;
  s.RpcIn(1, "ContainerStatus", Id('c')).payload = "container_id: \"x\"";
  s.RpcOut(1, "ContainerStatus", 5, 0, "not found");
  RunModel m;
  s.FeedTo(m);
  EXPECT_THAT(CallDetails(m, 0),
              HasSubstr("Outcome\n  NOT_FOUND: not found\n"));
  EXPECT_THAT(CallDetails(m, 0),
              HasSubstr("Response\n  (an error carries no response message)"));
}

}  // namespace
}  // namespace fakecri::gui
