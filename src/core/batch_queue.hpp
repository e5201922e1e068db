// BatchQueue: the bounded queue between the walker and the workers (scan.cpp).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <iterator>
#include <mutex>
#include <vector>

namespace piiscan {

// A queue of about `capacity` items, filled in batches by one producer and emptied by several
// consumers a few at a time, who may put items back at its front. A producer that finds it
// full waits until it is half empty, and only then is woken: woken at every pop, the walker
// slept and woke once per batch (a futex wait, a wake and two context switches each) while the
// workers kept it full.
template <typename T>
class BatchQueue {
 public:
  explicit BatchQueue(std::size_t capacity) : m_capacity(capacity) {}

  void push_all(std::vector<T>& items) {
    std::unique_lock lock(m_mutex);
    if (m_items.size() >= m_capacity) {
      ++m_waiting_producers;
      m_not_full.wait(lock, [&] { return m_items.size() <= low_water(); });
      --m_waiting_producers;
    }
    std::move(items.begin(), items.end(), std::back_inserter(m_items));
    items.clear();
    m_not_empty.notify_all();
  }

  // Moves up to `most` items (at least one) into `out`, waiting for the first. False once the
  // queue is closed and empty.
  bool pop_some(std::vector<T>& out, std::size_t most) {
    std::unique_lock lock(m_mutex);
    if (m_items.empty() && !m_closed) {
      m_waiting_consumers.fetch_add(1, std::memory_order_relaxed);
      m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed; });
      m_waiting_consumers.fetch_sub(1, std::memory_order_relaxed);
    }
    if (m_items.empty()) {
      return false;
    }
    const std::size_t count = std::min(most, m_items.size());
    std::move(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(count),
              std::back_inserter(out));
    m_items.erase(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(count));
    if (m_waiting_producers != 0 && m_items.size() <= low_water()) {
      m_not_full.notify_all();
    }
    return true;
  }

  // Puts `items[from..]` back at the front, in order, for any consumer to take.
  void put_back(std::vector<T>& items, std::size_t from) {
    if (from >= items.size()) {
      return;
    }
    std::lock_guard lock(m_mutex);
    const auto rest = items.begin() + static_cast<std::ptrdiff_t>(from);
    m_items.insert(m_items.begin(), std::make_move_iterator(rest),
                   std::make_move_iterator(items.end()));
    m_not_empty.notify_all();
  }

  // Whether a consumer waits for items: then a batch is better handed over unfinished.
  bool consumers_waiting() const { return m_waiting_consumers.load(std::memory_order_relaxed); }

  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_not_empty.notify_all();
  }

 private:
  std::size_t low_water() const { return m_capacity / 2; }

  std::size_t m_capacity;
  std::deque<T> m_items;
  bool m_closed = false;
  unsigned m_waiting_producers = 0;
  std::atomic<unsigned> m_waiting_consumers{0};
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
};

}  // namespace piiscan
