// `fakecri scenario run`: plays scenario files and writes their outputs.
#include "cli/scenario_run.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "scenario/loader.h"
#include "scenario/outputs.h"
#include "scenario/runner.h"

namespace fakecri::cli {
namespace {

bool WriteFile(const std::string& path,
               const std::function<void(std::ostream&)>& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  write(out);
  out.close();
  if (!out) {
    std::cerr << "fakecri scenario run: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

void AddScenarioRunFlags(CLI::App* run, ScenarioRunFlags* f) {
  run->add_option("files", f->files, "scenario files")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--report", f->report,
                  "FORMAT FILE: the verdict as json or junit")
      ->expected(2);
  run->add_option("--trace", f->trace,
                  "write the run as Chrome trace-event JSON (Perfetto)");
  run->add_option("--events", f->events, "write the event log as JSON lines");
  run->add_option("--endpoint", f->endpoint,
                  "drive another CRI runtime (unix:///...) with the kubelet "
                  "in real time; faults and runtime settings are then "
                  "unavailable");
  run->add_flag("--all-calls", f->all_calls,
                "show the kubelet's polling calls in the timeline too");
  run->add_flag("-q,--quiet", f->quiet, "print only the expectation results");
}

int RunScenarioFiles(const ScenarioRunFlags& f) {
  if (!f.report.empty() && f.report[0] != "json" && f.report[0] != "junit") {
    std::cerr << "fakecri scenario run: --report: expected json or junit, got '"
              << f.report[0] << "'\n";
    return 2;
  }
  if (f.files.size() > 1 && (!f.trace.empty() || !f.events.empty())) {
    std::cerr << "fakecri scenario run: --trace and --events take one "
                 "scenario file\n";
    return 2;
  }
  // A bad file never starts a run: load every file first.
  std::vector<scenario::Scenario> loaded;
  for (const auto& file : f.files) {
    auto s = scenario::LoadScenarioFile(file);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      return 2;
    }
    loaded.push_back(std::move(*s));
  }
  const bool tty = isatty(STDERR_FILENO) != 0;
  std::vector<scenario::RunReport> reports;
  bool ok = true;
  for (const auto& s : loaded) {
    scenario::RunOptions opts;
    opts.endpoint = f.endpoint;
    opts.all_calls = f.all_calls;
    // The event log file is for a viewer (fakecri-gui --replay): give its
    // inspector the requests and responses.
    opts.record_payloads = !f.events.empty();
    std::cout << "=== scenario " << s.name << " (" << s.file << ", seed "
              << s.seed << ", clock "
              << (f.endpoint.empty() ? s.clock.kind : "real") << ")\n";
    opts.on_line = [&f](const std::string& line) {
      if (!f.quiet || line.find(" expect ") != std::string::npos) {
        std::cout << line << "\n";
      }
    };
    if (tty) {
      opts.on_progress = [](DurationNs done, DurationNs total) {
        std::fprintf(stderr, "\r%6.1f%% %lld/%llds", 100.0 * done / total,
                     static_cast<long long>(done / kSecond),
                     static_cast<long long>(total / kSecond));
      };
    }
    auto result = scenario::RunScenario(s, opts);
    if (tty && opts.on_progress) std::fprintf(stderr, "\r\033[K");
    if (!result.ok()) {
      std::cerr << result.status().message() << "\n";
      return 2;
    }
    const scenario::RunReport& rep = result->report;
    size_t passed = 0;
    for (const auto& r : rep.results) passed += r.passed ? 1 : 0;
    if (!rep.error.empty()) std::cout << "ERROR " << rep.error << "\n";
    std::cout << (rep.Passed() ? "PASS " : "FAIL ") << s.name << ": " << passed
              << "/" << rep.results.size() << " expectations held\n";
    ok = ok && rep.Passed();
    if (!f.trace.empty() && !WriteFile(f.trace, [&](std::ostream& o) {
          scenario::WriteChromeTrace(*result->record, o);
        })) {
      return 1;
    }
    if (!f.events.empty() && !WriteFile(f.events, [&](std::ostream& o) {
          scenario::WriteEventsJsonl(*result->record, o);
        })) {
      return 1;
    }
    reports.push_back(rep);
  }
  if (!f.report.empty() && !WriteFile(f.report[1], [&](std::ostream& o) {
        if (f.report[0] == "json") {
          scenario::WriteJsonReport(reports, o);
        } else {
          scenario::WriteJunitReport(reports, o);
        }
      })) {
    return 1;
  }
  return ok ? 0 : 1;
}

}  // namespace fakecri::cli
