#include "util/display.hpp"

#include <cstdio>

#include "util/utf8.hpp"

namespace piiscan {

namespace {

void append_hex(unsigned char c, std::string& out) {
  char buffer[5];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
  out += buffer;
}

// Length of the valid UTF-8 sequence at `s[i]` (≥ 2), or 0 for anything else, C1 controls
// (U+0080–U+009F) included: they can be terminal escapes too.
std::size_t multibyte_length(std::string_view s, std::size_t i) {
  const int length = utf8_sequence_length(s.substr(i));
  if (length < 2) {
    return 0;
  }
  const bool c1_control = static_cast<unsigned char>(s[i]) == 0xC2 &&
                          static_cast<unsigned char>(s[i + 1]) < 0xA0;
  return c1_control ? 0 : static_cast<std::size_t>(length);
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
