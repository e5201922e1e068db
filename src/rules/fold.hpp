// The context fold as a stream of symbols, shared by the string folds (fold.cpp) and the
// context-word automaton (detect/context.cpp), so both see exactly the same text.
#pragma once

#include <cstddef>
#include <string_view>

namespace piiscan {

// The folded form of a two-byte UTF-8 sequence starting with 0xC3, or nullptr when the
// character is not one we fold (it is then dropped, and is not a word break).
constexpr const char* fold_latin1_supplement(unsigned char second) noexcept {
  switch (second) {
    case 0x84: case 0xA4: return "ae";  // Ä ä
    case 0x96: case 0xB6: return "oe";  // Ö ö
    case 0x9C: case 0xBC: return "ue";  // Ü ü
    case 0x9F: return "ss";             // ß
    default: return nullptr;
  }
}

// Calls `on_symbol(c)` for every folded letter or digit of `text` (ASCII lower case, umlauts
// as two letters) and `on_break()` for every other character. Both return true to stop early;
// the function returns whether they did.
template <typename OnSymbol, typename OnBreak>
bool for_each_fold_symbol(std::string_view text, OnSymbol on_symbol, OnBreak on_break) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool stop = false;
    if (c >= 'a' && c <= 'z') {
      stop = on_symbol(static_cast<char>(c));
    } else if (c >= 'A' && c <= 'Z') {
      stop = on_symbol(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= '0' && c <= '9') {
      stop = on_symbol(static_cast<char>(c));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      if (const char* replacement = fold_latin1_supplement(static_cast<unsigned char>(text[++i]))) {
        stop = on_symbol(replacement[0]) || on_symbol(replacement[1]);
      }
    } else {
      stop = on_break();
    }
    if (stop) {
      return true;
    }
  }
  return false;
}

}  // namespace piiscan
