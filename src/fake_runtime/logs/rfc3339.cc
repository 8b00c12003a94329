// File: rfc3339.cc
// Go's time.RFC3339Nano in UTC, written by hand: containerd stamps every
// log line with it, and a strftime/gmtime per line would dominate the cost
// of a short line.
#include <cstring>
#include <limits>

#include "fake_runtime/logs/cri_log.h"

namespace fakecri::logs {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr size_t kSecondTextBytes = 19;  // "2006-01-02T15:04:05"

// Consecutive lines almost always fall in the same second, so the date and
// time of day are rendered once per second per thread.
struct SecondCache {
  int64_t second = std::numeric_limits<int64_t>::min();
  char text[kSecondTextBytes];
};
thread_local SecondCache t_second_cache;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void Put2(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

// Days since 1970-01-01 to a proleptic Gregorian date, via 400-year eras
// counted from 0000-03-01 so that leap days fall at the end of a year.
void CivilFromDays(int64_t days, int64_t* year, unsigned* month,
                   unsigned* day) {
  days += 719'468;  // 0000-03-01 .. 1970-01-01
  const int64_t era = FloorDiv(days, 146'097);
  const auto doe = static_cast<unsigned>(days - era * 146'097);
  const unsigned yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

void RenderSecond(int64_t second, char* out) {
  const int64_t days = FloorDiv(second, kSecondsPerDay);
  const auto sod = static_cast<unsigned>(second - days * kSecondsPerDay);
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  CivilFromDays(days, &year, &month, &day);
  // int64 nanoseconds only span the years 1677..2262: always four digits.
  const auto y = static_cast<unsigned>(year);
  Put2(out, y / 100);
  Put2(out + 2, y % 100);
  out[4] = '-';
  Put2(out + 5, month);
  out[7] = '-';
  Put2(out + 8, day);
  out[10] = 'T';
  Put2(out + 11, sod / 3600);
  out[13] = ':';
  Put2(out + 14, sod / 60 % 60);
  out[16] = ':';
  Put2(out + 17, sod % 60);
}

}  // namespace

size_t FormatRfc3339NanoTo(int64_t unix_ns, char* out) {
  const int64_t second = FloorDiv(unix_ns, kNanosPerSecond);
  auto frac = static_cast<uint32_t>(unix_ns - second * kNanosPerSecond);
  SecondCache& cache = t_second_cache;
  if (cache.second != second) {
    RenderSecond(second, cache.text);
    cache.second = second;
  }
  std::memcpy(out, cache.text, kSecondTextBytes);
  size_t n = kSecondTextBytes;
  if (frac != 0) {
    // Go's ".999999999": as many digits as needed, trailing zeros dropped.
    int digits = 9;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    out[n] = '.';
    for (int i = digits; i > 0; --i) {
      out[n + static_cast<size_t>(i)] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    n += 1 + static_cast<size_t>(digits);
  }
  out[n++] = 'Z';
  return n;
}

std::string FormatRfc3339Nano(int64_t unix_ns) {
  char buf[kMaxRfc3339NanoBytes];
  return std::string(buf, FormatRfc3339NanoTo(unix_ns, buf));
}

}  // namespace fakecri::logs
