// Where the matches of many regexes can start, in one backward pass over the text.
//
// The locator used to find each start with RE2: an unanchored search of the alternation of
// all patterns (a forward DFA to the match's end, a reverse DFA back to its start), then an
// anchored RE2::Set to learn which patterns start there. On number-dense text such as HR
// exports that is two to four DFA searches per stop, with RE2's fixed cost each time, and its
// DFA loop costs about 20 instructions per byte even where nothing matches
// (docs/performance.md).
//
// The StartFinder runs the patterns reversed, all at once, as one lazily built DFA from the
// end of the text to its beginning. A reversed pattern that reaches its end at position p has
// read a whole match starting at p, so every state knows which patterns start where the pass
// stands: stops and starters come out of one table-driven loop.
//
// The answer is a superset, never a subset: RE2 confirms every start with an anchored match,
// as it gave each match's end and groups before. Exact for ASCII text; where RE2 reads a
// multi-byte character (a negated class, `.`, a folded letter) the finder takes any non-ASCII
// byte followed by up to three continuation bytes, which also allows starts RE2 rejects.
// Patterns with syntax it does not model (\p{..}, \Q..\E, \C, POSIX classes, …) make `add`
// fail; the locator then stays with RE2 alone.
//
// Building (`add`, `compile`) is not thread-safe. `find` may then run on several threads at
// once, each with a Reader of its own, and they share the DFA states: a state one thread built
// is there for all. Each thread had built its own, the same states twice at -j2 (24,500
// transitions at -j1, 42,500 at -j2 on the bench's share), in time the other core would have
// scanned with. Readers follow transitions without a lock; building one takes the lock of the
// states, and a thread that finds them full starts a new generation of states, while threads
// still scanning in the old one keep it until they move on.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace piiscan {

class StartFinder {
 public:
  struct Start {
    std::uint32_t at;     // byte offset in the text
    std::uint32_t which;  // the patterns that may start there: ids[which] on, up to k_end
  };
  static constexpr std::uint32_t k_end = 0xFFFFFFFF;

  // `max_cache_bytes` bounds the DFA states' memory (kernels, table rows, closures): past it,
  // as past k_max_states, the states are dropped and built anew.
  explicit StartFinder(std::size_t max_cache_bytes = k_max_cache_bytes);
  ~StartFinder();
  StartFinder(const StartFinder&) = delete;
  StartFinder& operator=(const StartFinder&) = delete;

  // Adds the next pattern (RE2 syntax as piiscan compiles it: UTF-8, case-sensitive unless
  // (?i), ^ and $ of the text unless (?m), `.` not matching a line feed unless (?s)). Returns
  // false, and the finder must not be used, when the pattern uses syntax it does not model
  // or would grow too large.
  bool add(std::string_view pattern);

  // Whether `add` would take `pattern` as far as its syntax goes (it may still be too large).
  static bool models(std::string_view pattern);

  // After the last `add`: sorts the bytes into classes. False when nothing was added.
  bool compile();

  // Fills `out`, ascending by position, with every position of `text` where some pattern has
  // a match starting (text[0, size) is the whole context: ^ and \b read no byte outside it),
  // and `ids` with the lists of patterns (their index in order of `add`, ascending, each list
  // ended by k_end) that Start::which points to. Returns false when the text is too long for
  // 32-bit offsets or the DFA states thrash (the find moved to a new generation of states more
  // than k_max_moves times); then the output is incomplete and must not be used.
  // Thread-safe after `compile`, with one `reader` per thread.
  class Reader;
  bool find(Reader& reader, std::string_view text, std::vector<Start>& out,
            std::vector<std::uint32_t>& ids) const;
  // The same with a Reader for this call only.
  bool find(std::string_view text, std::vector<Start>& out, std::vector<std::uint32_t>& ids) const;

  // What a generation of DFA states may hold. The built-in rules' states take about 4 MiB on
  // the scale-1.0 share (2,282 states); without a bound, kernels of the NFA's size in hostile
  // text could take hundreds of MiB. A generation still in use by a thread that has not moved
  // on is kept besides the current one: at most one per thread.
  static constexpr std::size_t k_max_cache_bytes = 32 << 20;
  std::size_t cache_bytes() const;  // what the current generation's states hold now
  std::uint64_t generations() const;  // started so far, the first at `compile`

  static constexpr std::size_t k_max_instructions = 60000;
  static constexpr std::size_t k_max_states = 8192;
  static constexpr int k_max_moves = 8;  // new generations one find may move to

  // A text is scanned in k_passes parts at once when it is this long, its patterns' longest
  // match (the parts' overlap) is shorter than k_max_split_overlap, and the text is at least
  // two overlaps long. Each pass then reads its part and an overlap more, yet the two passes'
  // loads overlap: with the built-in rules (a 595-byte overlap, for e-mail) letters, config
  // and code files of 1.2 to 4.8 KiB took 1.06x as long with one pass (the limit had been
  // eight overlaps).
  // Four: three and four passes had measured 1.09x and 1.21x the time of two until their loop
  // was unrolled (the passes' rows had lived on the stack). Unrolled, on share-0.25 (-j1,
  // alternating runs) three took 0.96x the time of two and four 0.95x; on letters, config and
  // code files four passes from two overlaps on beat two passes below eight overlaps and four
  // above (0.98x): the overlaps read again cost less than the latency the passes hide.
  static constexpr std::size_t k_passes = 4;
  static constexpr std::size_t k_min_split = 1024;
  static constexpr std::size_t k_max_split_overlap = 1 << 16;

  struct Program;  // the reversed NFA (start_finder.cpp)
  struct Cache;    // a generation of the lazily built DFA's states
  struct Lists;    // the lists of patterns starting together, shared by the generations
  // One backward pass over part of the text: from `at` down to `end`, in DFA row `row`.
  struct Chain {
    const unsigned char* at = nullptr;
    const unsigned char* end = nullptr;
    std::size_t row = 0;
  };

 private:
  struct Walk;  // one find's way through the states (start_finder.cpp)
  bool scan(Walk& walk, const unsigned char* begin, const unsigned char* end,
            std::vector<Start>& out, Chain& last) const;
  // Points `reader` at the current generation; with `full`, the generation it found full, at
  // a new one unless another thread has already started one.
  void update(Reader& reader, const Cache* full = nullptr) const;

  std::unique_ptr<Program> m_program;
  std::unique_ptr<Lists> m_lists;
  mutable std::mutex m_cache_mutex;  // guards m_cache
  mutable std::shared_ptr<Cache> m_cache;
  mutable std::atomic<std::uint64_t> m_generation{0};  // of m_cache, changed under the mutex
  std::size_t m_max_cache_bytes;
  bool m_failed = false;
  std::size_t m_longest = 0;  // the longest match of any pattern (k_max_split_overlap: unknown)
};

// A thread's hold on the states: the generation it scans in, kept alive while it does, and
// scratch space. Not thread-safe: one per thread.
class StartFinder::Reader {
 public:
  Reader();
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

 private:
  friend class StartFinder;
  std::shared_ptr<Cache> m_cache;
  std::uint64_t m_generation = 0;  // m_cache's
  int m_moves = 0;                 // to new generations, in the current find
  std::vector<std::uint32_t> m_copied;
};

}  // namespace piiscan
