// The queue between the walker and the workers: batches in, a few items out, the rest of a
// take put back at the front, bounded, and closed.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/batch_queue.hpp"

using piiscan::BatchQueue;

namespace {

std::vector<int> range(int from, int to) {
  std::vector<int> items;
  for (int i = from; i < to; ++i) items.push_back(i);
  return items;
}

}  // namespace

TEST_CASE("batch queue: items leave in order, at most as many as asked") {
  BatchQueue<int> queue(100);
  std::vector<int> batch = range(0, 10);
  queue.push_all(batch);
  CHECK(batch.empty());
  std::vector<int> taken;
  REQUIRE(queue.pop_some(taken, 1));
  CHECK(taken == std::vector<int>{0});
  REQUIRE(queue.pop_some(taken, 4));
  CHECK(taken == std::vector<int>{0, 1, 2, 3, 4});
  taken.clear();
  REQUIRE(queue.pop_some(taken, 32));  // fewer there than asked: all of them
  CHECK(taken == range(5, 10));
}

TEST_CASE("batch queue: the rest of a take goes back to the front, in order") {
  BatchQueue<int> queue(100);
  std::vector<int> batch = range(0, 8);
  queue.push_all(batch);
  std::vector<int> taken;
  REQUIRE(queue.pop_some(taken, 5));
  queue.put_back(taken, 2);  // 0 and 1 were done; 2, 3, 4 go back ahead of 5, 6, 7
  std::vector<int> rest;
  REQUIRE(queue.pop_some(rest, 100));
  CHECK(rest == range(2, 8));
  queue.put_back(rest, rest.size());  // nothing left over: nothing goes back
  queue.close();
  std::vector<int> none;
  CHECK_FALSE(queue.pop_some(none, 1));
}

TEST_CASE("batch queue: a waiting consumer is woken by a put-back, and by close") {
  BatchQueue<int> queue(100);
  std::vector<int> got;
  std::atomic<bool> returned{false};
  std::thread consumer([&] {
    std::vector<int> taken;
    while (queue.pop_some(taken, 100)) {
      got.insert(got.end(), taken.begin(), taken.end());
      taken.clear();
    }
    returned = true;
  });
  const auto wait_for = [&](auto done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  wait_for([&] { return queue.consumers_waiting(); });
  CHECK(queue.consumers_waiting());
  std::vector<int> back{7, 8};
  queue.put_back(back, 0);
  queue.close();
  consumer.join();
  CHECK(returned);
  CHECK(got == std::vector<int>{7, 8});
}

TEST_CASE("batch queue: a full queue holds the producer until it is half empty") {
  BatchQueue<int> queue(8);
  std::vector<int> first = range(0, 8);
  queue.push_all(first);
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    std::vector<int> more = range(8, 12);
    queue.push_all(more);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(pushed);  // 8 items: full
  std::vector<int> taken;
  REQUIRE(queue.pop_some(taken, 3));  // 5 left: above half
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(pushed);
  REQUIRE(queue.pop_some(taken, 1));  // 4 left: half
  producer.join();
  CHECK(pushed);
  std::vector<int> rest;
  REQUIRE(queue.pop_some(rest, 100));
  CHECK(rest == range(4, 12));
}
