// File: memory_test.cc
// What an untouched MemFs costs, measured by counting the heap blocks it
// holds (malloc_usable_size, so allocator rounding is included). 10,000
// containers each own one, so it must stay well under 2 KB.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "fake_runtime/userland/fs/image_layer.h"
#include "fake_runtime/userland/fs/mem_fs.h"
#include "fs_test_util.h"

namespace {

std::atomic<long long> g_live_bytes{0};

}  // namespace

// Replaced for the whole test binary; counting costs nothing measurable.
void* operator new(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) std::abort();
  g_live_bytes += static_cast<long long>(malloc_usable_size(p));
  return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  g_live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

namespace fakecri::userland {
namespace {

using testing::kRoot;

// Heap held by one MemFs built with `options` (the image already exists).
long long HeapOf(const MemFsOptions& options, std::unique_ptr<MemFs>* keep) {
  long long before = g_live_bytes.load();
  *keep = std::make_unique<MemFs>(options);
  return g_live_bytes.load() - before;
}

TEST(MemFsMemory, EmptyInstanceCostsWellUnder2KB) {
  (void)DefaultImageLayer();
  MemFsOptions bare;
  std::unique_ptr<MemFs> fs;
  long long heap = HeapOf(bare, &fs);
  std::cout << "sizeof(MemFs)=" << sizeof(MemFs) << " heap(bare)=" << heap
            << "\n";
  EXPECT_LT(static_cast<long long>(sizeof(MemFs)) + heap, 1024);

  // What kubelet + containerd hand every container: the default masked
  // and read-only lists spelled out, three runtime files and a clock.
  MemFsOptions typical;
  typical.masked_paths = {"/proc/asound",
                          "/proc/acpi",
                          "/proc/kcore",
                          "/proc/keys",
                          "/proc/latency_stats",
                          "/proc/timer_list",
                          "/proc/timer_stats",
                          "/proc/sched_debug",
                          "/proc/scsi",
                          "/sys/firmware",
                          "/sys/devices/virtual/powercap"};
  typical.readonly_paths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                            "/proc/sysrq-trigger"};
  std::string hosts(300, 'h'), resolv(120, 'r'), hostname = "web-0\n";
  typical.runtime_files = {{"/etc/hosts", hosts},
                           {"/etc/resolv.conf", resolv},
                           {"/etc/hostname", hostname}};
  typical.now_ns = [] { return int64_t{42}; };
  std::unique_ptr<MemFs> fs2;
  long long heap2 = HeapOf(typical, &fs2);
  // Runtime file contents are the caller's data, not MemFs overhead.
  long long contents = static_cast<long long>(
      malloc_usable_size(typical.runtime_files[0].second.data()) +
      malloc_usable_size(typical.runtime_files[1].second.data()));
  std::cout << "heap(typical)=" << heap2
            << " of which runtime-file contents=" << contents << "\n";
  EXPECT_LT(static_cast<long long>(sizeof(MemFs)) + heap2 - contents, 2048);

  // Reading, listing and stat'ing copy nothing up and keep nothing.
  long long before = g_live_bytes.load();
  ASSERT_TRUE(fs2->ReadFile("/etc/passwd", kRoot).ok());
  ASSERT_TRUE(fs2->List("/etc", kRoot).ok());
  ASSERT_TRUE(fs2->Stat("/proc/sys/kernel/hostname").ok());
  ASSERT_TRUE(fs2->ReadFile("/etc/hosts", kRoot).ok());
  EXPECT_EQ(g_live_bytes.load(), before);
  EXPECT_EQ(fs2->WritableInodes(), 0u);
}

}  // namespace
}  // namespace fakecri::userland
