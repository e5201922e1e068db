// The context fold as a stream of symbols, shared by the string folds (fold.cpp) and the
// context-word automaton (detect/context.cpp), so both see exactly the same text.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

// The fold's alphabet: a-z are symbols 0-25, 0-9 are 26-35.
inline constexpr std::size_t k_fold_symbols = 36;

constexpr char fold_symbol_char(std::uint8_t symbol) noexcept {
  return static_cast<char>(symbol < 26 ? 'a' + symbol : '0' + (symbol - 26));
}

namespace fold_detail {

inline constexpr std::uint8_t k_break = 36;  // any other character
inline constexpr std::uint8_t k_lead = 37;   // 0xC3: may start an umlaut or ß

// What each byte is to the fold, so the loop below needs one table lookup per byte.
constexpr std::array<std::uint8_t, 256> make_byte_symbols() {
  std::array<std::uint8_t, 256> symbols{};
  for (std::size_t byte = 0; byte < symbols.size(); ++byte) {
    if (byte >= 'a' && byte <= 'z') {
      symbols[byte] = static_cast<std::uint8_t>(byte - 'a');
    } else if (byte >= 'A' && byte <= 'Z') {
      symbols[byte] = static_cast<std::uint8_t>(byte - 'A');
    } else if (byte >= '0' && byte <= '9') {
      symbols[byte] = static_cast<std::uint8_t>(byte - '0' + 26);
    } else {
      symbols[byte] = byte == 0xC3 ? k_lead : k_break;
    }
  }
  return symbols;
}

inline constexpr std::array<std::uint8_t, 256> k_byte_symbols = make_byte_symbols();

}  // namespace fold_detail

// The fold symbol of a letter or digit already folded (a-z, 0-9).
constexpr std::uint8_t fold_symbol_of(char folded) noexcept {
  return fold_detail::k_byte_symbols[static_cast<unsigned char>(folded)];
}

// Calls `on_symbol(s)` with the fold symbol of every letter or digit of `text` (ASCII case
// folded, umlauts as two letters) and `on_break()` for every other character. Both return true
// to stop early; the function returns whether they did. The one definition of the fold: the
// string folds (fold.cpp) and the context-word automata (detect/context.cpp) both read it.
template <typename OnSymbol, typename OnBreak>
bool for_each_fold_symbol(std::string_view text, OnSymbol on_symbol, OnBreak on_break) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint8_t symbol = fold_detail::k_byte_symbols[static_cast<unsigned char>(text[i])];
    bool stop = false;
    if (symbol < k_fold_symbols) {
      stop = on_symbol(symbol);
    } else if (symbol == fold_detail::k_lead && i + 1 < text.size()) {
      if (const char* replacement = fold_latin1_supplement(static_cast<unsigned char>(text[++i]))) {
        stop = on_symbol(fold_symbol_of(replacement[0])) || on_symbol(fold_symbol_of(replacement[1]));
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
