// File: timeline_view.cc
#include "cli/timeline_view.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace fakecri::cli {
namespace {

constexpr char kReset[] = "\033[0m";

bool Has(const std::string& line, const char* what) {
  return line.find(what) != std::string::npos;
}

}  // namespace

std::optional<double> LineOffsetSeconds(const std::string& line) {
  long long s = 0, ms = 0;
  int used = 0;
  if (std::sscanf(line.c_str(), "+%lld.%llds%n", &s, &ms, &used) != 2 ||
      used == 0) {
    return std::nullopt;
  }
  return static_cast<double>(s) + static_cast<double>(ms) / 1000.0;
}

void TimelinePacer::Wait(const std::string& line) {
  const std::optional<double> at = LineOffsetSeconds(line);
  if (!at) return;
  const auto now = std::chrono::steady_clock::now();
  if (!started_) {
    started_ = true;
    last_offset_ = *at;
    last_wall_ = now;
    return;
  }
  // Calls are printed at their start time after they end: a line may be
  // a little older than the previous one; it goes out at once.
  if (*at <= last_offset_) return;
  std::chrono::duration<double> gap((*at - last_offset_) / pace_);
  if (gap > max_gap_) gap = max_gap_;
  const auto due =
      last_wall_ + std::chrono::duration_cast<std::chrono::nanoseconds>(gap);
  if (due > now) std::this_thread::sleep_until(due);
  last_offset_ = *at;
  last_wall_ = std::max(due, now);
}

std::string Colorize(const std::string& line) {
  const char* colour = nullptr;
  if (Has(line, " FAULT ")) {
    colour = "\033[1;31m";
  } else if (Has(line, " expect    PASS")) {
    colour = "\033[32m";
  } else if (Has(line, " expect    FAIL")) {
    colour = "\033[1;31m";
  } else if (Has(line, " pod       ")) {
    colour = "\033[1;36m";
  } else if (Has(line, " scenario  ")) {
    colour = "\033[1;35m";
  } else if (Has(line, " kubelet   ")) {
    colour = "\033[33m";
  } else if (Has(line, " kubelet → ") && !Has(line, " ← OK ")) {
    colour = "\033[31m";
  } else if (Has(line, " runtime   ")) {
    colour = "\033[2m";
  }
  if (colour == nullptr) return line;
  return std::string(colour) + line + kReset;
}

}  // namespace fakecri::cli
