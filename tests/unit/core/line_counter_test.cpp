// LineCounter (src/core/line_counter.hpp) against a byte-by-byte reference: LF, CRLF and lone
// CR end lines, a CRLF split between chunks counts once, and the fast LF-only path agrees.
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "core/line_counter.hpp"

namespace {

struct Position {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
};

Position reference_position(const std::string& text, std::size_t offset) {
  Position position;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    const bool crlf_tail = text[i] == '\n' && i > 0 && text[i - 1] == '\r';
    if ((text[i] == '\n' && !crlf_tail) || text[i] == '\r') {
      ++position.line;
    }
    if (text[i] == '\n' || text[i] == '\r') {
      line_start = i + 1;
    }
  }
  position.column = offset - line_start + 1;
  return position;
}

// Advances `counter` over `text` (one chunk from offset 0) to `offset` and numbers a finding
// there.
Position numbered_at(piiscan::LineCounter& counter, const std::string& text, std::size_t offset) {
  piiscan::Chunk chunk;
  chunk.text = text;
  piiscan::Finding finding;
  finding.offset = offset;
  counter.advance(chunk, offset);
  counter.number(finding);
  return {finding.line, finding.column};
}

// Numbers a finding at `offset` and checks it against the byte-by-byte reference; true when
// both line and column agree.
bool numbered_as_reference(piiscan::LineCounter& counter, const std::string& text,
                           std::size_t offset) {
  const Position found = numbered_at(counter, text, offset);
  const Position expected = reference_position(text, offset);
  CAPTURE(offset);
  CHECK(found.line == expected.line);
  CHECK(found.column == expected.column);
  return found.line == expected.line && found.column == expected.column;
}

// Texts up to 3000 bytes, or (long) up to 40000 with breaks rarer, so that spans run over
// many 16-byte blocks and past the 255 blocks a byte lane can count.
std::string random_text(std::mt19937& rng, bool with_cr, bool long_text = false) {
  std::uniform_int_distribution<int> length(0, long_text ? 40000 : 3000);
  std::uniform_int_distribution<int> pick(0, long_text ? 999 : 99);
  std::string text;
  for (int i = length(rng); i > 0; --i) {
    const int p = pick(rng);
    if (p < 6) {
      text += '\n';
    } else if (with_cr && p < 9) {
      text += '\r';
    } else if (p < 12) {
      text += "\x8A\xC3\xA4";  // 0x8A differs from '\n' only in the high bit
    } else {
      text += static_cast<char>('a' + p % 26);
    }
  }
  return text;
}

}  // namespace

TEST_CASE("LineCounter numbers lines like a byte-by-byte count", "[line_counter]") {
  std::mt19937 rng(28112026);
  for (int round = 0; round < 600; ++round) {
    const bool with_cr = round % 2 == 1;
    const bool long_text = round >= 300;
    const std::string text = random_text(rng, with_cr, long_text);
    piiscan::LineCounter counter;
    std::uniform_int_distribution<std::size_t> step(0, long_text ? 9000 : 200);
    std::size_t offset = 0;
    while (offset < text.size()) {
      offset = std::min(text.size(), offset + step(rng));
      CAPTURE(round);
      REQUIRE(numbered_as_reference(counter, text, offset));
    }
  }
}

TEST_CASE("LineCounter counts long spans of nothing but line breaks", "[line_counter]") {
  // Every byte a break, CRs and LFs in each combination, over spans of thousands of bytes.
  for (const std::string unit : {"\n", "\r", "\r\n", "\n\r", "\r\r\n"}) {
    std::string text;
    while (text.size() < 10000) {
      text += unit;
    }
    for (const std::size_t offset : {std::size_t{4079}, std::size_t{4096}, text.size()}) {
      piiscan::LineCounter counter;
      CAPTURE(unit);
      numbered_as_reference(counter, text, offset);
    }
  }
}

TEST_CASE("LineCounter starts the line after a CRLF split between two spans", "[line_counter]") {
  // The second span's only break is the LF of a CRLF: no new line, but the line starts after it.
  const std::string text = "ab\r\ncd 12345";
  piiscan::LineCounter counter;
  for (const std::size_t offset : {std::size_t{3}, std::size_t{7}}) {
    numbered_as_reference(counter, text, offset);
  }
}
