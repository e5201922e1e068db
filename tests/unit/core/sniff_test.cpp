#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "core/sniff.hpp"

using piiscan::ContentKind;
using piiscan::sniff_content;

TEST_CASE("text that merely starts like a magic number stays text", "[sniff]") {
  // Magic numbers with NUL bytes must be compared in full: "MM\0*" is TIFF, "MM-Bestand" is not.
  CHECK(sniff_content("MM-Bestand 2026\n", "x.txt", false).kind == ContentKind::text);
  CHECK(sniff_content("II* note\n", "x.txt", false).kind == ContentKind::text);
  CHECK(sniff_content("Hello", "x.txt", false).kind == ContentKind::text);
  CHECK(sniff_content("", "empty.txt", false).kind == ContentKind::text);
}

TEST_CASE("documents, images and binaries are told apart by content", "[sniff]") {
  using namespace std::string_literals;
  CHECK(sniff_content("%PDF-1.7\n", "a.txt", false).media_type == "application/pdf");
  CHECK(sniff_content("PK\x03\x04rest"s, "b.docm", false).media_type ==
        "application/vnd.ms-word.document.macroEnabled.12");
  CHECK(sniff_content("PK\x03\x04rest"s, "b.bin", false).media_type == "application/zip");
  CHECK(sniff_content("MM\x00*rest"s, "t", false).media_type == "image/tiff");
  CHECK(sniff_content("\xFF\xD8\xFF\xE0"s, "p.jpg", false).kind == ContentKind::document);
  CHECK(sniff_content("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s, "old.doc", false).kind ==
        ContentKind::unsupported);
  CHECK(sniff_content(std::string(100, '\x01'), "blob", false).kind == ContentKind::binary);
  CHECK(sniff_content("Return-Path: <a@example.com>\n", "msg", false).media_type ==
        "message/rfc822");
  std::string tar(600, '\0');
  tar.replace(257, 5, "ustar");
  CHECK(sniff_content(tar, "x.tar", false).media_type == "application/x-tar");
}

TEST_CASE("ODF is recognised by its stored mimetype entry whatever its name", "[sniff]") {
  std::string odt = "PK\x03\x04" + std::string(26, '\0') +
                    "mimetypeapplication/vnd.oasis.opendocument.textPK\x03\x04";
  CHECK(sniff_content(odt, "renamed.bin", false).media_type ==
        "application/vnd.oasis.opendocument.text");
}

TEST_CASE("a stray NUL in text does not make it binary", "[sniff]") {
  using namespace std::string_literals;
  CHECK(sniff_content("secret\0DE89370400440532013000\n"s, "nul.txt", false).kind ==
        ContentKind::text);
}

TEST_CASE("binary means more than 10 % control bytes in the first 8 KiB", "[sniff]") {
  // A byte-by-byte count as the reference for the word-at-a-time one, on texts of every length
  // around the word size and the 8 KiB sample, with more or fewer control bytes.
  const auto reference = [](std::string_view text) {
    const std::string_view sample = text.substr(0, 8192);
    std::size_t control = 0;
    for (unsigned char c : sample) {
      control += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B;
    }
    return !sample.empty() && control * 10 > sample.size();
  };
  std::mt19937 random(7);
  for (std::size_t length : {1, 2, 7, 8, 9, 15, 16, 17, 63, 300, 1000, 8191, 8192, 8193, 9000}) {
    for (unsigned permille : {0u, 50u, 95u, 105u, 150u, 500u}) {
      std::string text(length, 'a');
      for (std::size_t i = 1; i < length; ++i) {  // 'a' first: no magic number, no mail header
        const bool control = random() % 1000 < permille;
        text[i] = static_cast<char>(control ? random() % 0x20 : 0x20 + random() % 0x60);
      }
      const ContentKind expected = reference(text) ? ContentKind::binary : ContentKind::text;
      CHECK(sniff_content(text, "f.txt", false).kind == expected);
    }
  }
}
