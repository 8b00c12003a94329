// File: random.h
// Seeded random streams. Every consumer of randomness gets its own stream,
// derived from the runtime seed and a stream name, so adding a consumer never
// shifts another one's draws and a run can be replayed from its seed.
#ifndef FAKECRI_COMMON_RANDOM_H_
#define FAKECRI_COMMON_RANDOM_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace fakecri::runtime {

// splitmix64 finaliser: a cheap, well-mixed 64-bit hash step.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Stable (across machines and runs) 64-bit hash of a string.
inline uint64_t StableHash(absl::string_view s, uint64_t salt = 0) {
  uint64_t h = 0xcbf29ce484222325ULL ^ Mix64(salt);
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return Mix64(h);
}

// Not thread-safe: each owner guards its own stream.
class RandomStream {
 public:
  RandomStream(uint64_t seed, absl::string_view name)
      : engine_(Mix64(seed ^ StableHash(name))) {}

  uint64_t Next() { return engine_(); }

  // 64 lowercase hex characters, the shape of a containerd / CRI-O id.
  std::string Hex64() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(64, '0');
    for (int w = 0; w < 4; ++w) {
      uint64_t v = Next();
      for (int i = 0; i < 16; ++i)
        out[w * 16 + i] = kHex[(v >> (60 - 4 * i)) & 0xf];
    }
    return out;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_COMMON_RANDOM_H_
