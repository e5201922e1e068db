// A lock for critical sections of a few microseconds that two threads rarely want at once, as
// the start finder's state building: a thread that finds it taken spins, then yields.
// std::mutex put the waiting thread to sleep, and waking it took longer than the wait itself:
// on this 2-core VM 200–400 waits at -j2 cost 15–23 ms, as much as the shared states saved.
#pragma once

#include <atomic>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace piiscan {

class SpinLock {
 public:
  void lock() noexcept {
    for (unsigned spins = 0; m_taken.exchange(true, std::memory_order_acquire); ++spins) {
      while (m_taken.load(std::memory_order_relaxed)) {
        // Past a while the holder is likely not running (more threads than cores): let it.
        if (spins++ >= k_spins_before_yield) {
          std::this_thread::yield();
        } else {
          pause();
        }
      }
    }
  }
  bool try_lock() noexcept { return !m_taken.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { m_taken.store(false, std::memory_order_release); }

 private:
  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }
  static constexpr unsigned k_spins_before_yield = 4096;
  std::atomic<bool> m_taken{false};
};

}  // namespace piiscan
