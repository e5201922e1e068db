#include "core/text_stream.hpp"

#include <algorithm>

#include <piiscan/rule.hpp>

namespace piiscan {

ColumnHeaders parse_header_line(std::string_view text) {
  const std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  ColumnHeaders headers;
  std::size_t best = 0;
  for (char candidate : {',', ';', '\t'}) {
    const auto count = static_cast<std::size_t>(std::count(line.begin(), line.end(), candidate));
    if (count > best) {
      best = count;
      headers.delimiter = candidate;
    }
  }
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t stop = line.find(headers.delimiter, start);
    if (stop == std::string_view::npos) {
      stop = line.size();
    }
    headers.names.emplace_back(line.substr(start, stop - start));
    start = stop + 1;
  }
  return headers;
}

void TextStream::drain() {
  while (m_text.size() >= m_accept_begin + m_options.window_bytes + m_options.overlap_bytes) {
    emit(m_accept_begin + m_options.window_bytes);
  }
}

void TextStream::finish() {
  if (m_text.size() > m_accept_begin) {
    emit(m_text.size());
  }
}

void TextStream::set_location(std::string_view location) {
  if (m_locations.empty() ? location.empty() : m_locations.back().second == location) {
    return;
  }
  m_locations.emplace_back(total_bytes(), std::string(location));
}

std::string_view TextStream::location_at(std::uint64_t offset) const {
  const auto after = std::upper_bound(
      m_locations.begin(), m_locations.end(), offset,
      [](std::uint64_t value, const auto& entry) { return value < entry.first; });
  return after == m_locations.begin() ? std::string_view() : std::prev(after)->second;
}

void TextStream::set_columns(ColumnHeaders headers) {
  finish();
  m_headers = std::move(headers);
  m_has_headers = !m_headers.names.empty();
}

void TextStream::emit(std::size_t accept_end) {
  if (m_headers_from_first_line) {
    m_headers = parse_header_line(m_text);
    m_has_headers = true;
    m_headers_from_first_line = false;
  }
  Chunk chunk;
  chunk.text = m_text;
  chunk.accept_begin = m_accept_begin;
  chunk.accept_end = accept_end;
  chunk.base_offset = m_base_offset;
  chunk.columns = m_has_headers ? &m_headers : nullptr;
  m_on_chunk(chunk);
  // Keep `overlap_bytes` before the next accept range as left context.
  const std::size_t keep_from =
      accept_end > m_options.overlap_bytes ? accept_end - m_options.overlap_bytes : 0;
  m_text.erase(0, keep_from);
  m_base_offset += keep_from;
  m_accept_begin = accept_end - keep_from;
}

}  // namespace piiscan
