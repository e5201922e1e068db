#include "detect/context.hpp"

#include <algorithm>
#include <string_view>

#include <piiscan/rule.hpp>

namespace piiscan {

namespace {

// True when `spaced` (fold_context_words form) holds `word` as a whole word.
bool contains_word(std::string_view spaced, std::string_view word) {
  for (std::size_t at = spaced.find(word); at != std::string_view::npos;
       at = spaced.find(word, at + 1)) {
    const bool starts = at == 0 || spaced[at - 1] == ' ';
    const bool ends = at + word.size() == spaced.size() || spaced[at + word.size()] == ' ';
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

// Long words match anywhere in the compact fold (compounds, abbreviations); short words only as
// whole words of the spaced fold.
bool contains_any(std::string_view text, const std::vector<std::string>& words) {
  thread_local std::string compact;
  thread_local std::string spaced;
  bool compact_done = false;
  bool spaced_done = false;
  for (const std::string& word : words) {
    if (word.size() > k_short_context_word) {
      if (!compact_done) {
        fold_context_text_into(text, compact);
        compact_done = true;
      }
      if (compact.find(word) != std::string::npos) {
        return true;
      }
    } else {
      if (!spaced_done) {
        fold_context_words_into(text, spaced);
        spaced_done = true;
      }
      if (contains_word(spaced, word)) {
        return true;
      }
    }
  }
  return false;
}

// Start of the line holding `pos`, or npos when it starts before the chunk's text and the chunk
// is not the start of the file.
std::size_t line_begin_of(const Chunk& chunk, std::size_t pos) {
  const std::string_view text = chunk.text;
  const std::size_t newline = text.find_last_of("\r\n", pos == 0 ? 0 : pos - 1);
  if (newline != std::string_view::npos && newline < pos) {
    return newline + 1;
  }
  return chunk.base_offset == 0 ? 0 : std::string_view::npos;
}

bool header_is_context(const Chunk& chunk, std::size_t value_begin,
                       const std::vector<std::string>& words) {
  const std::size_t line_begin = line_begin_of(chunk, value_begin);
  if (line_begin == std::string_view::npos || (chunk.base_offset == 0 && line_begin == 0)) {
    return false;  // unknown column, or the header line itself
  }
  const std::size_t column =
      column_index(chunk.text, line_begin, value_begin, chunk.columns->delimiter);
  return column < chunk.columns->names.size() &&
         contains_any(chunk.columns->names[column], words);
}

}  // namespace

std::size_t column_index(std::string_view text, std::size_t line_begin, std::size_t pos,
                         char delimiter) noexcept {
  std::size_t column = 0;
  bool quoted = false;
  for (std::size_t i = line_begin; i < pos && i < text.size(); ++i) {
    if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == delimiter && !quoted) {
      ++column;
    }
  }
  return column;
}

bool context_near(const Chunk& chunk, std::size_t value_begin, std::size_t value_size,
                  const std::vector<std::string>& folded_words) {
  const std::string_view text = chunk.text;
  const std::size_t before_begin = value_begin > k_context_before ? value_begin - k_context_before : 0;
  const std::size_t value_end = std::min(text.size(), value_begin + value_size);
  const std::size_t after_end = std::min(text.size(), value_end + k_context_after);
  if (contains_any(text.substr(before_begin, value_begin - before_begin), folded_words) ||
      contains_any(text.substr(value_end, after_end - value_end), folded_words)) {
    return true;
  }
  return chunk.columns != nullptr && header_is_context(chunk, value_begin, folded_words);
}

}  // namespace piiscan
