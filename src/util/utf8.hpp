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
int utf8_sequence_length(std::string_view s) noexcept;

// Number of leading ASCII bytes (< 0x80) of `s`, tested eight bytes at a time: most text is
// ASCII, and a byte loop here cost the decoder 5 instructions per byte.
std::size_t ascii_prefix_length(std::string_view s) noexcept;

}  // namespace piiscan
