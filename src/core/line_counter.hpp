// Numbers lines incrementally over consecutive chunks: LF, CRLF and a lone CR each end a line,
// and a CRLF split between two chunks still counts once.
#pragma once

#include <algorithm>
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
    } else {
      advance_with_cr(span);
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

  // Text with CR (CSV exports end rows with CRLF): every CR ends a line, and an LF one unless
  // a CR came right before it. Both are found with memchr: a byte loop cost 280 instructions
  // per finding of an HR export, whose findings lie a few dozen bytes apart.
  void advance_with_cr(std::string_view span) {
    std::uint64_t breaks = 0;
    std::size_t last = 0;
    for_each_byte(span, '\r', [&](std::size_t at) {
      ++breaks;
      last = std::max(last, at);
    });
    for_each_byte(span, '\n', [&](std::size_t at) {
      const bool after_cr = at > 0 ? span[at - 1] == '\r' : m_previous_cr;
      breaks += after_cr ? 0 : 1;
      last = std::max(last, at);
    });
    m_line += breaks;
    m_line_start = m_pos + last + 1;  // a CR is in the span, so `last` is a break
    m_previous_cr = span.back() == '\r';
    m_pos += span.size();
  }

  template <typename OnByte>
  static void for_each_byte(std::string_view span, char byte, OnByte on_byte) {
    const char* const end = span.data() + span.size();
    const auto next = [&](const char* from) {
      const auto left = static_cast<std::size_t>(end - from);
      return static_cast<const char*>(std::memchr(from, byte, left));
    };
    for (const char* at = next(span.data()); at != nullptr; at = next(at + 1)) {
      on_byte(static_cast<std::size_t>(at - span.data()));
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
