// `fakecri demo`, the README's main job, against a server started in the
// test: every step behaves as expected, including the fault-injection part.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "socket_fixture.h"

namespace fakecri::testing {
namespace {

using ::testing::HasSubstr;

class DemoE2E : public SocketTest {
 protected:
  std::string RunDemo(const std::string& extra, int* code) {
    const std::string out = dir_ + "/demo.txt";
    const std::string cmd = std::string("timeout 60 '") + FAKECRI_BINARY +
                            "' demo --endpoint unix://" + socket_ +
                            " --log-dir " + dir_ + "/logs " + extra + " >" +
                            out + " 2>&1";
    const int status = std::system(cmd.c_str());
    *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
};

TEST_F(DemoE2E, EveryStepIncludingFaultInjectionBehaves) {
  int code = 0;
  const std::string out = RunDemo("", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("demo finished: every step behaved as expected"));
  EXPECT_THAT(out, HasSubstr("PullImage nginx:1.25, attempt 3"));
  EXPECT_THAT(out, HasSubstr("CONTAINER_EXITED, exit code 1, reason Error"));
  EXPECT_THAT(out, HasSubstr("fault crash-app fired on process start"));
  // The rules are gone afterwards.
  EXPECT_EQ(server_->faults().size(), 0u);
}

TEST_F(DemoE2E, NoFaultsSkipsTheFaultPart) {
  int code = 0;
  const std::string out = RunDemo("--no-faults", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, ::testing::Not(HasSubstr("Fault injection")));
}

}  // namespace
}  // namespace fakecri::testing
