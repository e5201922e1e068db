// Numbers lines incrementally over consecutive chunks: LF, CRLF and a lone CR each end a line,
// and a CRLF split between two chunks still counts once.
#pragma once

#include <cstdint>

#include <piiscan/chunk.hpp>
#include <piiscan/finding.hpp>

namespace piiscan {

class LineCounter {
 public:
  // Counts line breaks up to absolute offset `to`, which must lie inside `chunk.text`.
  void advance(const Chunk& chunk, std::uint64_t to) {
    for (; m_pos < to; ++m_pos) {
      const char c = chunk.text[static_cast<std::size_t>(m_pos - chunk.base_offset)];
      if (c == '\n') {
        m_line += m_previous_cr ? 0 : 1;
        m_line_start = m_pos + 1;
      } else if (c == '\r') {
        ++m_line;
        m_line_start = m_pos + 1;
      }
      m_previous_cr = c == '\r';
    }
  }

  void number(Finding& finding) const {
    finding.line = m_line;
    finding.column = finding.offset - m_line_start + 1;
  }

 private:
  std::uint64_t m_pos = 0;
  std::uint64_t m_line = 1;
  std::uint64_t m_line_start = 0;
  bool m_previous_cr = false;
};

}  // namespace piiscan
