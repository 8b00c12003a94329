// File: frame_pool.h
// Recycles coroutine frames. Every shell command and program step is a
// coroutine, so a container printing a line a second allocates and frees
// dozens of frames a second; with 10,000 containers malloc/free dominated
// the simulation. Frames are kept in per-thread free lists by size class
// (64-byte steps up to 4 KiB); larger frames go to the heap directly.
#ifndef FAKECRI_USERLAND_PROCESS_FRAME_POOL_H_
#define FAKECRI_USERLAND_PROCESS_FRAME_POOL_H_

#include <cstddef>

namespace fakecri::userland::frame_pool {

void* Allocate(std::size_t size);
void Free(void* p, std::size_t size) noexcept;

}  // namespace fakecri::userland::frame_pool

#endif  // FAKECRI_USERLAND_PROCESS_FRAME_POOL_H_
