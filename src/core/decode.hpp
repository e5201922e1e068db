// Streaming decoder from the encodings a German file share holds to UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace piiscan {

enum class Encoding { undecided_ascii, utf8, utf16le, utf16be, windows1252 };

std::string_view encoding_name(Encoding encoding) noexcept;

// Guesses the encoding from the start of a file; strips nothing. `bom_size` receives the number
// of BOM bytes to skip. Returns `undecided_ascii` when only later bytes can tell UTF-8 from
// Windows-1252.
Encoding sniff_encoding(std::string_view head, std::size_t& bom_size) noexcept;

// Decodes blocks of bytes, carrying sequences split between blocks to the next call.
class TextDecoder {
 public:
  explicit TextDecoder(Encoding encoding) : m_encoding(encoding) {}

  // Appends the UTF-8 form of `bytes` to `out`. With `last`, a dangling partial sequence is
  // decoded as U+FFFD.
  void decode(std::string_view bytes, bool last, std::string& out);

  Encoding encoding() const noexcept { return m_encoding; }

 private:
  void decode_utf8(std::string_view bytes, bool last, std::string& out);
  void decode_utf16(std::string_view bytes, bool last, std::string& out);
  void decode_undecided(std::string_view bytes, bool last, std::string& out);

  Encoding m_encoding;
  std::string m_carry;  // bytes of an incomplete sequence from the previous block
  char32_t m_high_surrogate = 0;
};

}  // namespace piiscan
