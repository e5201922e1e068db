#include "util/glob.hpp"

namespace piiscan {

namespace {

// Matches a `[...]` class at the start of `pattern` against `c`; `length` receives the class's
// length in the pattern, or 0 when the class is not closed (then '[' is a literal).
bool class_match(std::string_view pattern, char c, std::size_t& length) noexcept {
  std::size_t i = 1;
  const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  i += negated ? 1 : 0;
  bool matched = false;
  for (bool first = true; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched = matched || (c >= pattern[i] && c <= pattern[i + 2]);
      i += 3;
    } else {
      matched = matched || c == pattern[i];
      ++i;
    }
  }
  if (i >= pattern.size()) {
    length = 0;
    return false;
  }
  length = i + 1;
  return matched != negated && c != '/';
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  if (pattern.empty()) {
    return text.empty();
  }
  if (pattern.substr(0, 2) == "**") {
    std::string_view rest = pattern.substr(2);
    if (rest.substr(0, 1) == "/") {
      // "**/x" also matches "x" at the top.
      if (glob_match(rest.substr(1), text)) {
        return true;
      }
    }
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (glob_match(rest, text.substr(i))) {
        return true;
      }
    }
    return false;
  }
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (glob_match(pattern.substr(1), text.substr(i))) {
        return true;
      }
      if (i < text.size() && text[i] == '/') {
        return false;
      }
    }
    return false;
  }
  if (text.empty()) {
    return false;
  }
  if (pattern[0] == '[') {
    std::size_t length = 0;
    const bool matched = class_match(pattern, text[0], length);
    if (length > 0) {
      return matched && glob_match(pattern.substr(length), text.substr(1));
    }
  }
  if (pattern[0] == '?' ? text[0] != '/' : pattern[0] == text[0]) {
    return glob_match(pattern.substr(1), text.substr(1));
  }
  return false;
}

}  // namespace piiscan
