// Numbers lines incrementally over consecutive chunks: LF, CRLF and a lone CR each end a line,
// and a CRLF split between two chunks still counts once.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include <piiscan/chunk.hpp>
#include <piiscan/finding.hpp>

namespace piiscan {

class LineCounter {
 public:
  // Counts line breaks up to absolute offset `to`, which must lie inside `chunk.text`.
  void advance(const Chunk& chunk, std::uint64_t to) {
    if (m_pos >= to) {
      return;
    }
    const std::string_view span = chunk.text.substr(
        static_cast<std::size_t>(m_pos - chunk.base_offset), static_cast<std::size_t>(to - m_pos));
    if (span.find('\r') == std::string_view::npos) {
      advance_lf_only(span);
      return;
    }
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

  // Text without CR (the common case): memchr from line break to line break, which is
  // several times faster than a byte loop (std::count is not vectorised at -O2).
  void advance_lf_only(std::string_view span) {
    std::uint64_t breaks = 0;
    std::size_t last = 0;
    const char* const end = span.data() + span.size();
    const char* at = span.data();
    while ((at = static_cast<const char*>(
                std::memchr(at, '\n', static_cast<std::size_t>(end - at)))) != nullptr) {
      ++breaks;
      last = static_cast<std::size_t>(at - span.data());
      ++at;
    }
    if (breaks > 0) {
      const bool crlf_split = m_previous_cr && span.front() == '\n';
      m_line += breaks - (crlf_split ? 1 : 0);
      m_line_start = m_pos + last + 1;
    }
    m_previous_cr = false;
    m_pos += span.size();
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
