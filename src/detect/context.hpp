// Context scoring: is one of a rule's context words near a candidate value?
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <piiscan/chunk.hpp>

namespace piiscan {

// Bytes of text before and after a value that count as its context.
inline constexpr std::size_t k_context_before = 96;
inline constexpr std::size_t k_context_after = 48;

// True when a folded context word occurs in the folded text around the value at
// [`value_begin`, `value_begin + value_size`) of `chunk.text`, or in the folded header of the
// delimited-file column the value stands in. The value itself is not part of its context.
bool context_near(const Chunk& chunk, std::size_t value_begin, std::size_t value_size,
                  const std::vector<std::string>& folded_words);

// The 0-based column of the cell holding `pos` in a delimited line that starts at `line_begin`;
// delimiters inside double quotes do not count.
std::size_t column_index(std::string_view text, std::size_t line_begin, std::size_t pos,
                         char delimiter) noexcept;

}  // namespace piiscan
