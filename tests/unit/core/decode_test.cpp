#include <catch2/catch.hpp>

#include <random>

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
