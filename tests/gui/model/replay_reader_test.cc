// File: replay_reader_test.cc
#include "gui/model/replay_reader.h"

#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "event_builders.h"
#include "scenario/outputs.h"
#include "scenario/run_record.h"

namespace fakecri::gui {
namespace {

using testing::Id;
using testing::PodStart;
using testing::Script;

absl::StatusOr<std::vector<Event>> Read(const std::string& text) {
  std::istringstream in(text);
  return ReadEventsJsonl(in, "run.jsonl");
}

TEST(ReplayReader, ReadsWhatTheScenarioWriterWrites) {
  Script s;
  PodStart(s);
  s.Fault("f", "fault f fired on cri Version (runtime): latency 1ms", 0,
          1'000'000);
  s.Kubelet("backoff", "web/app", "Back-off 10s");
  s.RpcIn(40, "Version").payload = "version: \"v1\"\n";
  std::vector<std::shared_ptr<const Event>> held;
  for (const Event& e : s.events()) {
    held.push_back(std::make_shared<const Event>(e));
  }
  scenario::RunRecord record(held, testing::kT0);
  std::ostringstream out;
  scenario::WriteEventsJsonl(record, out);

  absl::StatusOr<std::vector<Event>> back = Read(out.str());
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), s.events().size());
  for (size_t i = 0; i < back->size(); ++i) {
    const Event& a = s.events()[i];
    const Event& b = (*back)[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(b.seq, a.seq);
    EXPECT_EQ(b.time_ns, a.time_ns);
    EXPECT_EQ(b.kind, a.kind);
    EXPECT_EQ(b.span_id, a.span_id);
    EXPECT_EQ(b.parent_span_id, a.parent_span_id);
    EXPECT_EQ(b.subject, a.subject);
    EXPECT_EQ(b.object_id, a.object_id);
    EXPECT_EQ(b.detail, a.detail);
    EXPECT_EQ(b.status_code, a.status_code);
    EXPECT_EQ(b.latency_ns, a.latency_ns);
    EXPECT_EQ(b.payload, a.payload);
    EXPECT_EQ(b.cri_event_bytes.empty(), a.cri_event_bytes.empty());
    if (!a.cri_event_bytes.empty()) {
      runtime::v1::ContainerEventResponse x, y;
      ASSERT_TRUE(x.ParseFromString(a.cri_event_bytes));
      ASSERT_TRUE(y.ParseFromString(b.cri_event_bytes));
      EXPECT_EQ(x.DebugString(), y.DebugString());
    }
  }
  // And the model folds the replay as it folds the live records.
  RunModel live, replayed;
  s.FeedTo(live);
  for (const Event& e : *back) replayed.Ingest(e);
  EXPECT_EQ(replayed.items().size(), live.items().size());
  EXPECT_EQ(replayed.Describe(Id('b')), "default/web/app");
}

TEST(ReplayReader, BlankLinesAreSkipped) {
  auto r = Read(
      "\n{\"seq\":1,\"time_ns\":5,\"kind\":\"info\"}\n  \n"
      "{\"seq\":2,\"time_ns\":6,\"kind\":\"rpc_in\",\"subject\":\"Version\"}"
      "\n");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].kind, EventKind::kRpcIn);
  EXPECT_EQ((*r)[1].subject, "Version");
}

TEST(ReplayReader, BadJsonNamesTheLine) {
  auto r = Read("{\"seq\":1,\"time_ns\":5,\"kind\":\"info\"}\n{\"seq\":2,\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "run.jsonl:2: not valid JSON");
}

TEST(ReplayReader, MissingFieldIsNamed) {
  auto r = Read("{\"seq\":1,\"kind\":\"info\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "run.jsonl:1: field 'time_ns': missing");
}

TEST(ReplayReader, WrongTypeIsNamed) {
  auto r = Read("{\"seq\":-1,\"time_ns\":5,\"kind\":\"info\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "run.jsonl:1: field 'seq': expected an unsigned integer");
  r = Read("{\"seq\":1,\"time_ns\":5,\"kind\":\"info\",\"detail\":3}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "run.jsonl:1: field 'detail': expected a string");
}

TEST(ReplayReader, UnknownKindListsTheKnownOnes) {
  auto r = Read("{\"seq\":1,\"time_ns\":5,\"kind\":\"rpc\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "run.jsonl:1: field 'kind': unknown event kind 'rpc'; expected "
            "one of rpc_in, rpc_out, oci_call, transition, cri_event, fault, "
            "info, kubelet");
}

TEST(ReplayReader, BadCriEventIsNamed) {
  auto r = Read(
      "{\"seq\":1,\"time_ns\":5,\"kind\":\"cri_event\",\"cri_event\":"
      "{\"container_event_type\":\"NOT_AN_EVENT\"}}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(std::string(r.status().message())
                  .starts_with("run.jsonl:1: field 'cri_event': "))
      << r.status();
}

TEST(ReplayReader, RecordsOutOfOrderAreAnError) {
  auto r = Read(
      "{\"seq\":2,\"time_ns\":5,\"kind\":\"info\"}\n"
      "{\"seq\":2,\"time_ns\":5,\"kind\":\"info\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "run.jsonl:2: seq 2 is not above the previous record's 2 "
            "(records must be in log order)");
}

TEST(ReplayReader, MissingFileIsNotFound) {
  auto r = ReadEventsJsonlFile("/nonexistent/dir/run.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "cannot open /nonexistent/dir/run.jsonl");
}

TEST(ReplayReader, EveryKindNameParsesBack) {
  for (EventKind k :
       {EventKind::kRpcIn, EventKind::kRpcOut, EventKind::kOciCall,
        EventKind::kTransition, EventKind::kCriEvent, EventKind::kFault,
        EventKind::kInfo, EventKind::kKubelet}) {
    auto parsed = ParseEventKind(EventKindName(k));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, k);
  }
}

}  // namespace
}  // namespace fakecri::gui
