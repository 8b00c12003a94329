// File: userland_fixture.h
// A container userland on virtual time, without a container manager: start
// a command as PID 1 or as an exec, advance time, read what it printed.
#ifndef FAKECRI_TESTS_USERLAND_USERLAND_FIXTURE_H_
#define FAKECRI_TESTS_USERLAND_USERLAND_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/common/mutex.h"
#include "fake_runtime/userland/process/scheduler.h"
#include "fake_runtime/userland/process/userland.h"

namespace fakecri::testing {

class UserlandTest : public ::testing::Test {
 protected:
  using DurationNs = runtime::DurationNs;
  static constexpr DurationNs kSecond = runtime::kSecond;
  static constexpr DurationNs kMs = runtime::kMillisecond;

  struct Result {
    std::optional<int> status;  // unset while PID 1 runs
    std::string out, err;
  };

  UserlandTest() : sched_(clock_, mu_) {}

  // Builds the userland; call before Start* (or let Start* do it).
  void Make(userland::UserlandConfig cfg = {}) {
    cfg.output = [this](bool is_err, std::string_view b) {
      (is_err ? init_.err : init_.out).append(b);
    };
    if (cfg.hostname.empty()) cfg.hostname = "web-0";
    if (cfg.env.empty()) {
      cfg.env = {
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "HOSTNAME=web-0", "HOME=/root"};
    }
    fakecri::MutexLock l(&mu_);
    ul_ = std::make_shared<userland::Userland>(sched_, std::move(cfg));
  }

  absl::Status StartInit(std::vector<std::string> argv) {
    if (!ul_) Make();
    fakecri::MutexLock l(&mu_);
    absl::Status st =
        ul_->StartInit(std::move(argv), [this](int s) { init_.status = s; });
    sched_.RunReady();
    return st;
  }
  // sh -c script as PID 1, then lets up to `run_for` of virtual time pass
  // (stopping early when PID 1 exits).
  Result Sh(const std::string& script, DurationNs run_for = kSecond) {
    EXPECT_TRUE(StartInit({"sh", "-c", script}).ok());
    RunFor(run_for);
    return init_;
  }
  void RunFor(DurationNs d) {
    const runtime::TimeNs end = clock_.Now() + d;
    while (!init_.status && clock_.Now() < end) {
      clock_.AdvanceTo(std::min(end, clock_.Now() + 10 * kMs));
    }
  }
  // An exec'd process; returns its result after up to `run_for`.
  Result Exec(std::vector<std::string> argv, DurationNs run_for = kSecond,
              uint32_t* pid_out = nullptr) {
    auto result = std::make_shared<Result>();
    auto out = std::make_shared<userland::CaptureOut>(1 << 20);
    auto err = std::make_shared<userland::CaptureOut>(1 << 20);
    {
      fakecri::MutexLock l(&mu_);
      auto pid = ul_->StartExec(std::move(argv), out, err,
                                [result](int s) { result->status = s; });
      EXPECT_TRUE(pid.ok()) << pid.status();
      if (pid_out && pid.ok()) *pid_out = *pid;
      sched_.RunReady();
    }
    const runtime::TimeNs end = clock_.Now() + run_for;
    while (!result->status && clock_.Now() < end) {
      clock_.AdvanceTo(std::min(end, clock_.Now() + 10 * kMs));
    }
    result->out = out->data();
    result->err = err->data();
    return *result;
  }
  void Signal(uint32_t pid, int sig) {
    fakecri::MutexLock l(&mu_);
    ul_->Signal(pid, sig);
  }

  runtime::VirtualClock clock_;
  fakecri::Mutex mu_;
  userland::Scheduler sched_;
  std::shared_ptr<userland::Userland> ul_;
  Result init_;
};

}  // namespace fakecri::testing

#endif  // FAKECRI_TESTS_USERLAND_USERLAND_FIXTURE_H_
