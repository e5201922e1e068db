// Context scoring: is one of a rule's context words near a candidate value?
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <piiscan/chunk.hpp>

#include "rules/fold.hpp"

namespace piiscan {

// Bytes of text before and after a value that count as its context.
inline constexpr std::size_t k_context_before = 96;
inline constexpr std::size_t k_context_after = 48;

// A rule's folded context words, found in one pass over the text: long words anywhere in the
// compact fold (compounds, abbreviations: "Arbeitnehmer-SV-Nummer" holds "svnummer"), short
// words (k_short_context_word letters or fewer) only as whole words, or "tin" would fire inside
// "Martin". Each kind is an Aho-Corasick automaton over the folded alphabet; the two are joined
// into one automaton over their pairs of states, so a search costs one table step per character
// however many words the rule has. Immutable after construction; safe to share between threads.
class ContextWords {
 public:
  explicit ContextWords(const std::vector<std::string>& folded_words);

  bool empty() const noexcept { return m_empty; }
  // True when one of the words occurs in the folded form of `text`.
  bool found_in(std::string_view text) const noexcept { return found_in_either(text, {}); }
  // found_in(first) || found_in(second), both searched in one loop: each table step waits for
  // the one before it, so two independent searches take little longer than one.
  bool found_in_either(std::string_view first, std::string_view second) const noexcept;

  std::size_t state_count() const noexcept { return m_next.size() / k_symbols; }

 private:
  // Symbols: the fold's a-z and 0-9, and the word break (only the whole-word automaton sees it).
  static constexpr std::size_t k_break = k_fold_symbols;
  static constexpr std::size_t k_symbols = k_fold_symbols + 1;
  // A state is named by where its row starts in m_next, so a step adds the symbol and loads:
  // multiplying a state number by k_symbols made each step's wait for the one before longer.
  using Row = std::uint32_t;
  // The joined automaton has one accepting state, which it never leaves.
  static constexpr Row k_found = 0;

  class Automaton;  // one kind of words: a trie completed with its failure moves
  class Walk;       // one text's search
  void join(const Automaton& anywhere, const Automaton& whole_word);

  std::vector<Row> m_next;  // k_symbols moves per state
  Row m_start = k_found;    // after the break the text's start counts as
  bool m_empty = true;
};

// Counts which column of a delimited file a value stands in. The candidates of one chunk come
// mostly in offset order, so each is counted on from the previous one instead of from its line
// start: an HR export's row holds a dozen values. A value before the previous one, or more than
// k_count_on_limit bytes after it, is counted from its own line start. Lives for one scan of
// one chunk.
class ColumnCursor {
 public:
  explicit ColumnCursor(const Chunk& chunk) noexcept;
  // The 0-based column of the cell holding `pos` (delimiters inside double quotes do not
  // count), or npos when its line began before the chunk's text or is the file's header line.
  std::size_t column_at(std::size_t pos) noexcept;

  // Whether the header of `column` holds one of `words`. Remembered per rule for the chunk:
  // in an HR export every row asks again for the same few columns.
  bool header_holds(const ContextWords& words, std::size_t column);

  // How far ahead the cursor counts on rather than restarting at the value's line.
  static constexpr std::size_t k_count_on_limit = 256;

 private:
  enum class HeaderHit : std::uint8_t { unknown, no, yes };

  void restart_at_line_of(std::size_t pos) noexcept;
  void count_until(std::size_t end) noexcept;

  const Chunk& m_chunk;
  std::size_t m_pos = 0;         // counted up to here
  std::size_t m_line_begin = 0;  // of the line holding m_pos; npos: before the chunk's text
  std::size_t m_column = 0;
  bool m_quoted = false;
  // Per rule's words asked so far, what each column's header holds.
  std::vector<std::pair<const ContextWords*, std::vector<HeaderHit>>> m_header_hits;
};

// True when a folded context word occurs in the folded text around the value at
// [`value_begin`, `value_begin + value_size`) of `chunk.text`, or in the folded header of the
// delimited-file column the value stands in (`columns` counts it; it must be of `chunk`). The
// value itself is not part of its context.
bool context_near(const Chunk& chunk, std::size_t value_begin, std::size_t value_size,
                  const ContextWords& words, ColumnCursor& columns);

}  // namespace piiscan
