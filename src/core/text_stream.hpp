// TextStream: accumulates decoded UTF-8 text and hands it out in overlapping windows (see
// include/piiscan/chunk.hpp for the overlap contract), remembering which location label and
// which column headers apply to which part of the text.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <piiscan/chunk.hpp>
#include <piiscan/extractor.hpp>

namespace piiscan {

class TextStream {
 public:
  TextStream(const ExtractOptions& options, std::function<void(const Chunk&)> on_chunk)
      : m_options(options), m_on_chunk(std::move(on_chunk)) {}

  // The buffer decoders append to; call drain() after appending.
  std::string& buffer() { return m_text; }

  void append(std::string_view utf8) {
    m_text.append(utf8);
    drain();
  }

  // Emits every full window the buffer holds.
  void drain();

  // Emits the rest. The stream can be used again afterwards (offsets continue).
  void finish();

  // Labels the text appended from now on.
  void set_location(std::string_view location);

  // The location label in force at absolute offset `offset` (empty when none).
  std::string_view location_at(std::uint64_t offset) const;

  // Column headers for the text appended from now on; empty `names` ends a table. Takes
  // effect for whole windows: the stream finishes the current window first.
  void set_columns(ColumnHeaders headers);

  // Headers taken from the first line of the text (delimited files); call before appending.
  void take_headers_from_first_line() { m_headers_from_first_line = true; }

  std::uint64_t total_bytes() const noexcept { return m_base_offset + m_text.size(); }

 private:
  void emit(std::size_t accept_end);

  const ExtractOptions& m_options;
  std::function<void(const Chunk&)> m_on_chunk;
  std::string m_text;
  std::size_t m_accept_begin = 0;
  std::uint64_t m_base_offset = 0;
  ColumnHeaders m_headers;
  bool m_has_headers = false;
  bool m_headers_from_first_line = false;
  std::vector<std::pair<std::uint64_t, std::string>> m_locations;  // (start offset, label)
};

// Column headers from the first line of `text`: the delimiter is whichever of `;`, tab and `,`
// occurs most often in it.
ColumnHeaders parse_header_line(std::string_view text);

}  // namespace piiscan
