#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/decode.hpp"
#include "util/utf8.hpp"

using piiscan::Encoding;
using piiscan::TextDecoder;

namespace {

std::string decode_all(Encoding encoding, std::string_view bytes) {
  TextDecoder decoder(encoding);
  std::string out;
  decoder.decode(bytes, true, out);
  return out;
}

// Feeding one byte at a time must give the same text as one block: sequences split between
// read blocks are carried over.
std::string decode_bytewise(Encoding encoding, std::string_view bytes) {
  TextDecoder decoder(encoding);
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    decoder.decode(bytes.substr(i, 1), false, out);
  }
  decoder.decode({}, true, out);
  return out;
}

}  // namespace

TEST_CASE("BOMs and UTF-16 NUL stride are sniffed", "[decode]") {
  std::size_t bom = 0;
  CHECK(piiscan::sniff_encoding("\xEF\xBB\xBFhi", bom) == Encoding::utf8);
  CHECK(bom == 3);
  CHECK(piiscan::sniff_encoding("\xFF\xFEh\0i\0", bom) == Encoding::utf16le);
  CHECK(bom == 2);
  CHECK(piiscan::sniff_encoding("\xFE\xFF\0h\0i", bom) == Encoding::utf16be);
  CHECK(piiscan::sniff_encoding(std::string_view("n\0a\0m\0e\0:\0 \0J\0\xFC\0", 16), bom) ==
        Encoding::utf16le);
  CHECK(bom == 0);
  CHECK(piiscan::sniff_encoding(std::string_view("\0n\0a\0m\0e\0:\0 \0J", 14), bom) ==
        Encoding::utf16be);
  CHECK(piiscan::sniff_encoding("plain ascii", bom) == Encoding::undecided_ascii);
}

TEST_CASE("German Windows-1252 text is recognised and decoded", "[decode]") {
  const std::string cp1252 = "M\xFCller Stra\xDF" "e Gr\xF6\xDF" "e \x80";
  CHECK(decode_all(Encoding::undecided_ascii, cp1252) ==
        "M\xC3\xBCller Stra\xC3\x9F" "e Gr\xC3\xB6\xC3\x9F" "e \xE2\x82\xAC");
}

TEST_CASE("UTF-8 stays UTF-8 and invalid sequences become U+FFFD", "[decode]") {
  const std::string text = "J\xC3\xBCrgen";
  CHECK(decode_all(Encoding::undecided_ascii, text) == text);
  // Overlong, surrogate and 5-byte forms are replaced, the IBAN after them survives.
  const std::string bad = "ok \xC3\x28 \xED\xA0\x80 DE89";
  const std::string decoded = decode_all(Encoding::utf8, bad);
  CHECK(decoded.find("\xEF\xBF\xBD(") != std::string::npos);
  CHECK(decoded.find("DE89") != std::string::npos);
  CHECK(decoded.find('\xED') == std::string::npos);
}

TEST_CASE("UTF-8 decodes exactly, character by character, in any blocks", "[decode]") {
  // The reference: each character on its own, valid ones copied, each byte of an invalid one
  // replaced by U+FFFD. The decoder copies whole valid spans, so a slip at a span's edge
  // (a byte lost or doubled before or after an invalid byte, or across blocks) shows here.
  const std::vector<std::string> pieces{"a",        "Z9 ",      "\xC3\xBC", "\xE2\x82\xAC",
                                        "\xF0\x9F\x98\x80", "\xFF",   "\xC3",      "\x80",
                                        "\xED\xA0\x80", "\xC0\xAF", "\xE2\x82", "IBAN DE89"};
  std::mt19937 rng(65001);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    for (std::size_t n = rng() % 40; n > 0; --n) bytes += pieces[rng() % pieces.size()];
    std::string expected;
    for (std::size_t i = 0; i < bytes.size();) {
      const int length = piiscan::utf8_sequence_length(std::string_view(bytes).substr(i));
      expected += length > 0 ? bytes.substr(i, static_cast<std::size_t>(length)) : "\xEF\xBF\xBD";
      i += length > 0 ? static_cast<std::size_t>(length) : 1;
    }
    INFO("round " << round);
    REQUIRE(decode_all(Encoding::utf8, bytes) == expected);
    TextDecoder decoder(Encoding::utf8);
    std::string blocks;
    for (std::size_t i = 0; i < bytes.size();) {
      const std::size_t block = 1 + rng() % 7;
      decoder.decode(std::string_view(bytes).substr(i, block), false, blocks);
      i += block;
    }
    decoder.decode({}, true, blocks);
    REQUIRE(blocks == expected);
  }
}

TEST_CASE("UTF-16 with surrogate pairs decodes to UTF-8", "[decode]") {
  // "Ä😀" in UTF-16LE and UTF-16BE.
  const std::string le("\xC4\x00\x3D\xD8\x00\xDE", 6);
  const std::string be("\x00\xC4\xD8\x3D\xDE\x00", 6);
  CHECK(decode_all(Encoding::utf16le, le) == "\xC3\x84\xF0\x9F\x98\x80");
  CHECK(decode_all(Encoding::utf16be, be) == "\xC3\x84\xF0\x9F\x98\x80");
  CHECK(decode_all(Encoding::utf16le, std::string("\x3D\xD8", 2)) == "\xEF\xBF\xBD");
}

namespace {

// UTF-16 decoded one code unit at a time by the definition: a high surrogate followed by a
// low one is one character, any other surrogate U+FFFD, a dangling odd byte U+FFFD.
std::string utf16_by_definition(const std::vector<char16_t>& units, bool odd_byte) {
  std::string out;
  char32_t high = 0;
  for (const char16_t unit : units) {
    const bool is_high = unit >= 0xD800 && unit <= 0xDBFF;
    const bool is_low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (high != 0 && is_low) {
      piiscan::append_utf8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), out);
      high = 0;
      continue;
    }
    if (high != 0) piiscan::append_utf8(0xFFFD, out);
    high = is_high ? unit : 0;
    if (!is_high) piiscan::append_utf8(is_low ? char32_t{0xFFFD} : char32_t{unit}, out);
  }
  if (high != 0 || odd_byte) piiscan::append_utf8(0xFFFD, out);
  return out;
}

}  // namespace

TEST_CASE("UTF-16 decodes as by its definition, ASCII runs and all", "[decode]") {
  // Mostly ASCII, as exports are, with other characters, pairs and lone surrogates between.
  const std::vector<char16_t> pool{u'a', u'1', u';', u'\r', u'\n', 0x7F, 0x80, 0xC4, 0x100,
                                   0x20AC, 0xD83D, 0xDE00, 0xDBFF, 0xDC00, 0xFFFF, 0x4100};
  std::mt19937 rng(1616);
  for (int round = 0; round < 5000; ++round) {
    std::vector<char16_t> units;
    for (std::size_t n = rng() % 40; n > 0; --n) {
      units.push_back(rng() % 3 == 0 ? pool[rng() % pool.size()] : char16_t(u'a' + rng() % 26));
    }
    const bool odd_byte = rng() % 5 == 0;
    for (const Encoding encoding : {Encoding::utf16le, Encoding::utf16be}) {
      std::string bytes;
      for (const char16_t unit : units) {
        const char low = static_cast<char>(unit & 0xFF);
        const char high = static_cast<char>(unit >> 8);
        bytes += encoding == Encoding::utf16le ? std::string{low, high} : std::string{high, low};
      }
      if (odd_byte) bytes += 'z';
      const std::string expected = utf16_by_definition(units, odd_byte);
      REQUIRE(decode_all(encoding, bytes) == expected);
      REQUIRE(decode_bytewise(encoding, bytes) == expected);
    }
  }
}

TEST_CASE("sequences split between blocks decode as in one block", "[decode]") {
  const std::string utf8 = "Gr\xC3\xB6\xC3\x9F" "e \xF0\x9F\x98\x80 end";
  CHECK(decode_bytewise(Encoding::utf8, utf8) == decode_all(Encoding::utf8, utf8));
  const std::string utf16("\xC4\x00\x3D\xD8\x00\xDE" "a\x00", 8);
  CHECK(decode_bytewise(Encoding::utf16le, utf16) == decode_all(Encoding::utf16le, utf16));
}

TEST_CASE("ascii_prefix_length stops at the first byte above 0x7F wherever it is", "[decode]") {
  // Past two 64-byte blocks, so that every place in a block and in the tail after it is met.
  for (std::size_t size = 0; size <= 160; ++size) {
    const std::string ascii(size, 'a');
    CHECK(piiscan::ascii_prefix_length(ascii) == size);
    for (std::size_t high = 0; high < size; ++high) {
      for (const char byte : {'\x80', '\xC3', '\xFF'}) {
        std::string text = ascii;
        text[high] = byte;
        if (high + 1 < size) {
          text[size - 1] = '\xE2';  // a later high byte must not move the answer
        }
        CHECK(piiscan::ascii_prefix_length(text) == high);
      }
    }
  }
}
