// Spreadsheet rows → tab-separated text with the first row as column context (xlsx and ods).
//
// A SheetWriter receives the cells of one sheet row by row, places each in its column (empty
// cells become empty fields), and passes the rows to the sink as text under "sheet <name>". The
// first row with content goes to `sink.columns` first, so a header such as "Steuer-IdNr" is
// context for the cells below it; `finish` clears the columns again.
//
// Columns and repeats come from the file and are untrusted: a cell at column XFD makes 16,383
// empty fields, a row repeated a million times is a few bytes of XML. The empty fields and the
// repeated rows are bytes this writer invents, so they are counted with `sink.consume`, and
// columns are capped at 16,384 (the column limit of Excel and LibreOffice).
//
// Thread-safety: belongs to one worker.
#pragma once

#include <piiscan/document.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace piiscan {

class SheetWriter {
 public:
  static constexpr std::size_t k_max_columns = 16384;

  SheetWriter(DocumentSink& sink, std::string_view sheet_name);
  SheetWriter(const SheetWriter&) = delete;
  SheetWriter& operator=(const SheetWriter&) = delete;
  ~SheetWriter();  // finishes

  // Puts `value` into `column` (0-based) of the current row. A column left of or at the last
  // one placed, or beyond the cap, goes right after the last one instead, so no value is lost.
  // Empty values are ignored.
  void cell(std::size_t column, std::string_view value);

  // Ends the current row; a row with content is written `repeat` times (at most 1,000).
  // Returns false when the sink's budget is spent; the caller stops.
  bool end_row(std::uint64_t repeat = 1);

  // Flushes the text and clears the column headers.
  void finish();

 private:
  bool write_row(std::uint64_t repeat);
  void flush();

  DocumentSink& m_sink;
  std::string m_location;
  std::vector<std::string> m_row;
  std::string m_text;
  bool m_headers_sent = false;
  bool m_finished = false;
  bool m_stopped = false;
};

// The 0-based column of a cell reference such as "C5" (2), or -1 when it has no valid column.
long column_of_reference(std::string_view reference);

}  // namespace piiscan
