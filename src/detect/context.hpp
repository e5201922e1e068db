// Context scoring: is one of a rule's context words near a candidate value?
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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
// "Martin". Each kind is an Aho-Corasick automaton over the folded alphabet, so a search costs
// one table step per character however many words the rule has. Immutable after construction;
// safe to share between threads.
class ContextWords {
 public:
  explicit ContextWords(const std::vector<std::string>& folded_words);

  bool empty() const noexcept { return m_empty; }
  // True when one of the words occurs in the folded form of `text`.
  bool found_in(std::string_view text) const noexcept;

 private:
  // Symbols: the fold's a-z and 0-9, and the word break (only the whole-word automaton sees it).
  static constexpr std::size_t k_break = k_fold_symbols;
  static constexpr std::size_t k_symbols = k_fold_symbols + 1;

  // Without words, an automaton stays in its start state and never accepts.
  class Automaton {
   public:
    Automaton();
    void add(std::string_view word);
    void build();
    std::uint16_t start() const noexcept { return 0; }
    std::uint16_t step(std::uint16_t state, std::size_t symbol) const noexcept {
      return m_next[state][symbol];
    }
    bool accepts(std::uint16_t state) const noexcept { return m_accepts[state] != 0; }

   private:
    std::vector<std::array<std::uint16_t, k_symbols>> m_next;  // trie edges, then all moves
    std::vector<std::uint8_t> m_accepts;
  };

  Automaton m_anywhere;
  Automaton m_whole_word;  // words framed by breaks: " tin "
  bool m_empty = true;
};

// True when a folded context word occurs in the folded text around the value at
// [`value_begin`, `value_begin + value_size`) of `chunk.text`, or in the folded header of the
// delimited-file column the value stands in. The value itself is not part of its context.
bool context_near(const Chunk& chunk, std::size_t value_begin, std::size_t value_size,
                  const ContextWords& words);

// The 0-based column of the cell holding `pos` in a delimited line that starts at `line_begin`;
// delimiters inside double quotes do not count.
std::size_t column_index(std::string_view text, std::size_t line_begin, std::size_t pos,
                         char delimiter) noexcept;

}  // namespace piiscan
