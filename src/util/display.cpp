#include "util/display.hpp"

#include <cstdio>

namespace piiscan {

namespace {

void append_hex(unsigned char c, std::string& out) {
  char buffer[5];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
  out += buffer;
}

// Length of the valid UTF-8 sequence at `s[i]` (≥ 2), or 0.
std::size_t multibyte_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t length = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (length == 0 || i + length > s.size() || b0 > 0xF4) {
    return 0;
  }
  if (b0 == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
    return 0;  // C1 control characters (U+0080–U+009F) can be terminal escapes too
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      return 0;
    }
  }
  return length;
}

}  // namespace

std::string escape_for_display(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      append_hex(c, out);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (const std::size_t length = multibyte_length(text, i)) {
      out.append(text.substr(i, length));
      i += length - 1;
    } else {
      append_hex(c, out);
    }
  }
  return out;
}

}  // namespace piiscan
