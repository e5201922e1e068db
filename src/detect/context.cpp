#include "detect/context.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include <piiscan/rule.hpp>

namespace piiscan {

ContextWords::Automaton::Automaton() : m_next(1), m_accepts(1, 0) {}

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

ContextWords::ContextWords(const std::vector<std::string>& folded_words)
    : m_empty(folded_words.empty()) {
  for (const std::string& word : folded_words) {
    if (word.size() > k_short_context_word) {
      m_anywhere.add(word);
    } else {
      m_whole_word.add(" " + word + " ");
    }
  }
  m_anywhere.build();
  m_whole_word.build();
}

// The text's start and end count as word breaks, and a run of breaks is one break, as in
// fold_context_words.
bool ContextWords::found_in(std::string_view text) const noexcept {
  if (empty()) {
    return false;
  }
  std::uint16_t anywhere = m_anywhere.start();
  std::uint16_t whole = m_whole_word.step(m_whole_word.start(), k_break);
  bool after_break = true;
  const auto word_break = [&] {
    if (after_break) {
      return false;
    }
    after_break = true;
    whole = m_whole_word.step(whole, k_break);
    return m_whole_word.accepts(whole);
  };
  const auto symbol = [&](std::uint8_t s) {
    anywhere = m_anywhere.step(anywhere, s);
    whole = m_whole_word.step(whole, s);
    after_break = false;
    return m_anywhere.accepts(anywhere);
  };
  return for_each_fold_symbol(text, symbol, word_break) || word_break();
}

namespace {

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
  return column < chunk.columns->names.size() && words.found_in(chunk.columns->names[column]);
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
  const char delimiter = m_chunk.columns->delimiter;
  for (; m_pos < end; ++m_pos) {
    const char c = text[m_pos];
    if (c == '\n' || c == '\r') {
      m_line_begin = m_pos + 1;
      m_column = 0;
      m_quoted = false;
    } else if (c == '"') {
      m_quoted = !m_quoted;
    } else if (c == delimiter && !m_quoted) {
      ++m_column;
    }
  }
  const bool unknown = m_line_begin == std::string_view::npos;
  const bool header = m_chunk.base_offset == 0 && m_line_begin == 0;
  return unknown || header ? std::string_view::npos : m_column;
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
         words.found_in(text.substr(before_begin, value_begin - before_begin)) ||
         words.found_in(text.substr(value_end, after_end - value_end));
}

}  // namespace piiscan
