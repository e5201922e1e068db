// Where a pattern's match that starts at a known position ends, without asking RE2.
//
// The StartFinder says where matches may start; RE2 confirmed each start with an anchored
// match, which costs about 800 instructions however short the match (its setup, a reader lock,
// its DFA's start state). For a pattern whose wanted group is the whole match, the end is all
// the locator needs, and this lazily built DFA gives it with RE2's semantics: leftmost-first,
// as Perl. Its states are the NFA's threads in priority order (alternatives in order, greedy
// repetitions preferring one more copy); a thread that reaches the match cuts the threads
// after it, and the match that stands when no thread is left is RE2's.
//
// Exact for ASCII: the regex tree models a character RE2 reads as multi-byte UTF-8 only
// loosely (regex_tree.hpp), so a match that would read a byte from 0x80 is left to RE2.
// One per pattern per thread: not thread-safe. twin() gives another thread its own, sharing the
// compiled program.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace piiscan {

class EndFinder {
 public:
  // Null when the tree does not model the pattern's syntax or its NFA would be too large.
  static std::unique_ptr<EndFinder> make(std::string_view pattern);
  // Another EndFinder of the same pattern, with states of its own: compiling it again cost
  // each thread a third of a phone plan's compilation.
  [[nodiscard]] std::unique_ptr<EndFinder> twin() const;
  ~EndFinder();
  EndFinder(const EndFinder&) = delete;
  EndFinder& operator=(const EndFinder&) = delete;

  enum class Answer : std::uint8_t { matched, no_match, ask_re2 };

  // The pattern's match anchored at `start` in `text` (all of it context for ^, $ and \b),
  // reading at most `longest` bytes: its end in `end` when it matched. ask_re2 when the match
  // would read a byte from 0x80.
  Answer match_end(std::string_view text, std::size_t start, std::size_t longest,
                   std::size_t& end);

  // Beyond this many states the cache is emptied and built anew: about 0.3 MiB per rule per
  // thread at most (real text builds a few dozen; a hostile text could build many).
  static constexpr std::size_t k_max_states = 1024;

  struct Program;  // the forward NFA (end_finder.cpp)
  struct Cache;    // the DFA states

 private:
  explicit EndFinder(std::shared_ptr<const Program> program);

  std::shared_ptr<const Program> m_program;  // read only, so shared by twins
  std::unique_ptr<Cache> m_cache;
};

}  // namespace piiscan
