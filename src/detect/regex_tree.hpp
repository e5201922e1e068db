// RE2 regex syntax read into a tree of byte sets, for the StartFinder (start_finder.cpp).
//
// The tree models what a pattern can match as bytes. Characters RE2 reads as multi-byte UTF-8
// (a negated class, `.`, a folded letter, a non-ASCII member) become "any byte from 0x80, then
// up to three continuation bytes": a superset, never a subset, of what RE2 matches. Syntax not
// modelled (\p{..}, \Q..\E, \C, POSIX classes, octal and back references) fails the parse.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace piiscan::regex_tree {

using ByteSet = std::bitset<256>;

enum class Assertion : std::uint8_t {
  begin_line,
  end_line,
  begin_text,
  end_text,
  word_boundary,
  not_word_boundary,
};

// What a pattern matches, as a tree. Characters are bytes; a character RE2 may read as several
// bytes of UTF-8 is the `non_ascii` shape (see `non_ascii_char`).
struct Node {
  enum class Kind : std::uint8_t { empty, bytes, concat, alternate, repeat, assertion };
  Kind kind = Kind::empty;
  ByteSet set;
  Assertion assertion = Assertion::begin_text;
  int min = 0;
  int max = 0;  // repeat: -1 for no upper bound
  bool greedy = true;  // repeat: prefers more copies (without (?U), unless followed by '?')
  std::vector<Node> kids;
};

// Word characters for \b and \B, as RE2 has them: ASCII letters, digits and '_'.
inline bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// What an automaton knows of the byte on one side of a position, enough for every assertion.
enum Side : std::uint8_t { side_other, side_word, side_newline, side_edge };

// Inline: the EndFinder asks it twice for every start it confirms.
inline Side side_of(unsigned char c) {
  return c == '\n' ? side_newline : is_word_byte(c) ? side_word : side_other;
}

// Whether `assertion` holds between bytes of the kinds `left` and `right`.
bool holds(Assertion assertion, Side left, Side right);

// Sorts the bytes into classes that every one of `sets`, word-ness and the line feed treat
// alike; fills `byte_class` and returns the number of classes.
std::size_t byte_classes(const std::vector<ByteSet>& sets,
                         std::array<std::uint8_t, 256>& byte_class);

// The tree of `pattern` (RE2 syntax as piiscan compiles rules: UTF-8, case-sensitive unless
// (?i), ^ and $ of the text unless (?m), `.` not a line feed unless (?s)), or nullopt for
// syntax it does not model. Never a tree that matches less than RE2 would.
std::optional<Node> parse(std::string_view pattern);

}  // namespace piiscan::regex_tree
