#include "extract/email_guard.hpp"

#include <algorithm>

namespace piiscan {

namespace {

// GMime's MAX_LEVEL: it stops pushing boundaries beyond this nesting.
constexpr std::uint64_t k_gmime_max_level = 1024;

bool starts_with_boundary(std::string_view text) noexcept {
  constexpr std::string_view k_word = "boundary";
  if (text.size() < k_word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < k_word.size(); ++i) {
    if ((text[i] | 0x20) != k_word[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::size_t affordable_mime_prefix(std::string_view message, std::uint64_t max_checks) noexcept {
  std::uint64_t boundaries = 0;
  std::uint64_t dash_lines = 0;
  bool line_start = true;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    // Counting every "boundary" (not just the ones open here) keeps this a single pass; it
    // can only overestimate the cost.
    if (line_start && c == '-' && i + 1 < message.size() && message[i + 1] == '-') {
      ++dash_lines;
      if (std::min(boundaries, k_gmime_max_level) * dash_lines > max_checks) {
        return i;
      }
    } else if ((c == 'b' || c == 'B') && starts_with_boundary(message.substr(i))) {
      ++boundaries;
    }
    line_start = c == '\n';
  }
  return message.size();
}

}  // namespace piiscan
