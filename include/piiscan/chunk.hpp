// A chunk: one window of extracted text handed to the detector engine.
//
// Files are scanned in overlapping windows so that memory does not grow with file size. A
// window's `text` starts with some already-scanned bytes (left context) and ends with bytes that
// the next window scans again (right overlap); the engine reports only matches that *start* in
// [`accept_begin`, `accept_end`), so a value on a window boundary is found exactly once.
//
// Lifetime: `text` and `columns` are views valid only during the engine call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace piiscan {

// Column headers of a delimited file (CSV/TSV) or a spreadsheet, as written. A cell's header is
// context for every value in that cell.
struct ColumnHeaders {
  char delimiter = ',';
  std::vector<std::string> names;  // one per column, in order
};

struct Chunk {
  std::string_view text;
  std::size_t accept_begin = 0;
  std::size_t accept_end = 0;
  std::uint64_t base_offset = 0;  // offset of text[0] in the whole extracted text
  const ColumnHeaders* columns = nullptr;  // null unless the file is delimited
};

}  // namespace piiscan
