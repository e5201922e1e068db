#include "detect/context.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <piiscan/rule.hpp>

#include "util/table_column.hpp"

namespace piiscan {

// A trie of one kind of words, completed into an Aho-Corasick automaton by build().
// Without words it stays in its start state and never accepts.
class ContextWords::Automaton {
 public:
  Automaton() : m_next(1), m_accepts(1, 0) {}
  void add(std::string_view word);
  void build();
  std::uint16_t start() const noexcept { return 0; }
  std::uint16_t step(std::uint16_t state, std::size_t symbol) const noexcept {
    return m_next[state][symbol];
  }
  bool accepts(std::uint16_t state) const noexcept { return m_accepts[state] != 0; }
  std::size_t size() const noexcept { return m_next.size(); }

 private:
  std::vector<std::array<std::uint16_t, k_symbols>> m_next;  // trie edges, then all moves
  std::vector<std::uint8_t> m_accepts;
};

void ContextWords::Automaton::add(std::string_view word) {
  std::size_t state = 0;
  for (const char c : word) {
    const std::size_t symbol = c == ' ' ? k_break : fold_symbol_of(c);
    if (m_next[state][symbol] == 0) {
      if (m_next.size() > UINT16_MAX) {
        throw std::length_error("context words: too many letters for one rule");
      }
      m_next[state][symbol] = static_cast<std::uint16_t>(m_next.size());
      m_next.emplace_back();
      m_accepts.push_back(0);
    }
    state = m_next[state][symbol];
  }
  m_accepts[state] = 1;
}

// Turns the trie into a complete automaton: a missing edge leads where the longest proper
// suffix (the failure link) would go, and a state accepts when any suffix of it is a word.
void ContextWords::Automaton::build() {
  std::vector<std::uint16_t> fail(m_next.size(), 0);
  std::vector<std::uint16_t> queue;
  for (std::uint16_t& child : m_next[0]) {
    if (child != 0) {
      queue.push_back(child);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint16_t state = queue[head];
    m_accepts[state] |= m_accepts[fail[state]];
    for (std::size_t symbol = 0; symbol < k_symbols; ++symbol) {
      std::uint16_t& child = m_next[state][symbol];
      const std::uint16_t fallback = m_next[fail[state]][symbol];
      if (child == 0) {
        child = fallback;
      } else {
        fail[child] = fallback;
        queue.push_back(child);
      }
    }
  }
}

ContextWords::ContextWords(const std::vector<std::string>& folded_words) {
  Automaton anywhere;
  Automaton whole_word;  // words framed by breaks: " tin "
  for (const std::string& word : folded_words) {
    if (word.empty()) {
      continue;  // no letters: nothing to find
    }
    m_empty = false;
    if (word.size() > k_short_context_word) {
      anywhere.add(word);
    } else {
      whole_word.add(" " + word + " ");
    }
  }
  anywhere.build();
  whole_word.build();
  join(anywhere, whole_word);
}

// The automaton over pairs (long-word state, whole-word state) that both can reach together:
// a letter moves both, a break only the whole-word one (long words skip breaks). Every pair in
// which either accepts is the one state k_found. The text's start counts as a break. A run of
// breaks moves the whole-word automaton as one break does, since no word holds two in a row.
void ContextWords::join(const Automaton& anywhere, const Automaton& whole_word) {
  // Rows by pair: per long-word state met, a table over the whole-word states (0: no row yet,
  // as k_found is never stored). A hash map here made building all rules' automata 12 M
  // instructions of every start-up.
  std::vector<std::vector<Row>> rows(anywhere.size());
  std::vector<std::pair<std::uint16_t, std::uint16_t>> pairs(1);  // by row; row 0 is k_found
  m_next.assign(k_symbols, k_found);
  const auto add_row = [&](std::uint16_t along, std::uint16_t whole) {
    if (m_next.size() + k_symbols > std::numeric_limits<Row>::max()) {
      throw std::length_error("context words: too many words for one rule");
    }
    pairs.emplace_back(along, whole);
    m_next.resize(m_next.size() + k_symbols);
    return static_cast<Row>(m_next.size() - k_symbols);
  };
  const auto row_of = [&](std::uint16_t along, std::uint16_t whole) -> Row {
    if (anywhere.accepts(along) || whole_word.accepts(whole)) {
      return k_found;
    }
    std::vector<Row>& known = rows[along];
    if (known.empty()) {
      known.resize(whole_word.size(), k_found);
    }
    if (known[whole] == k_found) {
      known[whole] = add_row(along, whole);
    }
    return known[whole];
  };
  m_start = row_of(anywhere.start(), whole_word.step(whole_word.start(), k_break));
  for (std::size_t state = 1; state < pairs.size(); ++state) {
    const auto [along, whole] = pairs[state];
    for (std::size_t symbol = 0; symbol < k_symbols; ++symbol) {
      const std::uint16_t next_along = symbol == k_break ? along : anywhere.step(along, symbol);
      const Row next = row_of(next_along, whole_word.step(whole, symbol));
      m_next[state * k_symbols + symbol] = next;  // after row_of, which may grow m_next
    }
  }
}

// One text's search through the joined automaton, with the fold of for_each_fold_symbol
// (fold.hpp) written out: a byte's symbol (a break included) indexes the row directly.
class ContextWords::Walk {
 public:
  Walk(const ContextWords& words, std::string_view text) noexcept
      : m_next(words.m_next.data()),
        m_at(reinterpret_cast<const unsigned char*>(text.data())),
        m_end(m_at + text.size()),
        m_row(words.m_start) {}

  bool more() const noexcept { return m_at != m_end; }
  bool found() const noexcept { return m_row == k_found; }

  // Reads one character.
  void advance() noexcept {
    const std::uint8_t symbol = fold_detail::k_byte_symbols[*m_at++];
    if (symbol == fold_detail::k_lead) {
      advance_lead();
    } else {
      m_row = step(m_row, symbol);
    }
  }

  // Reads the rest; the text's end counts as a break.
  bool finish() noexcept {
    while (more() && !found()) {
      advance();
    }
    return found() || step(m_row, k_break) == k_found;
  }

 private:
  // 0xC3 starts an umlaut or ß, folded to two letters; another character there is dropped, and
  // a 0xC3 at the end is a break.
  void advance_lead() noexcept {
    if (m_at == m_end) {
      m_row = step(m_row, k_break);
    } else if (const char* folded = fold_latin1_supplement(*m_at++)) {
      m_row = step(step(m_row, fold_symbol_of(folded[0])), fold_symbol_of(folded[1]));
    }
  }
  Row step(Row row, std::size_t symbol) const noexcept {
    return table_column(m_next, symbol)[row];
  }

  const Row* m_next;
  const unsigned char* m_at;
  const unsigned char* m_end;
  Row m_row;
};

bool ContextWords::found_in_either(std::string_view first, std::string_view second) const noexcept {
  if (m_empty) {
    return false;
  }
  Walk one(*this, first);
  Walk two(*this, second);
  while (one.more() && two.more()) {
    one.advance();
    two.advance();
    if (one.found() || two.found()) {
      return true;
    }
  }
  return one.finish() || two.finish();
}

namespace {

constexpr std::size_t k_block = 16;

#if defined(__SSE2__)
// Bit i: byte i of the 16 at `bytes` is a quote, a line break (CR or LF), or the delimiter.
struct BlockMasks {
  unsigned quotes;
  unsigned breaks;
  unsigned delimiters;
};

BlockMasks block_masks(const char* bytes, char delimiter) noexcept {
  const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const auto mask_of = [&](char c) {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
  };
  return {mask_of('"'), mask_of('\n') | mask_of('\r'), mask_of(delimiter)};
}
#endif

// Start of the line holding `pos`, or npos when it starts before the chunk's text and the chunk
// is not the start of the file.
// A plain loop: string_view::find_last_of calls memchr on the set "\r\n" for every byte.
std::size_t line_begin_of(const Chunk& chunk, std::size_t pos) {
  for (std::size_t i = std::min(pos, chunk.text.size()); i > 0; --i) {
    if (chunk.text[i - 1] == '\n' || chunk.text[i - 1] == '\r') {
      return i;
    }
  }
  return chunk.base_offset == 0 ? 0 : std::string_view::npos;
}

bool header_is_context(const Chunk& chunk, std::size_t value_begin, const ContextWords& words,
                       ColumnCursor& columns) {
  const std::size_t column = columns.column_at(value_begin);
  return column < chunk.columns->names.size() && columns.header_holds(words, column);
}

}  // namespace

ColumnCursor::ColumnCursor(const Chunk& chunk) noexcept
    : m_chunk(chunk), m_line_begin(chunk.base_offset == 0 ? 0 : std::string_view::npos) {}

// Counting restarts at the start of the line holding `pos` unless that is the cursor's line,
// so between two far-apart values only the second value's line is read, as before the cursor.
void ColumnCursor::restart_at_line_of(std::size_t pos) noexcept {
  const std::size_t end = std::min(pos, m_chunk.text.size());
  if (end >= m_pos) {
    std::size_t i = end;
    while (i > m_pos && m_chunk.text[i - 1] != '\n' && m_chunk.text[i - 1] != '\r') {
      --i;
    }
    if (i == m_pos) {
      return;  // no line break since the cursor: count on from it
    }
  }
  m_line_begin = line_begin_of(m_chunk, end);
  m_pos = m_line_begin == std::string_view::npos ? 0 : m_line_begin;
  m_column = 0;
  m_quoted = false;
}

std::size_t ColumnCursor::column_at(std::size_t pos) noexcept {
  const std::string_view text = m_chunk.text;
  const std::size_t end = std::min(pos, text.size());
  // Counting on from the cursor reads each byte once, line breaks included (checking for a
  // break backwards first read the bytes of an HR export's row twice). A value behind the
  // cursor, or far ahead, is counted from its own line start, so a sparse file is not read
  // between its values.
  if (end < m_pos || end - m_pos > k_count_on_limit) {
    restart_at_line_of(end);
  }
  count_until(end);
  const bool unknown = m_line_begin == std::string_view::npos;
  const bool header = m_chunk.base_offset == 0 && m_line_begin == 0;
  return unknown || header ? std::string_view::npos : m_column;
}

// Locals, not the members, in the loop: writing the members back for every byte doubled its
// instructions. Letters and most digits are above every byte that counts, one test each.
// Outside quotes, 16 bytes without a quote are counted at once from their bit masks: a
// delimiter every few bytes made the byte loop's branch a misprediction each time.
void ColumnCursor::count_until(std::size_t end) noexcept {
  const char* const text = m_chunk.text.data();
  const auto delimiter = static_cast<unsigned char>(m_chunk.columns->delimiter);
  const unsigned char highest_special = std::max<unsigned char>(delimiter, '"');
  std::size_t pos = m_pos;
  std::size_t line_begin = m_line_begin;
  std::size_t column = m_column;
  bool quoted = m_quoted;
  while (pos < end) {
#if defined(__SSE2__)
    if (!quoted && end - pos >= k_block) {
      const BlockMasks masks = block_masks(text + pos, static_cast<char>(delimiter));
      if (masks.quotes == 0) {
        if (masks.breaks != 0) {
          const int last_break = std::bit_width(masks.breaks) - 1;
          line_begin = pos + static_cast<std::size_t>(last_break) + 1;
          column = static_cast<std::size_t>(std::popcount(masks.delimiters >> last_break));
        } else {
          column += static_cast<std::size_t>(std::popcount(masks.delimiters));
        }
        pos += k_block;
        continue;
      }
    }
#endif
    // Byte by byte: inside quotes, in a block with a quote, and in the last bytes.
    for (const std::size_t stop = std::min(end, pos + k_block); pos < stop; ++pos) {
      const auto c = static_cast<unsigned char>(text[pos]);
      if (c > highest_special) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        line_begin = pos + 1;
        column = 0;
        quoted = false;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        ++column;
      }
    }
  }
  m_pos = pos;
  m_line_begin = line_begin;
  m_column = column;
  m_quoted = quoted;
}

bool ColumnCursor::header_holds(const ContextWords& words, std::size_t column) {
  const std::vector<std::string>& names = m_chunk.columns->names;
  auto known = std::find_if(m_header_hits.begin(), m_header_hits.end(),
                            [&](const auto& entry) { return entry.first == &words; });
  if (known == m_header_hits.end()) {
    m_header_hits.emplace_back(&words, std::vector<HeaderHit>(names.size(), HeaderHit::unknown));
    known = std::prev(m_header_hits.end());
  }
  HeaderHit& hit = known->second[column];
  if (hit == HeaderHit::unknown) {
    hit = words.found_in(names[column]) ? HeaderHit::yes : HeaderHit::no;
  }
  return hit == HeaderHit::yes;
}

bool context_near(const Chunk& chunk, std::size_t value_begin, std::size_t value_size,
                  const ContextWords& words, ColumnCursor& columns) {
  const std::string_view text = chunk.text;
  const std::size_t before_begin = value_begin > k_context_before ? value_begin - k_context_before : 0;
  const std::size_t value_end = std::min(text.size(), value_begin + value_size);
  const std::size_t after_end = std::min(text.size(), value_end + k_context_after);
  // The column header first: in a delimited file it decides most values, and it is shorter
  // than the text around a value.
  return (chunk.columns != nullptr && header_is_context(chunk, value_begin, words, columns)) ||
         words.found_in_either(text.substr(before_begin, value_begin - before_begin),
                               text.substr(value_end, after_end - value_end));
}

}  // namespace piiscan
