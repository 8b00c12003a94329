// File: rule_proto_fuzzer.cc
// The control API's rule conversion: the input is a fakecri.v1.FaultRule
// message as AddFault receives it. Checked: no crash, no sanitizer report;
// an accepted rule survives the round trip (RuleToProto, RuleFromProto
// accepts it again and gives the same proto) and a FaultEngine takes it.
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/control/rule_proto.h"
#include "fake_runtime/faults/fault_engine.h"

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "rule_proto_fuzzer: %s\n", what.c_str());
  std::abort();
}

}  // namespace

// Protobuf logs every string field with invalid UTF-8 it parses; the
// fuzzers feed it thousands a second.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fakecri::v1::FaultRule in;
  if (!in.ParseFromArray(data, static_cast<int>(size))) return 0;
  auto rule = fakecri::control::RuleFromProto(in);
  if (!rule.ok()) return 0;
  const fakecri::v1::FaultRule once = fakecri::control::RuleToProto(*rule);
  auto again = fakecri::control::RuleFromProto(once);
  if (!again.ok()) {
    Fail("RuleToProto's output is rejected: " + again.status().ToString() +
         "\n" + once.DebugString());
  }
  const fakecri::v1::FaultRule twice = fakecri::control::RuleToProto(*again);
  if (!google::protobuf::util::MessageDifferencer::Equals(once, twice)) {
    Fail("round trip changed the rule:\n" + once.DebugString() + "---\n" +
         twice.DebugString());
  }
  fakecri::runtime::VirtualClock clock;
  fakecri::faults::FaultEngine engine(1, clock);
  (void)engine.Add(*std::move(rule));
  return 0;
}
