// UTF-8 helpers shared by the decoder, the JSON writer, display escaping and the extractors.
#pragma once

#include <string>
#include <string_view>

namespace piiscan {

// Appends the UTF-8 encoding of code point `cp` (which must be ≤ U+10FFFF).
void append_utf8(char32_t cp, std::string& out);

// Length (1–4) of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF); 0 when it is ill-formed; -1 when `s` ends inside a
// sequence that could still become well-formed (the caller may wait for more bytes).
// Inline: the decoder asks it for every umlaut of German text, and a call per character was
// 2 % of the instructions of decoding and scanning prose.
inline int utf8_sequence_length(std::string_view s) noexcept {
  if (s.empty()) {
    return -1;
  }
  const auto b0 = static_cast<unsigned char>(s[0]);
  int length = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 < 0x80) {
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    lo = b0 == 0xE0 ? 0xA0 : 0x80;
    hi = b0 == 0xED ? 0x9F : 0xBF;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    lo = b0 == 0xF0 ? 0x90 : 0x80;
    hi = b0 == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  for (int i = 1; i < length; ++i) {
    if (static_cast<std::size_t>(i) >= s.size()) {
      return -1;
    }
    const auto b = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
      return 0;
    }
  }
  return length;
}

// Number of leading ASCII bytes (< 0x80) of `s`, tested 64 bytes at a time with SSE2 (eight
// without): most text is ASCII, and a byte loop here cost the decoder 5 instructions per byte.
std::size_t ascii_prefix_length(std::string_view s) noexcept;

}  // namespace piiscan
