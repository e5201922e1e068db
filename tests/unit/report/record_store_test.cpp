// RecordStore: records rendered by several threads at once, piece by piece, come back whole and
// sorted, from its temporary file or, where none can be made, from memory.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include "report/report_spill.hpp"
#include "../temp_tree.hpp"

namespace {

struct Expected {
  std::string key;
  std::vector<std::string> pieces;
};

// Records of 0 to 5 pieces of up to 3,000 bytes, in random order of their keys; keys drawn
// from `count` / 2, so that some come twice, or all different.
std::vector<Expected> make_records(std::size_t count, unsigned seed, bool distinct_keys) {
  std::mt19937 random(seed);
  std::vector<Expected> records;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string key = std::to_string(random() % (count / 2));
    Expected record{distinct_keys ? key + "." + std::to_string(i) : key, {}};
    const std::size_t pieces = random() % 6;
    for (std::size_t p = 0; p < pieces; ++p) {
      const char letter = static_cast<char>('a' + random() % 26);
      record.pieces.push_back(std::string(1 + random() % 3000, letter) + std::to_string(i));
    }
    records.push_back(std::move(record));
  }
  return records;
}

// Adds `record`; returns how many of its pieces the sink did not empty (it must empty what it
// takes). No Catch assertions: Catch2 v2's are not thread-safe, and a threads test calls it.
std::size_t add(piiscan::RecordStore& store, const Expected& record) {
  std::size_t left_full = 0;
  store.add(record.key, [&](const piiscan::PieceSink& emit) {
    for (std::string piece : record.pieces) {
      emit(piece);
      left_full += piece.empty() ? 0 : 1;
    }
  });
  return left_full;
}

// What write_sorted must write: by key, equal keys in the order added.
std::string sorted_text(std::vector<Expected> records) {
  std::stable_sort(records.begin(), records.end(),
                   [](const Expected& a, const Expected& b) { return a.key < b.key; });
  std::string text;
  for (std::size_t i = 0; i < records.size(); ++i) {
    text += i == 0 ? "[" : ",";
    for (const std::string& piece : records[i].pieces) {
      text += piece;
    }
  }
  return text;
}

}  // namespace

TEST_CASE("a record store gives back every record whole, sorted by key", "[report]") {
  TempTree tree;
  const std::string directory = GENERATE(std::string("."), std::string("missing"));
  INFO("folder " << directory);  // "missing": no temporary file, everything in memory
  ScopedTmpdir tmpdir(tree.path("missing"));  // nor in $TMPDIR
  const auto records = make_records(400, 7, false);
  piiscan::RecordStore store(tree.path(directory));
  for (const Expected& record : records) {
    CHECK(add(store, record) == 0);
  }
  std::ostringstream out;
  store.write_sorted(out, "[", ",");
  CHECK(store.size() == records.size());
  CHECK((out.str() == sorted_text(records)));
}

TEST_CASE("a record store keeps the pieces of records added by four threads at once apart",
          "[report]") {
  TempTree tree;
  const auto records = make_records(2000, 11, true);  // so that the order is known
  piiscan::RecordStore store(tree.path("."));
  std::atomic<std::size_t> left_full{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < records.size(); i += 4) {
        left_full += add(store, records[i]);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  CHECK(left_full == 0);
  std::ostringstream out;
  store.write_sorted(out, "[", ",");
  CHECK(store.size() == records.size());
  CHECK((out.str() == sorted_text(records)));
}

// A full disk, as RLIMIT_FSIZE makes one: the temporary file takes the first 64 KiB, and what
// does not fit stays in memory, in order, so every record still comes back whole.
TEST_CASE("a record store keeps in memory what its temporary file cannot take", "[report]") {
  TempTree tree;
  const auto records = make_records(300, 13, false);
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &before) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit: EFBIG
  rlimit limited = before;
  limited.rlim_cur = 64 << 10;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
  std::ostringstream out;
  {
    piiscan::RecordStore store(tree.path("."));
    std::size_t left_full = 0;
    for (const Expected& record : records) {
      left_full += add(store, record);
    }
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &before) == 0);
    CHECK(left_full == 0);
    store.write_sorted(out, "[", ",");
  }
  std::signal(SIGXFSZ, old_handler);
  CHECK(out.str().size() > std::size_t{64 << 10});  // more than the file could take
  CHECK((out.str() == sorted_text(records)));
}
